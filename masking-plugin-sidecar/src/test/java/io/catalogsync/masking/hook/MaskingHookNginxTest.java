package io.catalogsync.masking.hook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalogsync.masking.detect.IdentifierType;
import io.catalogsync.masking.http.Sidecar;
import io.catalogsync.masking.http.SidecarConfig;
import io.catalogsync.masking.store.MappingStores;
import io.catalogsync.masking.store.RedisStoreOptions;
import io.catalogsync.masking.testsupport.FreePorts;
import io.catalogsync.masking.testsupport.NginxProcess;
import io.catalogsync.masking.testsupport.RedisExtension;
import io.catalogsync.masking.testsupport.RedisTarget;
import io.catalogsync.masking.token.TokenFormat;
import io.catalogsync.masking.token.TokenMinter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shipped hook, byte for byte, in a real nginx with the Lua module, run the way Kong's pre-function runs it
 * (see src/test/resources/nginx/kcs_prefunction_emulator.lua), between a real client, the real sidecar on
 * Redis, and a loopback upstream that records what reaches it.
 */
@ExtendWith(RedisExtension.class)
class MaskingHookNginxTest {

    static final byte[] KEY = "nginx-hook-test-hmac-key-01234".getBytes(StandardCharsets.UTF_8);
    static final String SECRET = "hook-shared-secret";
    static final String INSTANCE = "i-0abcdef1234567890";
    static final String VPC = "vpc-0123456789abcdef0";
    static final String IP = "10.0.12.34";
    static final String ROLE = "arn:aws:iam::123456789012:role/service-role/Admin";
    static final List<String> ORIGINALS = List.of(INSTANCE, VPC, IP, ROLE);

    static Vertx vertx;
    static Sidecar sidecar;
    static Sidecar storeDownSidecar;
    static FakeAnthropicUpstream upstream;
    static HookNginx nginx;
    static int port;
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final TokenMinter MINTER = new TokenMinter(KEY);

