package io.catalogsync.masking.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.masking.testsupport.ExternalTools;
import io.catalogsync.masking.testsupport.RedisClusterProcesses;
import io.catalogsync.masking.testsupport.RedisExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The cluster store against three real redis-server nodes in cluster mode, formed by the test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterRedisStoreTest {

    private static RedisClusterProcesses cluster;

    @BeforeAll
    static void startCluster() {
        Path server = RedisExtension.redisServerOrSkip();
        Path cli = ExternalTools.find("redis-cli", "/usr/bin/redis-cli").orElse(null);
        Assumptions.assumeTrue(cli != null, "redis-cli is needed to form the cluster (apt-get install redis-tools)");
        cluster = RedisClusterProcesses.start(server, cli);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void mappingsSpreadOverTheNodesInOneFlushPerCall() throws Exception {
        try (MappingStore store = MappingStores.create(RedisStoreOptions.fromUrl(cluster.url()).build())) {
            Map<String, String> batch = StandaloneRedisStoreTest.tokens(200);
            assertThat(StandaloneRedisStoreTest.get(store.putAll(batch, Duration.ofDays(7))).collisions()).isEmpty();
            assertThat(StandaloneRedisStoreTest.get(store.getAll(batch.keySet()))).isEqualTo(batch);
            assertThat(store.roundTrips()).isEqualTo(2);

            int nodesHoldingKeys = 0;
            long total = 0;
            for (int i = 0; i < 3; i++) {
                long keys = Long.parseLong(cluster.cli(i, "dbsize").trim());
                total += keys;
                if (keys > 0) {
                    nodesHoldingKeys++;
                }
            }
            assertThat(total).isEqualTo(200);
            assertThat(nodesHoldingKeys).isEqualTo(3);

            // a collision on whichever node owns the slot is reported like in standalone mode
            String token = batch.keySet().iterator().next();
            assertThat(cluster.cli(0, "-c", "set", RedisStoreOptions.DEFAULT_KEY_PREFIX + "collide", "theirs").trim())
                    .isEqualTo("OK");
            PutOutcome outcome = StandaloneRedisStoreTest.get(store.putAll(
                    Map.of("collide", "ours", token, batch.get(token)), Duration.ofDays(7)));
            assertThat(outcome.collisions()).containsExactly("collide");
            assertThat(StandaloneRedisStoreTest.get(store.ping())).isNull();
        }
    }

    @Test
    @Order(2)
    void redisClusterFlagFormAndDiscoveryFromOneSeed() throws Exception {
        String oneSeed = "redis://127.0.0.1:" + cluster.nodes().get(2).port();
        RedisStoreOptions options = RedisStoreOptions.fromUrl(oneSeed).mode(RedisStoreOptions.Mode.CLUSTER).build();
        try (MappingStore store = MappingStores.create(options)) {
            Map<String, String> batch = StandaloneRedisStoreTest.tokens(30);
            StandaloneRedisStoreTest.get(store.putAll(batch, Duration.ofMinutes(5)));
            assertThat(StandaloneRedisStoreTest.get(store.getAll(batch.keySet()))).isEqualTo(batch);
            assertThat(store.describe()).contains("cluster");
        }
    }

    @Test
    @Order(3)
    void aDeadNodeFailsTheWholeCallWithinTheCommandTimeout() throws Exception {
        RedisStoreOptions options = RedisStoreOptions.fromUrl(cluster.url()).commandTimeout(Duration.ofMillis(1000))
                .build();
        try (MappingStore store = MappingStores.create(options)) {
            Map<String, String> batch = StandaloneRedisStoreTest.tokens(60);
            StandaloneRedisStoreTest.get(store.putAll(batch, Duration.ofMinutes(5)));
            cluster.nodes().get(2).stop();
            long start = System.nanoTime();
            java.util.concurrent.ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class,
                    () -> StandaloneRedisStoreTest.get(store.getAll(batch.keySet())));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(failure.getCause()).isInstanceOf(StoreUnavailableException.class);
            assertThat(millis).isLessThan(5000);
        }
    }
}
