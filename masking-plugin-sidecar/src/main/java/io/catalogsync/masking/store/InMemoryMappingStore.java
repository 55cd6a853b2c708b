package io.catalogsync.masking.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Mappings in this JVM only: for the demo ({@code --redis-url memory:}) and pure unit tests. Same semantics as
 * the Redis stores (NX, collision report, TTL refresh), but nothing is shared between replicas or restarts.
 */
final class InMemoryMappingStore implements MappingStore {

    private record Entry(String original, Instant expires) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final LongAdder roundTrips = new LongAdder();
    private final Clock clock;

    InMemoryMappingStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public CompletionStage<PutOutcome> putAll(Map<String, String> tokenToOriginal, Duration ttl) {
        if (tokenToOriginal.isEmpty()) {
            return CompletableFuture.completedFuture(PutOutcome.none());
        }
        roundTrips.increment();
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        Set<String> collisions = new HashSet<>();
        tokenToOriginal.forEach((token, original) -> entries.compute(token, (k, existing) -> {
            if (existing == null || existing.expires().isBefore(now)) {
                return new Entry(original, expires);
            }
            if (existing.original().equals(original)) {
                return new Entry(original, expires);
            }
            collisions.add(token);
            return existing;
        }));
        return CompletableFuture.completedFuture(new PutOutcome(collisions));
    }

    @Override
    public CompletionStage<Map<String, String>> getAll(Collection<String> tokens) {
        if (tokens.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        roundTrips.increment();
        Instant now = clock.instant();
        Map<String, String> found = new LinkedHashMap<>();
        for (String token : tokens) {
            Entry e = entries.get(token);
            if (e != null && !e.expires().isBefore(now)) {
                found.put(token, e.original());
            }
        }
        return CompletableFuture.completedFuture(found);
    }

    @Override
    public CompletionStage<Void> ping() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public long roundTrips() {
        return roundTrips.sum();
    }

    @Override
    public String describe() {
        return "in-memory (demo only: not shared, lost on restart)";
    }

    @Override
    public CompletionStage<Void> closeAsync() {
        entries.clear();
        return CompletableFuture.completedFuture(null);
    }
}