    @BeforeAll
    static void start(RedisTarget redis) throws Exception {
        Path nginxBinary = NginxProcess.binaryOrSkip();
        vertx = Vertx.vertx();
        sidecar = await(Sidecar.start(vertx, SidecarConfig.defaults().withPort(0).withSharedSecret(SECRET),
                MappingStores.create(RedisStoreOptions.fromUrl(redis.url()).keyPrefix("hooktest:").build()), MINTER,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        storeDownSidecar = await(Sidecar.start(vertx, SidecarConfig.defaults().withPort(0), MappingStores.create(
                RedisStoreOptions.fromUrl("redis://127.0.0.1:" + FreePorts.free())
                        .connectTimeout(Duration.ofMillis(300)).build()), MINTER,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        upstream = new FakeAnthropicUpstream(vertx);
        int upstreamPort = await(upstream.start());

        String sidecarUrl = "http://127.0.0.1:" + sidecar.port();
        nginx = new HookNginx()
                .plugin("main", "sidecar_url = \"" + sidecarUrl + "\", profile = \"default\", secret = \"" + SECRET
                        + "\"", "sandbox")
                .plugin("nosecret", "sidecar_url = \"" + sidecarUrl + "\"", "sandbox")
                .plugin("down", "sidecar_url = \"http://127.0.0.1:" + FreePorts.free()
                        + "\", secret = \"x\", connect_timeout = 500", "sandbox")
                .plugin("storedown", "sidecar_url = \"http://127.0.0.1:" + storeDownSidecar.port() + "\"", "sandbox")
                .plugin("unsandboxed", "sidecar_url = \"" + sidecarUrl + "\", secret = \"" + SECRET + "\"", "on")
                .location("main", "main", upstreamPort, "")
                .location("nosecret", "nosecret", upstreamPort, "")
                .location("down", "down", upstreamPort, "")
                .location("storedown", "storedown", upstreamPort, "")
                .location("spooled", "main", upstreamPort, "client_body_buffer_size 1k;")
                .location("spooled-unsandboxed", "unsandboxed", upstreamPort, "client_body_buffer_size 1k;")
                .start(nginxBinary);
        port = nginx.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        if (vertx != null) {
            await(sidecar.close());
            await(storeDownSidecar.close());
            await(upstream.close());
            await(vertx.close());
        }
    }

    @BeforeEach
    void reset() {
        upstream.received.clear();
        upstream.foreignToken = null;
        upstream.firstDeltaSeen = new CompletableFuture<>();
        upstream.streamedBeforeEnd = null;
        upstream.escapeTokens = false;
        upstream.multiLineData = false;
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static String requestBody(boolean stream) {
        return "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256,\"stream\":" + stream + ","
                + "\"system\":\"You are an ops assistant for " + ROLE + ".\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Is " + INSTANCE + " in " + VPC + " reachable at "
                + IP + "? é\"}]}";
    }

    static Map<String, String> expectedTokens() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(MINTER.mint(IdentifierType.IAM_ARN, ROLE), ROLE);
        m.put(MINTER.mint(IdentifierType.EC2_INSTANCE, INSTANCE), INSTANCE);
        m.put(MINTER.mint(IdentifierType.VPC, VPC), VPC);
        m.put(MINTER.mint(IdentifierType.IPV4_PRIVATE, IP), IP);
        return m;
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .header("Accept-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private void assertUpstreamSawOnlyMaskedText(FakeAnthropicUpstream.Received r) {
        assertThat(r.body()).doesNotContain(ORIGINALS);
        assertThat(FakeAnthropicUpstream.tokensIn(r.body())).containsExactlyInAnyOrderElementsOf(expectedTokens().keySet());
        assertThat(r.acceptEncoding()).isNull();
        assertThat(Integer.parseInt(r.contentLength())).isEqualTo(r.body().getBytes(StandardCharsets.UTF_8).length);
        JsonNode sent = FakeAnthropicUpstream.parse(r.body());
        assertThat(sent.get("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(256);
        assertThat(sent.at("/messages/0/content").asText()).endsWith("? é");
    }

    @Test
    void wholeJsonAnswerGetsTheOriginalsBackEvenWhenTokensAreSplitAcrossChunks() throws Exception {
        String foreign = MINTER.mint(IdentifierType.EC2_INSTANCE, "i-0fedcba9876543210");
        upstream.foreignToken = foreign;
        HttpResponse<String> r = post("/main/v1/messages", "application/json", requestBody(false));
        assertThat(r.statusCode()).as(nginx.errorLog()).isEqualTo(200);
        assertThat(upstream.received).hasSize(1);
        assertUpstreamSawOnlyMaskedText(upstream.received.get(0));

        JsonNode answer = FakeAnthropicUpstream.parse(r.body());
        List<String> sentTokens = FakeAnthropicUpstream.tokensIn(upstream.received.get(0).body());
        String expected = FakeAnthropicUpstream.answer(sentTokens, foreign);
        for (Map.Entry<String, String> e : expectedTokens().entrySet()) {
            expected = expected.replace(e.getKey(), e.getValue());
        }
        assertThat(answer.at("/content/0/text").asText()).isEqualTo(expected);
        assertThat(answer.at("/content/1/input/instance").asText()).isEqualTo(expectedTokens().get(sentTokens.get(0)));
        // the token of another request is not restored, even though the store knows nothing else about it
        assertThat(r.body()).contains(foreign);
        assertThat(FakeAnthropicUpstream.tokensIn(r.body())).containsExactly(foreign);
        assertThat(r.headers().firstValue("Content-Length")).isEmpty();
    }

    @Test
    void sseAnswerFlowsAndSplitTokensAcrossDeltasAreRestored() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/main/v1/messages"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(requestBody(true))).build();
        HttpResponse<InputStream> r = CLIENT.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<JsonNode> events = new ArrayList<>();
        StringBuilder raw = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                raw.append(line).append('\n');
                if (line.startsWith("data: ")) {
                    JsonNode ev = FakeAnthropicUpstream.parse(line.substring(6));
                    events.add(ev);
                    if (ev.path("type").asText().equals("content_block_delta")) {
                        upstream.firstDeltaSeen.complete(null);
                    }
                }
            }
        }
        assertThat(upstream.streamedBeforeEnd).as("client saw a delta while the upstream was still streaming")
                .isTrue();
        assertUpstreamSawOnlyMaskedText(upstream.received.get(0));

        Map<Integer, StringBuilder> text = new TreeMap<>();
        Map<Integer, StringBuilder> json = new TreeMap<>();
        for (JsonNode ev : events) {
            if (ev.path("type").asText().equals("content_block_delta")) {
                int index = ev.get("index").asInt();
                JsonNode delta = ev.get("delta");
                if (delta.get("type").asText().equals("text_delta")) {
                    text.computeIfAbsent(index, i -> new StringBuilder()).append(delta.get("text").asText());
                } else {
                    json.computeIfAbsent(index, i -> new StringBuilder()).append(delta.get("partial_json").asText());
                }
            }
        }
        List<String> sentTokens = FakeAnthropicUpstream.tokensIn(upstream.received.get(0).body());
        String expected = FakeAnthropicUpstream.answer(sentTokens, null);
        for (Map.Entry<String, String> e : expectedTokens().entrySet()) {
            expected = expected.replace(e.getKey(), e.getValue());
        }
        assertThat(text.get(0).toString()).isEqualTo(expected);
        assertThat(FakeAnthropicUpstream.parse(json.get(1).toString()).get("instance").asText())
                .isEqualTo(expectedTokens().get(sentTokens.get(0)));
        assertThat(raw.toString()).doesNotContain("[[AWS:");
        assertThat(events.get(events.size() - 1).get("type").asText()).isEqualTo("message_stop");
        // every content_block_stop comes after all the deltas of its block
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).path("type").asText().equals("content_block_stop")) {
                int index = events.get(i).get("index").asInt();
                for (int j = i + 1; j < events.size(); j++) {
                    assertThat(events.get(j).path("type").asText().equals("content_block_delta")
                            && events.get(j).get("index").asInt() == index).isFalse();
                }
            }
        }
    }

    @Test
    void jsonAnswerWithUnicodeEscapedTokensGetsTheOriginalsBack() throws Exception {
        upstream.escapeTokens = true;
        HttpResponse<String> r = post("/main/v1/messages", "application/json", requestBody(false));
        assertThat(r.statusCode()).as(nginx.errorLog()).isEqualTo(200);
        List<String> sentTokens = FakeAnthropicUpstream.tokensIn(upstream.received.get(0).body());
        assertThat(sentTokens).hasSize(4);
        JsonNode answer = FakeAnthropicUpstream.parse(r.body());
        assertThat(answer.at("/content/0/text").asText()).isEqualTo(restored(FakeAnthropicUpstream.answer(sentTokens,
                null)));
        assertThat(answer.at("/content/1/input/instance").asText()).isEqualTo(expectedTokens().get(sentTokens.get(0)));
        assertThat(r.body()).doesNotContain("AWS");
    }

    @Test
    void sseWithEveryTokenCharacterEscapedIsRestored() throws Exception {
        upstream.escapeTokens = true;
        assertStreamRestored();
    }

    @Test
    void sseEventsWithSeveralDataLinesAreRestored() throws Exception {
        upstream.multiLineData = true;
        assertStreamRestored();
    }

    private static String restored(String text) {
        for (Map.Entry<String, String> e : expectedTokens().entrySet()) {
            text = text.replace(e.getKey(), e.getValue());
        }
        return text;
    }

    /** Reads the SSE answer the way a client does (data: lines of an event joined with "\n") and checks it. */
    private void assertStreamRestored() throws Exception {
        upstream.firstDeltaSeen.complete(null);
        HttpResponse<String> r = post("/main/v1/messages", "application/json", requestBody(true));
        assertThat(r.statusCode()).as(nginx.errorLog()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        for (String block : r.body().split("\n\n")) {
            List<String> data = new ArrayList<>();
            for (String line : block.split("\n")) {
                if (line.startsWith("data:")) {
                    data.add(line.substring(line.startsWith("data: ") ? 6 : 5));
                }
            }
            if (!data.isEmpty()) {
                events.add(FakeAnthropicUpstream.parse(String.join("\n", data)));
            }
        }
        StringBuilder text = new StringBuilder();
        StringBuilder json = new StringBuilder();
        for (JsonNode ev : events) {
            if (ev.path("type").asText().equals("content_block_delta")) {
                JsonNode delta = ev.get("delta");
                if (ev.get("index").asInt() == 0) {
                    text.append(delta.get("text").asText());
                } else {
                    json.append(delta.get("partial_json").asText());
                }
            }
        }
        List<String> sentTokens = FakeAnthropicUpstream.tokensIn(upstream.received.get(0).body());
        assertThat(sentTokens).hasSize(4);
        assertThat(text.toString()).isEqualTo(restored(FakeAnthropicUpstream.answer(sentTokens, null)));
        assertThat(FakeAnthropicUpstream.parse(json.toString()).get("instance").asText())
                .isEqualTo(expectedTokens().get(sentTokens.get(0)));
        assertThat(events.get(events.size() - 1).get("type").asText()).isEqualTo("message_stop");
        assertThat(r.body()).doesNotContain("[[AWS:");
    }

    @Test
    void textBodiesAndChunkedRequestsAreMaskedToo() throws Exception {
        HttpResponse<String> text = post("/main/v1/echo", "text/plain", "host " + IP + " and " + INSTANCE);
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(upstream.received.get(0).body()).doesNotContain(IP, INSTANCE);
        assertThat(FakeAnthropicUpstream.parse(text.body()).at("/content/0/text").asText())
                .isEqualTo("Checked " + IP + ", " + INSTANCE + ", done.");

        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/main/v1/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        requestBody(false).getBytes(StandardCharsets.UTF_8))))
                .build();
        HttpResponse<String> r = CLIENT.send(chunked, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(nginx.errorLog()).isEqualTo(200);
        assertUpstreamSawOnlyMaskedText(upstream.received.get(1));
        assertThat(r.body()).contains(INSTANCE, VPC, IP).doesNotContain("[[AWS:");
    }

