package io.catalogsync.masking.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Mapping store on a Redis Cluster ({@code redis-cluster://} or {@code rediss-cluster://}), e.g. ElastiCache with
 * cluster mode enabled. Lettuce routes each key to the node owning its slot; with auto-flush off one flush writes
 * the batch to every node involved at once, so a call is one round trip per node, all in parallel.
 */
final class ClusterRedisStore extends PipelinedRedisStore {

    private static final Duration TOPOLOGY_REFRESH_PERIOD = Duration.ofSeconds(30);

    private final RedisStoreOptions options;
    private final ClientResources resources;
    private final RedisClusterClient client;

    ClusterRedisStore(RedisStoreOptions options) {
        super(options.keyPrefix());
        if (options.mode() != RedisStoreOptions.Mode.CLUSTER) {
            throw new IllegalArgumentException("cluster store needs a cluster URL, got " + options.mode());
        }
        this.options = options;
        this.resources = LettuceSettings.resources(options);
        List<RedisURI> seeds = options.endpoints().stream().map(e -> LettuceSettings.uri(options, e)).toList();
        this.client = RedisClusterClient.create(resources, seeds);
        ClusterClientOptions.Builder b = ClusterClientOptions.builder()
                .autoReconnect(true)
                // Node connections open lazily on first use, so rejecting commands while "disconnected" would
                // fail every first command to a node; commands wait for the node instead, bounded by the command
                // timeout, so a dead cluster still fails secure (503) within that timeout.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .socketOptions(LettuceSettings.socketOptions(options))
                .timeoutOptions(LettuceSettings.timeoutOptions(options))
                // Slots move on failover and resharding; follow MOVED/ASK and refresh the topology.
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(TOPOLOGY_REFRESH_PERIOD)
                        .enableAllAdaptiveRefreshTriggers()
                        .build());
        if (options.tls()) {
            b.sslOptions(LettuceSettings.sslOptions(options));
        }
        client.setOptions(b.build());
    }

    @Override
    CompletionStage<Pipeline> connect() {
        // connectAsync needs the slot map first (RedisClusterClient does not load it on the async path).
        return client.refreshPartitionsAsync()
                .thenCompose(v -> client.connectAsync(StringCodec.UTF8))
                .thenApply(c -> new Pipeline(c, c.async()));
    }

    @Override
    CompletionStage<Void> shutdownClient() {
        return client.shutdownAsync(0, 2, TimeUnit.SECONDS)
                .thenCompose(v -> StandaloneRedisStore.toVoid(resources.shutdown(0, 2, TimeUnit.SECONDS)));
    }

    @Override
    public String describe() {
        return "redis cluster seeds " + options.endpoints() + (options.tls() ? " (TLS " + options.tlsVerify() + ")"
                : "") + ", key prefix " + options.keyPrefix();
    }
}
