package io.catalogsync.kong.admin;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A WireMock server on a free 127.0.0.1 port standing in for Kong, a Vert.x instance, and clients that are closed
 * after each test. Retry delays are tiny so that retry tests stay fast.
 */
abstract class WireMockTestBase {

    protected WireMockServer wm;
    protected Vertx vertx;
    protected RecordingListener listener;
    private final List<KongAdminClient> clients = new ArrayList<>();

    @BeforeEach
    void startServer() {
        wm = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort().containerThreads(20));
        wm.start();
        vertx = Vertx.vertx();
        listener = new RecordingListener();
    }

    @AfterEach
    void stopServer() {
        clients.forEach(KongAdminClient::close);
        Await.result(vertx.close());
        wm.stop();
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + wm.port();
    }

    protected KongAdminOptions options() {
        return new KongAdminOptions()
                .setBaseUrl(baseUrl())
                .setRetryDelays(Duration.ofMillis(1), Duration.ofMillis(20))
                .setRequestTimeout(Duration.ofSeconds(5))
                .setListener(listener);
    }

    protected KongAdminClient client(KongAdminOptions options) {
        KongAdminClient c = KongAdminClient.create(vertx, options);
        clients.add(c);
        return c;
    }

    protected KongAdminClient client() {
        return client(options());
    }

    protected List<LoggedRequest> requests() {
        return wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
    }
}