    @Test
    void anyFailureAnswers503AndNothingGoesUpstream() throws Exception {
        HttpResponse<String> down = post("/down/v1/messages", "application/json", requestBody(false));
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("masking unavailable").doesNotContain(INSTANCE);

        HttpResponse<String> storeDown = post("/storedown/v1/messages", "application/json", requestBody(false));
        assertThat(storeDown.statusCode()).isEqualTo(503);

        HttpResponse<String> noSecret = post("/nosecret/v1/messages", "application/json", requestBody(false));
        assertThat(noSecret.statusCode()).as("sidecar answered 401").isEqualTo(503);

        // a body nginx spooled to a temp file cannot be read inside the sandbox: refused, never sent unmasked
        HttpResponse<String> spooled = post("/spooled/v1/messages", "application/json",
                requestBody(false).replace("? é", "? " + "x".repeat(4000)));
        assertThat(spooled.statusCode()).isEqualTo(503);
        assertThat(nginx.errorLog()).contains("nginx_http_client_body_buffer_size");

        HttpResponse<String> badJson = post("/main/v1/messages", "application/json", "{\"messages\": [" + INSTANCE);
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(badJson.body()).contains("bad_json").doesNotContain(INSTANCE);

        HttpResponse<String> binary = post("/main/v1/messages", "application/octet-stream", INSTANCE);
        assertThat(binary.statusCode()).isEqualTo(415);

        assertThat(upstream.received).isEmpty();
        assertThat(nginx.errorLog()).doesNotContain(INSTANCE, VPC, IP, ROLE, SECRET);
    }

