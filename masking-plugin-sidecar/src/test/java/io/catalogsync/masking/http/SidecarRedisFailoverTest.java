package io.catalogsync.masking.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.masking.store.MappingStores;
import io.catalogsync.masking.store.RedisStoreOptions;
import io.catalogsync.masking.testsupport.RedisExtension;
import io.catalogsync.masking.testsupport.RedisServerProcess;
import io.catalogsync.masking.token.TokenMinter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis dies in the middle of a run: from then on every request is 503 and no answer carries an original or a
 * partly masked body; Redis comes back on the same port and the same sidecar (no restart) serves again.
 */
class SidecarRedisFailoverTest {

    static final String INSTANCE = "i-0abcdef1234567890";
    static final String IP = "10.0.12.34";

    private RedisServerProcess redis;
    private Vertx vertx;
    private WebClient client;
    private Sidecar sidecar;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServerProcess.start(RedisExtension.redisServerOrSkip());
        vertx = Vertx.vertx();
        client = WebClient.create(vertx);
        sidecar = await(Sidecar.start(vertx, SidecarConfig.defaults().withPort(0), MappingStores.create(
                RedisStoreOptions.fromUrl(redis.url())
                        .commandTimeout(Duration.ofMillis(800))
                        .connectTimeout(Duration.ofMillis(500))
                        .reconnectMaxDelay(Duration.ofMillis(300))
                        .build()),
                new TokenMinter("failover-test-key-0123456789".getBytes(StandardCharsets.UTF_8)),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
    }

    @AfterEach
    void stop() throws Exception {
        await(sidecar.close());
        await(vertx.close());
        redis.close();
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private HttpResponse<Buffer> mask(int i) throws Exception {
        String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"request " + i + " on " + INSTANCE
                + " at " + IP + "\"}]}";
        return await(client.post(sidecar.port(), "127.0.0.1", "/v1/mask").putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body)));
    }

    @Test
    void redisDownMeans503ForEveryRequestAndServiceResumesWhenItReturns() throws Exception {
        for (int i = 0; i < 5; i++) {
            HttpResponse<Buffer> ok = mask(i);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.bodyAsJsonObject().getJsonObject("body").encode()).doesNotContain(INSTANCE, IP);
        }

        redis.stop();
        List<HttpResponse<Buffer>> during = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            during.add(mask(100 + i));
        }
        long perRequestMillis = (System.nanoTime() - start) / 1_000_000 / 20;
        for (HttpResponse<Buffer> r : during) {
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.bodyAsString()).doesNotContain(INSTANCE, IP, "[[AWS:", "\"body\"");
            assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("store_unavailable");
        }
        assertThat(perRequestMillis).as("fail fast, not after a long timeout").isLessThan(1000);
        assertThat(await(client.get(sidecar.port(), "127.0.0.1", "/readyz").send()).statusCode()).isEqualTo(503);

        redis.start(); // same port, empty (no persistence): tokens are deterministic, so nothing is lost
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int status = 0;
        HttpResponse<Buffer> after = null;
        while (System.nanoTime() < deadline && status != 200) {
            after = mask(999);
            status = after.statusCode();
            if (status != 200) {
                assertThat(status).isEqualTo(503);
                assertThat(after.bodyAsString()).doesNotContain(INSTANCE, IP);
                Thread.sleep(100);
            }
        }
        assertThat(status).as("sidecar serves again without a restart").isEqualTo(200);
        assertThat(after.bodyAsJsonObject().getJsonObject("tokens").size()).isEqualTo(2);
        assertThat(await(client.get(sidecar.port(), "127.0.0.1", "/readyz").send()).statusCode()).isEqualTo(200);
        String metrics = await(client.get(sidecar.port(), "127.0.0.1", "/metrics").send()).bodyAsString();
        assertThat(metrics).containsPattern("kcs_masking_fail_secure_rejections_total\\{endpoint=\"mask\",reason=\"store\"} (2\\d|[3-9]\\d)\\.0");
    }

    @Test
    void aHungRedisTimesOutInto503() throws Exception {
        assertThat(mask(1).statusCode()).isEqualTo(200);
        redis.pause();
        try {
            long start = System.nanoTime();
            HttpResponse<Buffer> r = mask(2);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.bodyAsJsonObject().getString("message")).contains("timeout");
            assertThat(millis).isBetween(700L, 5000L);
        } finally {
            redis.resume();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int status = 0;
        while (System.nanoTime() < deadline && status != 200) {
            status = mask(3).statusCode();
        }
        assertThat(status).isEqualTo(200);
    }
}
