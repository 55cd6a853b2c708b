package io.catalogsync.masking.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalogsync.masking.detect.IdentifierType;
import io.catalogsync.masking.service.BodyCodec;
import io.catalogsync.masking.store.MappingStores;
import io.catalogsync.masking.store.RedisStoreOptions;
import io.catalogsync.masking.testsupport.FreePorts;
import io.catalogsync.masking.token.TokenMinter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SidecarHttpTest {

    static final byte[] KEY = "http-test-hmac-key-0123456789".getBytes(StandardCharsets.UTF_8);
    static final String SECRET = "shared-s3cret-value";
    static final String INSTANCE = "i-0abcdef1234567890";

    private Vertx vertx;
    private WebClient client;
    private Sidecar sidecar;
    private JvmMeters jvm;
    private final TokenMinter minter = new TokenMinter(KEY);

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        client = WebClient.create(vertx);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        jvm = new JvmMeters(registry);
        SidecarConfig config = SidecarConfig.defaults().withPort(0).withSharedSecret(SECRET).withMaxBodyBytes(4096);
        sidecar = await(Sidecar.start(vertx, config, MappingStores.inMemory(), minter, registry));
    }

    @AfterEach
    void stop() throws Exception {
        await(sidecar.close());
        jvm.close();
        await(vertx.close());
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private HttpResponse<Buffer> post(Sidecar target, String path, String contentType, String body,
            Map<String, String> headers) throws Exception {
        var req = client.request(HttpMethod.POST, target.port(), "127.0.0.1", path);
        if (contentType != null) {
            req.putHeader("Content-Type", contentType);
        }
        headers.forEach(req::putHeader);
        return await(req.sendBuffer(Buffer.buffer(body)));
    }

    private HttpResponse<Buffer> post(String path, String contentType, String body) throws Exception {
        return post(sidecar, path, contentType, body, Map.of(SidecarVerticle.SECRET_HEADER, SECRET));
    }

    private HttpResponse<Buffer> get(Sidecar target, String path) throws Exception {
        return await(client.get(target.port(), "127.0.0.1", path).send());
    }

    @Test
    void maskJsonKeepsModelAndParametersAndReturnsTheTokenMap() throws Exception {
        String body = "{\"model\":\"claude-opus-4-1\",\"max_tokens\":512,\"temperature\":0.25,\"top_k\":5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"restart " + INSTANCE + " now\"}]}";
        HttpResponse<Buffer> r = post("/v1/mask", "application/json", body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
        JsonNode json = BodyCodec.parse(r.body().getBytes());
        String token = minter.mint(IdentifierType.EC2_INSTANCE, INSTANCE);
        assertThat(json.at("/body/model").asText()).isEqualTo("claude-opus-4-1");
        assertThat(json.at("/body/max_tokens").asInt()).isEqualTo(512);
        assertThat(json.at("/body/temperature").decimalValue()).isEqualByComparingTo("0.25");
        assertThat(json.at("/body/top_k").asInt()).isEqualTo(5);
        assertThat(json.at("/body/messages/0/content").asText()).isEqualTo("restart " + token + " now");
        assertThat(json.get("tokens").size()).isEqualTo(1);
        assertThat(json.at("/tokens").get(token).asText()).isEqualTo(INSTANCE);
        assertThat(r.bodyAsString()).doesNotContain("restart " + INSTANCE);

        HttpResponse<Buffer> back = post("/v1/unmask", "application/json",
                BodyCodec.mapper().writeValueAsString(json.get("body")));
        assertThat(back.statusCode()).isEqualTo(200);
        JsonNode unmasked = BodyCodec.parse(back.body().getBytes());
        assertThat(unmasked.get("body")).isEqualTo(BodyCodec.parse(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(unmasked.at("/tokens").get(token).asText()).isEqualTo(INSTANCE);
        assertThat(unmasked.get("unknown_tokens").size()).isZero();
    }

    @Test
    void maskTextAndTheSplitFormatTheHookReads() throws Exception {
        HttpResponse<Buffer> r = post("/v1/mask", "text/plain; charset=utf-8", "ping 10.0.12.34 é");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode json = BodyCodec.parse(r.body().getBytes());
        assertThat(json.get("body").isTextual()).isTrue();
        assertThat(json.get("body").asText()).startsWith("ping [[AWS:IPV4_PRIVATE:").endsWith("]] é");

        String anthropic = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a " + INSTANCE
                + " b 10.0.12.34 \\\"quoted\\\" \\u00e9\"}]}";
        HttpResponse<Buffer> split = post(sidecar, "/v1/mask", "application/json", anthropic,
                Map.of(SidecarVerticle.SECRET_HEADER, SECRET, "Accept", SidecarVerticle.SPLIT_MEDIA_TYPE));
        assertThat(split.statusCode()).isEqualTo(200);
        assertThat(split.getHeader("Content-Type")).isEqualTo(SidecarVerticle.SPLIT_MEDIA_TYPE);
        int bodyLength = Integer.parseInt(split.getHeader(SidecarVerticle.BODY_LENGTH_HEADER));
        byte[] all = split.body().getBytes();
        String maskedBody = new String(all, 0, bodyLength, StandardCharsets.UTF_8);
        String form = new String(all, bodyLength, all.length - bodyLength, StandardCharsets.US_ASCII);
        assertThat(BodyCodec.parse(maskedBody.getBytes(StandardCharsets.UTF_8)).at("/messages/0/content").asText())
                .isEqualTo("a " + minter.mint(IdentifierType.EC2_INSTANCE, INSTANCE) + " b "
                        + minter.mint(IdentifierType.IPV4_PRIVATE, "10.0.12.34") + " \"quoted\" é");
        assertThat(form).doesNotContain("+", " ", "[", "]");
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            String[] kv = pair.split("=", 2);
            tokens.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1],
                    StandardCharsets.UTF_8));
        }
        assertThat(tokens).containsExactly(
                Map.entry(minter.mint(IdentifierType.EC2_INSTANCE, INSTANCE), INSTANCE),
                Map.entry(minter.mint(IdentifierType.IPV4_PRIVATE, "10.0.12.34"), "10.0.12.34"));
        assertThat(split.getHeader(SidecarVerticle.TOKEN_COUNT_HEADER)).isEqualTo("2");
    }

    @Test
    void rejectsWithTheRightStatusAndAReason() throws Exception {
        HttpResponse<Buffer> noSecret = post(sidecar, "/v1/mask", "text/plain", "x", Map.of());
        assertThat(noSecret.statusCode()).isEqualTo(401);
        assertThat(noSecret.bodyAsJsonObject().getString("error")).isEqualTo("unauthorized");
        assertThat(noSecret.bodyAsString()).doesNotContain(SECRET);
        assertThat(post(sidecar, "/v1/unmask", "text/plain", "x", Map.of(SidecarVerticle.SECRET_HEADER, "wrong"))
                .statusCode()).isEqualTo(401);
        assertThat(post(sidecar, "/v1/mask", "text/plain", "x", Map.of(SidecarVerticle.SECRET_HEADER, SECRET + "x"))
                .statusCode()).isEqualTo(401);

        HttpResponse<Buffer> tooLarge = post("/v1/mask", "text/plain", "a".repeat(4097));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.bodyAsJsonObject().getString("error")).isEqualTo("body_too_large");
        assertThat(post("/v1/mask", "text/plain", "a".repeat(4096)).statusCode()).isEqualTo(200);

        HttpResponse<Buffer> badJson = post("/v1/mask", "application/json", "{\"messages\": [");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(badJson.bodyAsJsonObject().getString("error")).isEqualTo("bad_json");
        assertThat(badJson.bodyAsJsonObject().getString("message")).startsWith("invalid JSON at line 1, column");
        // any JSON is masked (issue 10): a shape the Messages API would refuse is the API's business
        assertThat(post("/v1/mask", "application/json", "{\"messages\":[{\"content\":42}]}").statusCode())
                .isEqualTo(200);
        assertThat(post("/v1/mask", "text/plain", "\u00ff").statusCode()).isEqualTo(200);
        var invalidUtf8 = client.request(HttpMethod.POST, sidecar.port(), "127.0.0.1", "/v1/mask")
                .putHeader("Content-Type", "text/plain").putHeader(SidecarVerticle.SECRET_HEADER, SECRET);
        HttpResponse<Buffer> notUtf8 = await(invalidUtf8.sendBuffer(Buffer.buffer(new byte[] {(byte) 0xc3, 0x28})));
        assertThat(notUtf8.statusCode()).isEqualTo(400);

        HttpResponse<Buffer> xml = post("/v1/mask", "application/xml", "<a/>");
        assertThat(xml.statusCode()).isEqualTo(415);
        assertThat(xml.bodyAsJsonObject().getString("message")).contains("application/xml");
        assertThat(post("/v1/mask", null, "x").statusCode()).isEqualTo(415);
        assertThat(post("/v1/mask", "text/plain; charset=iso-8859-1", "x").statusCode()).isEqualTo(415);
        assertThat(post("/v1/mask", "application/vnd.api+json", "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void healthReadinessAndMetrics() throws Exception {
        assertThat(get(sidecar, "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(sidecar, "/readyz").bodyAsJsonObject().getString("status")).isEqualTo("ready");
        post("/v1/mask", "text/plain", "on " + INSTANCE);
        post("/v1/mask", "application/xml", "<a/>");
        HttpResponse<Buffer> metrics = get(sidecar, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.getHeader("Content-Type")).startsWith("text/plain");
        String text = metrics.bodyAsString();
        assertThat(text)
                .contains("kcs_masking_http_requests_seconds_count{endpoint=\"mask\",status=\"200\"} 1")
                .contains("kcs_masking_http_requests_seconds_count{endpoint=\"mask\",status=\"415\"} 1")
                .contains("kcs_masking_http_requests_seconds_bucket{endpoint=\"mask\",status=\"200\"")
                .contains("kcs_masking_identifiers_total{type=\"EC2_INSTANCE\"} 1.0")
                .contains("kcs_masking_redis_round_trips_total 1.0")
                .contains("kcs_masking_redis_errors_total{kind=\"connection\",op=\"put\"} 0.0")
                .contains("kcs_masking_redis_latency_seconds_count{op=\"put\"} 1")
                .contains("kcs_masking_fail_secure_rejections_total{endpoint=\"mask\",reason=\"store\"} 0.0")
                .contains("kcs_masking_token_collisions_total 0.0")
                .contains("jvm_memory_used_bytes")
                .contains("process_uptime_seconds")
                .doesNotContain(INSTANCE, SECRET);
    }

    @Test
    void storeDownMeans503AndNoBody() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Sidecar down = await(Sidecar.start(vertx, SidecarConfig.defaults().withPort(0), MappingStores.create(
                RedisStoreOptions.fromUrl("redis://127.0.0.1:" + FreePorts.free())
                        .connectTimeout(Duration.ofMillis(300)).build()), minter, registry));
        try {
            HttpResponse<Buffer> r = post(down, "/v1/mask", "application/json",
                    "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + INSTANCE + "\"}]}", Map.of());
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.getHeader("Retry-After")).isEqualTo("1");
            assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("store_unavailable");
            assertThat(r.bodyAsString()).doesNotContain(INSTANCE, "[[AWS:");
            assertThat(post(down, "/v1/unmask", "text/plain", minter.mint(IdentifierType.EC2_INSTANCE, INSTANCE),
                    Map.of()).statusCode()).isEqualTo(503);
            HttpResponse<Buffer> ready = get(down, "/readyz");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("not_ready");
            assertThat(get(down, "/healthz").statusCode()).isEqualTo(200);
            String metrics = get(down, "/metrics").bodyAsString();
            assertThat(metrics)
                    .contains("kcs_masking_fail_secure_rejections_total{endpoint=\"mask\",reason=\"store\"} 1.0")
                    .contains("kcs_masking_fail_secure_rejections_total{endpoint=\"unmask\",reason=\"store\"} 1.0")
                    .contains("kcs_masking_redis_errors_total{kind=\"connection\",op=\"put\"} 1.0")
                    .contains("kcs_masking_http_requests_seconds_count{endpoint=\"mask\",status=\"503\"} 1");
        } finally {
            await(down.close());
        }
    }

    @Test
    void unknownPathsAndMethods() throws Exception {
        assertThat(get(sidecar, "/v1/nothing").statusCode()).isEqualTo(404);
        assertThat(get(sidecar, "/v1/mask").statusCode()).isEqualTo(405);
    }
}
