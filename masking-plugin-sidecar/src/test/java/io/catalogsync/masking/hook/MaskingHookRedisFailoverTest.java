package io.catalogsync.masking.hook;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.masking.http.Sidecar;
import io.catalogsync.masking.http.SidecarConfig;
import io.catalogsync.masking.store.MappingStores;
import io.catalogsync.masking.store.RedisStoreOptions;
import io.catalogsync.masking.testsupport.NginxProcess;
import io.catalogsync.masking.testsupport.RedisExtension;
import io.catalogsync.masking.testsupport.RedisServerProcess;
import io.catalogsync.masking.token.TokenMinter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * End to end through nginx: Redis dies mid-run, every request from then on is 503 and nothing more reaches the
 * upstream; Redis comes back on the same port and requests pass again, with neither sidecar nor nginx restarted.
 */
class MaskingHookRedisFailoverTest {

    static final String INSTANCE = "i-0abcdef1234567890";
    static final String IP = "10.0.12.34";

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void redisStopsAndComesBack() throws Exception {
        Path nginxBinary = NginxProcess.binaryOrSkip();
        Path redisBinary = RedisExtension.redisServerOrSkip();
        Vertx vertx = Vertx.vertx();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (RedisServerProcess redis = RedisServerProcess.start(redisBinary)) {
            Sidecar sidecar = await(Sidecar.start(vertx, SidecarConfig.defaults().withPort(0), MappingStores.create(
                    RedisStoreOptions.fromUrl(redis.url()).commandTimeout(Duration.ofMillis(800))
                            .reconnectMaxDelay(Duration.ofMillis(300)).build()),
                    new TokenMinter("hook-failover-key-0123456789".getBytes(StandardCharsets.UTF_8)),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
            FakeAnthropicUpstream upstream = new FakeAnthropicUpstream(vertx);
            int upstreamPort = await(upstream.start());
            try (HookNginx nginx = new HookNginx()
                    .plugin("main", "sidecar_url = \"http://127.0.0.1:" + sidecar.port() + "\"", "sandbox")
                    .location("main", "main", upstreamPort, "")
                    .start(nginxBinary)) {
                HttpRequest request = HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + nginx.port() + "/main/v1/messages"))
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
                                + "\"content\":\"check " + INSTANCE + " at " + IP + "\"}]}"))
                        .build();
                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> ok = client.send(request, HttpResponse.BodyHandlers.ofString());
                    assertThat(ok.statusCode()).isEqualTo(200);
                    assertThat(ok.body()).contains(INSTANCE, IP);
                }
                assertThat(upstream.received).hasSize(3);

                redis.stop();
                for (int i = 0; i < 10; i++) {
                    HttpResponse<String> refused = client.send(request, HttpResponse.BodyHandlers.ofString());
                    assertThat(refused.statusCode()).isEqualTo(503);
                    assertThat(refused.body()).doesNotContain(INSTANCE, IP);
                }
                assertThat(upstream.received).as("nothing reached the upstream while Redis was down").hasSize(3);

                redis.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                int status = 0;
                while (status != 200 && System.nanoTime() < deadline) {
                    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                    status = r.statusCode();
                    if (status != 200) {
                        assertThat(status).isEqualTo(503);
                        Thread.sleep(100);
                    }
                }
                assertThat(status).isEqualTo(200);
                assertThat(upstream.received).hasSize(4);
                for (FakeAnthropicUpstream.Received r : upstream.received) {
                    assertThat(r.body()).doesNotContain(List.of(INSTANCE, IP));
                }
            } finally {
                await(sidecar.close());
                await(upstream.close());
            }
        } finally {
            await(vertx.close());
        }
    }
}
