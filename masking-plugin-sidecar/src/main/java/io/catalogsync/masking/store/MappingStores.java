package io.catalogsync.masking.store;

import java.time.Clock;

/** Creates the store the options ask for: standalone Redis, Redis Cluster, or in-memory. */
public final class MappingStores {

    private MappingStores() {
    }

    /** Connections are opened lazily on first use, so a store can be created while Redis is still down. */
    public static MappingStore create(RedisStoreOptions options) {
        return switch (options.mode()) {
            case STANDALONE -> new StandaloneRedisStore(options);
            case CLUSTER -> new ClusterRedisStore(options);
            case MEMORY -> inMemory();
        };
    }

    /** In-memory store, for the demo and pure unit tests. */
    public static MappingStore inMemory() {
        return new InMemoryMappingStore(Clock.systemUTC());
    }

    /** In-memory store on a given clock (TTL tests). */
    public static MappingStore inMemory(Clock clock) {
        return new InMemoryMappingStore(clock);
    }
}
