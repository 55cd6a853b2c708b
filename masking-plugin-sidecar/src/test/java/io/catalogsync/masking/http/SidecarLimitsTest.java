package io.catalogsync.masking.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.catalogsync.masking.detect.IdentifierType;
import io.catalogsync.masking.service.BodyCodec;
import io.catalogsync.masking.store.MappingStore;
import io.catalogsync.masking.store.MappingStores;
import io.catalogsync.masking.token.TokenMinter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Abuse and resource limits of the HTTP API (issue 10, section 4), and bodies of any JSON shape over HTTP. */
class SidecarLimitsTest {

    static final byte[] KEY = "limits-test-hmac-key-0123456789".getBytes(StandardCharsets.UTF_8);
    static final String SECRET = "limits-s3cret";
    static final String INSTANCE = "i-0abcdef1234567890";
    /** How long a test waits for the server to close a socket: a bound against hanging, not a speed claim. */
    static final int CLOSE_BOUND_MS = 30_000;

    private Vertx vertx;
    private WebClient client;
    private Sidecar sidecar;
    private MappingStore store;
    private final TokenMinter minter = new TokenMinter(KEY);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger verticleLog = (Logger) LoggerFactory.getLogger(SidecarVerticle.class);

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        client = WebClient.create(vertx);
        logs.start();
        verticleLog.addAppender(logs);
        sidecar = start(SidecarConfig.defaults().withPort(0).withSharedSecret(SECRET));
    }

    private Sidecar start(SidecarConfig config) throws Exception {
        store = MappingStores.inMemory();
        return await(Sidecar.start(vertx, config, store, minter, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
    }

    @AfterEach
    void stop() throws Exception {
        verticleLog.detachAppender(logs);
        await(sidecar.close());
        await(vertx.close());
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private HttpResponse<Buffer> post(String path, String contentType, byte[] body) throws Exception {
        return await(client.request(HttpMethod.POST, sidecar.port(), "127.0.0.1", path)
                .putHeader("Content-Type", contentType)
                .putHeader(SidecarVerticle.SECRET_HEADER, SECRET)
                .sendBuffer(Buffer.buffer(body)));
    }

    private HttpResponse<Buffer> post(String path, String contentType, String body) throws Exception {
        return post(path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private List<ILoggingEvent> errorLogs() {
        return logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)).toList();
    }

    @Test
    void aMessageBatchIsMaskedNotForwardedAsIs() throws Exception {
        String batch = "{\"requests\":[{\"custom_id\":\"a\",\"params\":{\"model\":\"m\",\"max_tokens\":5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"restart " + INSTANCE + "\"}]}}]}";
        HttpResponse<Buffer> r = post("/v1/mask", "application/json", batch);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString()).contains("restart " + minter.mint(IdentifierType.EC2_INSTANCE, INSTANCE))
                .doesNotContain("restart " + INSTANCE);
    }

    /** Distinct private IPs 10.a.b.c, one per line. */
    private static String distinctIps(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("10.").append(1 + i / 65536).append('.').append(i / 256 % 256).append('.').append(i % 256)
                    .append('\n');
        }
        return b.toString();
    }

    @Test
    void moreDistinctIdentifiersThanTheCapIs413AndNothingIsStored() throws Exception {
        await(sidecar.close());
        sidecar = start(SidecarConfig.defaults().withPort(0).withSharedSecret(SECRET).withMaxIdentifiers(50));
        HttpResponse<Buffer> over = post("/v1/mask", "text/plain", distinctIps(51));
        assertThat(over.statusCode()).isEqualTo(413);
        assertThat(over.bodyAsJsonObject().getString("error")).isEqualTo("too_many_identifiers");
        assertThat(over.bodyAsJsonObject().getString("message")).contains("more than 50 distinct identifiers")
                .doesNotContain("10.1.");
        HttpResponse<Buffer> json = post("/v1/mask", "application/json",
                BodyCodec.mapper().writeValueAsString(List.of(distinctIps(30), distinctIps(51))));
        assertThat(json.statusCode()).isEqualTo(413);
        // nothing was stored: not even the first identifiers of the refused bodies
        String first = minter.mint(IdentifierType.IPV4_PRIVATE, "10.1.0.0");
        assertThat(store.getAll(List.of(first)).toCompletableFuture().get(10, TimeUnit.SECONDS)).isEmpty();

        // at the cap, and many occurrences of few identifiers: accepted
        assertThat(post("/v1/mask", "text/plain", distinctIps(50)).statusCode()).isEqualTo(200);
        assertThat(post("/v1/mask", "text/plain", (INSTANCE + " ").repeat(5000)).statusCode()).isEqualTo(200);
    }

    @Test
    void theDefaultCapIsAFewThousand() throws Exception {
        assertThat(SidecarConfig.defaults().maxIdentifiers()).isBetween(1000, 10_000);
        HttpResponse<Buffer> r = post("/v1/mask", "text/plain", distinctIps(SidecarConfig.defaults().maxIdentifiers() + 1));
        assertThat(r.statusCode()).isEqualTo(413);
    }

    /** A Messages body whose deepest array sits at {@code depth} levels of nesting. */
    static String nestedMessagesBody(int depth) {
        String open = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_use\",\"input\":{\"a\":";
        String close = "}}]}]}";
        int arrays = depth - 6;
        return open + "[".repeat(arrays - 1) + "[\"" + INSTANCE + "\"]" + "]".repeat(arrays - 1) + close;
    }

    @Test
    void jsonNestedAtOrBeyondTheParsersLimitIs400WithoutAnErrorLog() throws Exception {
        for (int depth : new int[] {BodyCodec.MAX_NESTING_DEPTH + 1, 1000, 1001, 100_000}) {
            String body = nestedMessagesBody(depth);
            for (String path : new String[] {"/v1/mask", "/v1/unmask"}) {
                HttpResponse<Buffer> r = post(path, "application/json", body);
                assertThat(r.statusCode()).as("%s depth %d", path, depth).isEqualTo(400);
                assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("bad_json");
                assertThat(r.bodyAsJsonObject().getString("message")).contains("nested deeper than "
                        + BodyCodec.MAX_NESTING_DEPTH);
            }
        }
        // the deepest accepted document is masked, in both answer formats
        String deepest = nestedMessagesBody(BodyCodec.MAX_NESTING_DEPTH);
        HttpResponse<Buffer> ok = post("/v1/mask", "application/json", deepest);
        assertThat(ok.statusCode()).isEqualTo(200);
        // the answer wraps the body one level deeper than the sidecar accepts as input: read it with a plain mapper
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(ok.body().getBytes()).get("body")
                .toString()).doesNotContain(INSTANCE)
                .contains("[[AWS:EC2_INSTANCE:");
        HttpResponse<Buffer> split = await(client.request(HttpMethod.POST, sidecar.port(), "127.0.0.1", "/v1/mask")
                .putHeader("Content-Type", "application/json").putHeader(SidecarVerticle.SECRET_HEADER, SECRET)
                .putHeader("Accept", SidecarVerticle.SPLIT_MEDIA_TYPE).sendBuffer(Buffer.buffer(deepest)));
        assertThat(split.statusCode()).isEqualTo(200);
        assertThat(errorLogs()).isEmpty();
    }

    @Test
    void invalidOrOverlongUtf8Is400() throws Exception {
        byte[][] bad = {
            {(byte) 0xC0, (byte) 0xAF},                         // overlong '/'
            {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},            // overlong '/', 3 bytes
            {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF}, // overlong '/', 4 bytes
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},            // an encoded surrogate
            {(byte) 0xC3},                                      // truncated
            {(byte) 0xFF},
        };
        byte[] before = "{\"messages\":[{\"role\":\"user\",\"content\":\"arn:aws:iam::123456789012:role".getBytes(
                StandardCharsets.US_ASCII);
        byte[] after = "x\"}]}".getBytes(StandardCharsets.US_ASCII);
        for (byte[] sequence : bad) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(before);
            body.writeBytes(sequence);
            body.writeBytes(after);
            for (String type : new String[] {"application/json", "text/plain"}) {
                HttpResponse<Buffer> r = post("/v1/mask", type, body.toByteArray());
                assertThat(r.statusCode()).as("%s %s", type, java.util.HexFormat.of().formatHex(sequence))
                        .isEqualTo(400);
                assertThat(r.bodyAsJsonObject().getString("message")).contains("UTF-8");
            }
        }
        assertThat(post("/v1/mask", "application/json", "\"é 日本 😀\"").statusCode()).isEqualTo(200);
        assertThat(errorLogs()).isEmpty();
    }

    @Test
    void errorMessagesNeverQuoteTheBody() throws Exception {
        String[] bodies = {
            "{\"a\": " + INSTANCE + "}",
            "{\"" + INSTANCE + "\": 1, \"" + INSTANCE + "\": 2}",
            "[\"x\", " + INSTANCE + "]",
            "{\"a\": \"x\"} " + INSTANCE,
            "{\"a\": \"" + INSTANCE + "\n\"}",
            "{" + INSTANCE + ": 1}",
        };
        for (String body : bodies) {
            HttpResponse<Buffer> r = post("/v1/mask", "application/json", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(r.bodyAsString()).as(body).doesNotContain(INSTANCE, "i-0", "'i'", "abcdef");
            assertThat(r.bodyAsJsonObject().getString("message")).startsWith("invalid JSON at line 1, column");
        }
    }

    /** Reads until the server closes the connection; fails if it stays open for {@link #CLOSE_BOUND_MS}. */
    private static byte[] readUntilClosed(Socket socket) throws Exception {
        socket.setSoTimeout(CLOSE_BOUND_MS);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                got.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept a half-sent request open for " + CLOSE_BOUND_MS + " ms");
        } catch (java.net.SocketException e) {
            // a reset is a close too
        }
        return got.toByteArray();
    }

    @Test
    void anIdleClientWithHalfSentHeadersIsDisconnected() throws Exception {
        await(sidecar.close());
        sidecar = start(SidecarConfig.defaults().withPort(0).withSharedSecret(SECRET)
                .withIdleTimeout(Duration.ofMillis(300)));
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), sidecar.port())) {
            socket.getOutputStream().write("POST /v1/mask HTTP/1.1\r\nHost: x\r\nContent-Le".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            readUntilClosed(socket);
        }
        // a connection between requests is idle too
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), sidecar.port())) {
            socket.getOutputStream().write(("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(new String(readUntilClosed(socket), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aSlowBodyIsCutOffByTheRequestTimeoutEvenWhileBytesTrickleIn() throws Exception {
        await(sidecar.close());
        // the idle timeout alone would never fire: a byte arrives every 50 ms
        sidecar = start(SidecarConfig.defaults().withPort(0).withSharedSecret(SECRET)
                .withRequestTimeout(Duration.ofMillis(500)));
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), sidecar.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/mask HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                    + SidecarVerticle.SECRET_HEADER + ": " + SECRET + "\r\nContent-Length: 100000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread trickle = new Thread(() -> {
                try {
                    for (int i = 0; i < CLOSE_BOUND_MS / 50; i++) {
                        out.write('a');
                        out.flush();
                        Thread.sleep(50);
                    }
                } catch (Exception closed) {
                    // the server closed the connection: what the test waits for
                }
            });
            trickle.setDaemon(true);
            trickle.start();
            String answer = new String(readUntilClosed(socket), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 408");
            assertThat(answer).doesNotContain("aaaa");
        }
        assertThat(errorLogs()).isEmpty();
    }

    @Test
    void unmaskRestoresKeysAndStringsAnywhere() throws Exception {
        String token = minter.mint(IdentifierType.EC2_INSTANCE, INSTANCE);
        assertThat(post("/v1/mask", "text/plain", INSTANCE).statusCode()).isEqualTo(200);
        HttpResponse<Buffer> r = post("/v1/unmask", "application/json",
                "{\"" + token + "\":[\"on " + token + "\"],\"x\":{\"type\":\"" + token + "\"}}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = BodyCodec.parse(r.body().getBytes()).get("body");
        assertThat(body.fieldNames().next()).isEqualTo(INSTANCE);
        assertThat(body.at("/" + INSTANCE + "/0").asText()).isEqualTo("on " + INSTANCE);
        assertThat(body.at("/x/type").asText()).isEqualTo(INSTANCE);
    }
}
