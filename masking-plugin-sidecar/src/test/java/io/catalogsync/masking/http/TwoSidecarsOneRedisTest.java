package io.catalogsync.masking.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.masking.store.MappingStores;
import io.catalogsync.masking.store.RedisStoreOptions;
import io.catalogsync.masking.testsupport.RedisExtension;
import io.catalogsync.masking.testsupport.RedisTarget;
import io.catalogsync.masking.token.TokenMinter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two replicas (separate Vert.x instances, stores and connections, one key) on one Redis agree on every token. */
@ExtendWith(RedisExtension.class)
class TwoSidecarsOneRedisTest {

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void concurrentRequestsWithTheSameIdentifiersGetIdenticalTokens(RedisTarget redis) throws Exception {
        byte[] key = "replica-shared-hmac-key-012345".getBytes(StandardCharsets.UTF_8);
        String prefix = "replicas:" + UUID.randomUUID() + ":";
        Vertx vertxA = Vertx.vertx();
        Vertx vertxB = Vertx.vertx();
        Sidecar a = await(Sidecar.start(vertxA, SidecarConfig.defaults().withPort(0),
                MappingStores.create(RedisStoreOptions.fromUrl(redis.url()).keyPrefix(prefix).build()),
                new TokenMinter(key), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        Sidecar b = await(Sidecar.start(vertxB, SidecarConfig.defaults().withPort(0),
                MappingStores.create(RedisStoreOptions.fromUrl(redis.url()).keyPrefix(prefix).build()),
                new TokenMinter(key), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        Vertx clientVertx = Vertx.vertx();
        WebClient client = WebClient.create(clientVertx);
        try {
            String text = "hosts i-0abcdef1234567890 i-0123456789abcdef0 10.1.2.3 in vpc-0123456789abcdef0 "
                    + "key AKIAIOSFODNN7EXAMPLE arn:aws:iam::123456789012:role/Admin";
            List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                Sidecar target = i % 2 == 0 ? a : b;
                calls.add(client.post(target.port(), "127.0.0.1", "/v1/mask").putHeader("Content-Type", "text/plain")
                        .sendBuffer(Buffer.buffer(text)));
            }
            await(Future.all(calls));
            Set<String> bodies = new HashSet<>();
            Set<JsonObject> maps = new HashSet<>();
            for (Future<HttpResponse<Buffer>> call : calls) {
                HttpResponse<Buffer> r = call.result();
                assertThat(r.statusCode()).isEqualTo(200);
                bodies.add(r.bodyAsJsonObject().getString("body"));
                maps.add(r.bodyAsJsonObject().getJsonObject("tokens"));
            }
            assertThat(bodies).hasSize(1);
            assertThat(maps).hasSize(1);
            assertThat(maps.iterator().next().size()).isEqualTo(6);

            // a token minted by one replica is restored by the other
            String masked = bodies.iterator().next();
            HttpResponse<Buffer> back = await(client.post(b.port(), "127.0.0.1", "/v1/unmask")
                    .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer(masked)));
            assertThat(back.bodyAsJsonObject().getString("body")).isEqualTo(text);
        } finally {
            await(a.close());
            await(b.close());
            await(vertxA.close());
            await(vertxB.close());
            await(clientVertx.close());
        }
    }
}
