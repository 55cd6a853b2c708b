package io.catalogsync.kong.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.http.Fault;
import io.catalogsync.kong.entity.Consumer;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The admin token, and secrets in request bodies, never show up in an exception (message, toString, causes, stack
 * trace text), in the options' toString, or in anything the client logs, whatever goes wrong.
 */
class SecretRedactionTest extends WireMockTestBase {

    private static final String TOKEN = "kong-admin-tok-5ecr3t-9f8e7d";
    private static final String BODY_SECRET = "pa55-in-the-body-4c3b2a";

    private ListAppender<ILoggingEvent> logs;
    private Logger root;

    @BeforeEach
    void captureLogs() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        root.detachAppender(logs);
    }

    private static String everything(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        StringBuilder sb = new StringBuilder(sw.toString());
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append('\n').append(c).append('\n').append(c.getMessage());
            if (c instanceof KongException ke) {
                sb.append(ke.kongMessage()).append(ke.fields()).append(ke.path());
            }
        }
        return sb.toString();
    }

    @Test
    void tokenAndBodyNeverAppearInFailuresOrLogs() throws IOException {
        // Kong-like answers that echo the request back, to be sure nothing raw is copied into a message.
        String echo = "{\"message\":\"Kong-Admin-Token " + TOKEN + " body " + BODY_SECRET + "\"}";
        wm.stubFor(any(urlPathEqualTo("/consumers/auth")).willReturn(aResponse().withStatus(401)
                .withBody("{\"message\":\"Invalid credentials. Token or User credentials required\"}")));
        wm.stubFor(any(urlPathEqualTo("/consumers/e500")).willReturn(aResponse().withStatus(500)
                .withBody("<html>" + echo + "</html>")));
        wm.stubFor(any(urlPathEqualTo("/consumers/garbage")).willReturn(aResponse().withStatus(200)
                .withBody("<html>" + TOKEN + BODY_SECRET + "</html>")));
        wm.stubFor(any(urlPathEqualTo("/consumers/reset")).willReturn(aResponse()
                .withFault(Fault.CONNECTION_RESET_BY_PEER)));
        wm.stubFor(any(urlPathEqualTo("/consumers/slow")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(2000)));
        wm.stubFor(any(urlPathEqualTo("/consumers/shape")).willReturn(aResponse().withStatus(200)
                .withBody("{\"username\":\"x\",\"created_at\":\"" + BODY_SECRET + "\"}")));
        KongAdminOptions options = options().setAdminToken(TOKEN).setMaxRetries(1)
                .setRequestTimeout(Duration.ofMillis(200));
        KongAdminClient client = client(options);
        Consumer withSecret = new Consumer(null, "x", BODY_SECRET, null, null, null);
        int refusedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            refusedPort = s.getLocalPort();
        }
        KongAdminClient refused = client(options().setAdminToken(TOKEN).setMaxRetries(1)
                .setBaseUrl("http://127.0.0.1:" + refusedPort));

        List<Future<?>> calls = List.of(
                client.consumers().upsert("auth", withSecret),
                client.consumers().upsert("e500", withSecret),
                client.consumers().patch("garbage", Map.of("custom_id", BODY_SECRET)),
                client.consumers().upsert("reset", withSecret),
                client.consumers().upsert("slow", withSecret),
                client.consumers().upsert("shape", withSecret),
                refused.consumers().upsert("refused", withSecret));
        List<Throwable> failures = new ArrayList<>();
        for (Future<?> f : calls) {
            failures.add(Await.failure(f));
        }

        assertThat(failures).hasSize(7).allSatisfy(t -> {
            assertThat(t).isInstanceOf(KongException.class);
            assertThat(everything(t)).doesNotContain(TOKEN).doesNotContain(BODY_SECRET);
        });
        assertThat(failures.get(0)).isInstanceOf(KongAuthException.class);
        // The token was really sent: the assertions above are not vacuous.
        assertThat(wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                urlPathEqualTo("/consumers/auth"))).get(0).getHeader("Kong-Admin-Token")).isEqualTo(TOKEN);
        assertThat(options.toString()).doesNotContain(TOKEN).contains("adminToken=***");
        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).allSatisfy(e -> {
            assertThat(e.getFormattedMessage()).doesNotContain(TOKEN).doesNotContain(BODY_SECRET);
            if (e.getThrowableProxy() != null) {
                assertThat(e.getThrowableProxy().getMessage()).doesNotContain(TOKEN).doesNotContain(BODY_SECRET);
            }
        });
    }
}
