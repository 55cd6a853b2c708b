package io.catalogsync.masking.store;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The Redis logic shared by the standalone and the cluster store: both talk to one long-lived connection with
 * auto-flush off, so every call queues its commands and then flushes them in one write — one pipelined round
 * trip whatever the number of tokens. Subclasses only know how to open the connection.
 *
 * <p>Put semantics per token: {@code SET prefix+token original NX GET EX ttl} (Redis >= 7.0 accepts NX with
 * GET) returns the value already stored, if any; a following {@code EXPIRE} in the same pipeline refreshes the
 * TTL when the stored value is ours. A different stored value is a collision: it is reported and kept.
 */
abstract class PipelinedRedisStore implements MappingStore {

    /** A connection and its async command view; both modes share the RedisClusterAsyncCommands API. */
    record Pipeline(StatefulConnection<String, String> connection, RedisClusterAsyncCommands<String, String> commands) {
    }

    private final String keyPrefix;
    private final AtomicReference<CompletableFuture<Pipeline>> pipeline = new AtomicReference<>();
    private final LongAdder roundTrips = new LongAdder();
    private final Object flushLock = new Object();
    private volatile boolean closed;

    PipelinedRedisStore(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    /** Opens a new connection; called lazily, and again after a failed attempt. */
    abstract CompletionStage<Pipeline> connect();

    /** Releases the client after the connection is closed. */
    abstract CompletionStage<Void> shutdownClient();

    @Override
    public final CompletionStage<PutOutcome> putAll(Map<String, String> tokenToOriginal, Duration ttl) {
        if (tokenToOriginal.isEmpty()) {
            return CompletableFuture.completedFuture(PutOutcome.none());
        }
        long seconds = Math.max(1, ttl.toSeconds());
        List<Map.Entry<String, String>> entries = new ArrayList<>(tokenToOriginal.entrySet());
        return run(commands -> {
            SetArgs args = SetArgs.Builder.nx().ex(seconds);
            List<RedisFuture<?>> all = new ArrayList<>(entries.size() * 2);
            List<RedisFuture<String>> previous = new ArrayList<>(entries.size());
            for (Map.Entry<String, String> e : entries) {
                String key = keyPrefix + e.getKey();
                RedisFuture<String> set = commands.setGet(key, e.getValue(), args);
                previous.add(set);
                all.add(set);
                all.add(commands.expire(key, seconds));
            }
            return new Batch<>(all, () -> {
                Set<String> collisions = new HashSet<>();
                for (int i = 0; i < entries.size(); i++) {
                    String stored = previous.get(i).toCompletableFuture().join();
                    if (stored != null && !stored.equals(entries.get(i).getValue())) {
                        collisions.add(entries.get(i).getKey());
                    }
                }
                return new PutOutcome(collisions);
            });
        });
    }

    @Override
    public final CompletionStage<Map<String, String>> getAll(Collection<String> tokens) {
        if (tokens.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(tokens));
        return run(commands -> {
            List<RedisFuture<String>> gets = new ArrayList<>(distinct.size());
            for (String token : distinct) {
                gets.add(commands.get(keyPrefix + token));
            }
            return new Batch<>(new ArrayList<>(gets), () -> {
                Map<String, String> found = new LinkedHashMap<>();
                for (int i = 0; i < distinct.size(); i++) {
                    String value = gets.get(i).toCompletableFuture().join();
                    if (value != null) {
                        found.put(distinct.get(i), value);
                    }
                }
                return found;
            });
        });
    }

    @Override
    public final CompletionStage<Void> ping() {
        return run(commands -> {
            RedisFuture<String> pong = commands.ping();
            return new Batch<Void>(List.of(pong), () -> null);
        });
    }

    @Override
    public final long roundTrips() {
        return roundTrips.sum();
    }

    /** Commands queued for one flush, and how to read the result once all of them completed. */
    private record Batch<T>(List<? extends CompletionStage<?>> futures, java.util.function.Supplier<T> result) {
    }

    private <T> CompletionStage<T> run(Function<RedisClusterAsyncCommands<String, String>, Batch<T>> queue) {
        if (closed) {
            return CompletableFuture.failedFuture(new StoreUnavailableException(
                    StoreUnavailableException.Kind.CONNECTION, "mapping store is closed", null));
        }
        return pipeline().thenCompose(p -> {
            Batch<T> batch;
            // Commands of one call must leave in one flush; the lock only covers buffering, never I/O waits.
            synchronized (flushLock) {
                try {
                    batch = queue.apply(p.commands());
                } finally {
                    p.connection().flushCommands();
                }
            }
            roundTrips.increment();
            CompletableFuture<?>[] all = batch.futures().stream()
                    .map(CompletionStage::toCompletableFuture)
                    .toArray(CompletableFuture[]::new);
            return CompletableFuture.allOf(all).thenApply(ignored -> batch.result().get());
        }).handle((value, failure) -> {
            if (failure != null) {
                throw StoreUnavailableException.from(failure);
            }
            return value;
        });
    }

    private CompletionStage<Pipeline> pipeline() {
        while (true) {
            CompletableFuture<Pipeline> current = pipeline.get();
            if (current != null && !current.isCompletedExceptionally()) {
                return current;
            }
            CompletableFuture<Pipeline> fresh = new CompletableFuture<>();
            if (pipeline.compareAndSet(current, fresh)) {
                try {
                    connect().whenComplete((p, failure) -> {
                        if (failure != null) {
                            fresh.completeExceptionally(failure);
                        } else {
                            p.connection().setAutoFlushCommands(false);
                            fresh.complete(p);
                        }
                    });
                } catch (RuntimeException e) {
                    fresh.completeExceptionally(e);
                }
                return fresh;
            }
        }
    }

    @Override
    public final CompletionStage<Void> closeAsync() {
        closed = true;
        CompletableFuture<Pipeline> current = pipeline.getAndSet(null);
        CompletionStage<Void> closeConnection = current == null
                ? CompletableFuture.completedFuture(null)
                : current.handle((p, failure) -> p).thenCompose(p -> p == null
                        ? CompletableFuture.completedFuture(null)
                        : p.connection().closeAsync());
        return closeConnection.handle((v, e) -> null).thenCompose(v -> shutdownClient());
    }
}
