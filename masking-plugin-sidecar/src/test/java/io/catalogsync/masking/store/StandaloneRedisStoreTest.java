package io.catalogsync.masking.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.masking.testsupport.LatencyProxy;
import io.catalogsync.masking.testsupport.RedisExtension;
import io.catalogsync.masking.testsupport.RedisTarget;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class StandaloneRedisStoreTest {

    private static final Duration WEEK = Duration.ofSeconds(604800);

    private RedisTarget redis;
    private RedisClient inspectClient;
    private StatefulRedisConnection<String, String> inspectConnection;
    private RedisCommands<String, String> inspect;
    private String prefix;

    @BeforeEach
    void setUp(RedisTarget redis) {
        this.redis = redis;
        inspectClient = RedisClient.create(redis.url());
        inspectConnection = inspectClient.connect();
        inspect = inspectConnection.sync();
        prefix = "test:" + UUID.randomUUID() + ":";
    }

    @AfterEach
    void tearDown() {
        inspectConnection.close();
        inspectClient.shutdown();
    }

    private MappingStore store(String url) {
        return MappingStores.create(RedisStoreOptions.fromUrl(url).keyPrefix(prefix).build());
    }

    @Test
    void putThenGetWithTtlAndPrefix() throws Exception {
        try (MappingStore store = store(redis.url())) {
            Map<String, String> mappings = Map.of("[[AWS:EC2_INSTANCE:0000000000000001]]", "i-0123456789abcdef0",
                    "[[AWS:IPV4:0000000000000002]]", "10.1.2.3");
            assertThat(get(store.putAll(mappings, WEEK)).collisions()).isEmpty();
            assertThat(get(store.getAll(List.of("[[AWS:EC2_INSTANCE:0000000000000001]]",
                    "[[AWS:IPV4:0000000000000002]]", "[[AWS:IPV4:00000000000000ff]]"))))
                    .containsExactlyInAnyOrderEntriesOf(mappings);
            assertThat(inspect.get(prefix + "[[AWS:IPV4:0000000000000002]]")).isEqualTo("10.1.2.3");
            assertThat(inspect.ttl(prefix + "[[AWS:IPV4:0000000000000002]]")).isBetween(604790L, 604800L);
        }
    }

    @Test
    void collisionIsReportedAndTheStoredMappingKept() throws Exception {
        inspect.set(prefix + "tok-a", "someone-else");
        try (MappingStore store = store(redis.url())) {
            PutOutcome outcome = get(store.putAll(Map.of("tok-a", "mine", "tok-b", "mine-too"), WEEK));
            assertThat(outcome.collisions()).containsExactly("tok-a");
            assertThat(inspect.get(prefix + "tok-a")).isEqualTo("someone-else");
            assertThat(inspect.get(prefix + "tok-b")).isEqualTo("mine-too");
        }
    }

    @Test
    void sameValueRefreshesTheTtlInTheSameRoundTrip() throws Exception {
        inspect.setex(prefix + "tok", 5, "same");
        try (MappingStore store = store(redis.url())) {
            long before = store.roundTrips();
            assertThat(get(store.putAll(Map.of("tok", "same"), WEEK)).collisions()).isEmpty();
            assertThat(store.roundTrips() - before).isEqualTo(1);
            assertThat(inspect.ttl(prefix + "tok")).isGreaterThan(604000L);
        }
    }

    @Test
    void oneReadOnTheServerPerBatch() throws Exception {
        try (MappingStore store = store(redis.url())) {
            get(store.ping()); // connect first: the handshake has its own reads
            // 40 tokens keep the batch under Redis' 16 KiB read buffer, so one flush is one read event.
            Map<String, String> batch = tokens(40);
            long reads = readsProcessed();
            get(store.putAll(batch, WEEK));
            long afterPut = readsProcessed();
            get(store.getAll(batch.keySet()));
            long afterGet = readsProcessed();
            // each INFO call is one read itself
            assertThat(afterPut - reads).as("server read events for 80 pipelined commands").isEqualTo(2);
            assertThat(afterGet - afterPut).as("server read events for 40 pipelined GETs").isEqualTo(2);
        }
    }

    @Test
    void manyTokensCostOneRoundTripThroughAHighLatencyLink() throws Exception {
        int port = Integer.parseInt(redis.url().replaceAll(".*:(\\d+).*", "$1"));
        org.junit.jupiter.api.Assumptions.assumeTrue(redis.url().startsWith("redis://127.0.0.1"),
                "latency proxy needs a loopback redis");
        long oneWay = 100;
        try (LatencyProxy proxy = new LatencyProxy(port, oneWay);
             MappingStore store = store("redis://127.0.0.1:" + proxy.port())) {
            get(store.ping());
            get(store.putAll(tokens(300), WEEK)); // warm-up: the first batch pays for class loading and JIT
            Map<String, String> batch = tokens(300);
            long start = System.nanoTime();
            assertThat(get(store.putAll(batch, WEEK)).collisions()).isEmpty();
            long putMillis = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            assertThat(get(store.getAll(batch.keySet()))).hasSize(300);
            long getMillis = (System.nanoTime() - start) / 1_000_000;
            // 600 commands one after the other would take 600 x 200 ms; pipelined they take one 200 ms round trip
            // (two round trips would need at least 400 ms).
            assertThat(putMillis).as("putAll of 300 tokens, ms").isBetween(2 * oneWay, 4 * oneWay - 1);
            assertThat(getMillis).as("getAll of 300 tokens, ms").isBetween(2 * oneWay, 4 * oneWay - 1);
            assertThat(store.roundTrips()).isEqualTo(4);
        }
    }

    @Test
    void concurrentCallersShareOneConnection() throws Exception {
        try (MappingStore store = store(redis.url())) {
            List<CompletionStage<PutOutcome>> puts = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                puts.add(store.putAll(Map.of("c" + i, "v" + i, "shared", "same"), WEEK));
            }
            for (CompletionStage<PutOutcome> p : puts) {
                assertThat(get(p).collisions()).isEmpty();
            }
            assertThat(get(store.getAll(List.of("c0", "c49", "shared")))).containsEntry("c49", "v49")
                    .containsEntry("shared", "same");
            assertThat(inspect.clientList().lines().filter(l -> l.contains("name=kcs-masking-sidecar")).count())
                    .isEqualTo(1);
        }
    }

    private long readsProcessed() {
        String info = inspect.info("stats");
        return info.lines().filter(l -> l.startsWith("total_reads_processed:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElseThrow();
    }

    static Map<String, String> tokens(int n) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(String.format("[[AWS:EC2_INSTANCE:%016x]]", i), String.format("i-%017x", i));
        }
        return m;
    }

    static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
