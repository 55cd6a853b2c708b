package io.catalogsync.masking.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a store with meters — {@code kcs.masking.redis.round.trips} (counter),
 * {@code kcs.masking.redis.errors{op,kind}} (counter), {@code kcs.masking.redis.latency{op}} (timer) — and logs
 * when the store goes down and when it comes back (once per transition, never per request).
 */
public final class MeteredMappingStore implements MappingStore {

    private static final Logger LOG = LoggerFactory.getLogger(MeteredMappingStore.class);

    private final MappingStore delegate;
    private final MeterRegistry registry;
    private final Map<Op, Timer> latency = new EnumMap<>(Op.class);
    private volatile boolean down;

    private enum Op { PUT, GET, PING }

    public MeteredMappingStore(MappingStore delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
        FunctionCounter.builder("kcs.masking.redis.round.trips", delegate, MappingStore::roundTrips)
                .description("Round trips to the mapping store (one per mask/unmask/readiness call reaching it)")
                .register(registry);
        for (Op op : Op.values()) {
            latency.put(op, Timer.builder("kcs.masking.redis.latency")
                    .description("Duration of one pipelined store call")
                    .tag("op", op.name().toLowerCase(java.util.Locale.ROOT))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(5))
                    .register(registry));
            for (StoreUnavailableException.Kind kind : StoreUnavailableException.Kind.values()) {
                errors(op, kind); // registered up front so alerts see 0, not "no data"
            }
        }
    }

    private Counter errors(Op op, StoreUnavailableException.Kind kind) {
        return Counter.builder("kcs.masking.redis.errors")
                .description("Failed store calls, by operation and cause")
                .tag("op", op.name().toLowerCase(java.util.Locale.ROOT))
                .tag("kind", kind.tag())
                .register(registry);
    }

    @Override
    public CompletionStage<PutOutcome> putAll(Map<String, String> tokenToOriginal, Duration ttl) {
        return observe(Op.PUT, () -> delegate.putAll(tokenToOriginal, ttl));
    }

    @Override
    public CompletionStage<Map<String, String>> getAll(Collection<String> tokens) {
        return observe(Op.GET, () -> delegate.getAll(tokens));
    }

    @Override
    public CompletionStage<Void> ping() {
        return observe(Op.PING, delegate::ping);
    }

    private <T> CompletionStage<T> observe(Op op, Supplier<CompletionStage<T>> call) {
        long start = System.nanoTime();
        return call.get().whenComplete((value, failure) -> {
            latency.get(op).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            if (failure != null) {
                StoreUnavailableException e = StoreUnavailableException.from(failure);
                errors(op, e.kind()).increment();
                if (!down && e.kind() != StoreUnavailableException.Kind.COLLISIONS) {
                    down = true;
                    LOG.warn("mapping store unavailable, requests fail secure (503) until it answers: {}",
                            e.getMessage());
                }
            } else if (down) {
                down = false;
                LOG.info("mapping store answers again: {}", delegate.describe());
            }
        });
    }

    @Override
    public long roundTrips() {
        return delegate.roundTrips();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public CompletionStage<Void> closeAsync() {
        return delegate.closeAsync();
    }
}