    @Test
    void spooledBodyIsReadWhenTheSandboxAllowsIo() throws Exception {
        String big = requestBody(false).replace("? é", "? " + "x".repeat(4000) + " é");
        HttpResponse<String> r = post("/spooled-unsandboxed/v1/messages", "application/json", big);
        assertThat(r.statusCode()).as(nginx.errorLog()).isEqualTo(200);
        assertThat(upstream.received).hasSize(1);
        assertThat(upstream.received.get(0).body()).doesNotContain(ORIGINALS);
        assertThat(r.body()).contains(INSTANCE).doesNotContain("[[AWS:");
    }

    @Test
    void hookHoldsBackEnoughForTheLongestToken() throws Exception {
        String hook = new String(MaskingHookNginxTest.class.getResourceAsStream("/kong/masking-hook.lua")
                .readAllBytes(), StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("local MAX_TOKEN_LENGTH = (\\d+)").matcher(hook);
        assertThat(m.find()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(TokenFormat.MAX_TOKEN_LENGTH);
    }

    @Test
    void concurrentRequestsEachGetTheirOwnOriginals() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        List<String> instances = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String instance = String.format("i-%017x", 0xabc000L + i);
            instances.add(instance);
            String body = "{\"model\":\"m\",\"stream\":" + (i % 3 == 0) + ",\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"only " + instance + "\"}]}";
            calls.add(CLIENT.sendAsync(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/main/v1/messages"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        upstream.firstDeltaSeen.complete(null); // streams need not wait for a reader here
        for (int i = 0; i < calls.size(); i++) {
            HttpResponse<String> r = calls.get(i).get(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains(instances.get(i)).doesNotContain("[[AWS:");
            for (int j = 0; j < instances.size(); j++) {
                if (j != i) {
                    assertThat(r.body()).doesNotContain(instances.get(j));
                }
            }
        }
        assertThat(upstream.received).hasSize(24).allSatisfy(r -> assertThat(r.body()).doesNotContain("only i-"));
    }
}
