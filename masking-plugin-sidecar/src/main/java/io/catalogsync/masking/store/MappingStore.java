package io.catalogsync.masking.store;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Where token -> original mappings live. Every call is one pipelined round trip to the backing store,
 * whatever the number of entries; a failure completes the stage with {@link StoreUnavailableException}.
 *
 * <p>Implementations are thread-safe and never block the calling thread.
 */
public interface MappingStore extends AutoCloseable {

    /**
     * Stores each mapping unless its token is already taken. For every token the store either creates the
     * mapping (with {@code ttl}) or finds one: when the stored original equals ours its TTL is refreshed, when
     * it differs the token is reported in {@link PutOutcome#collisions()} and the stored mapping is kept, so the
     * caller can mint the next attempt for that original.
     */
    CompletionStage<PutOutcome> putAll(Map<String, String> tokenToOriginal, Duration ttl);

    /** The originals of the tokens that are stored; unknown tokens are absent from the result. */
    CompletionStage<Map<String, String>> getAll(Collection<String> tokens);

    /** Completes when the store answers a PING (readiness). */
    CompletionStage<Void> ping();

    /** Round trips made to the store so far (one per putAll/getAll/ping call that reached the network). */
    long roundTrips();

    /** Human-readable description without secrets, for logs. */
    String describe();

    /** Closes connections and client resources. */
    CompletionStage<Void> closeAsync();

    @Override
    default void close() {
        closeAsync().toCompletableFuture().join();
    }
}
