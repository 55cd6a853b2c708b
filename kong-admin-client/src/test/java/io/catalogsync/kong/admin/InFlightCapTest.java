package io.catalogsync.kong.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.kong.entity.Service;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cap on requests in flight, measured where it matters: on a real HTTP server on 127.0.0.1 that holds each
 * answer for a while and counts how many requests it is serving at once.
 */
class InFlightCapTest {

    private static final long HOLD_MS = 150;

    private Vertx vertx;
    private HttpServer server;
    private final AtomicInteger current = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = Await.result(vertx.createHttpServer().requestHandler(req -> {
            int now = current.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            served.incrementAndGet();
            String name = req.path().substring(req.path().lastIndexOf('/') + 1);
            vertx.setTimer(HOLD_MS, id -> {
                current.decrementAndGet();
                req.response().putHeader("Content-Type", "application/json")
                        .end("{\"id\":\"" + name + "\",\"name\":\"" + name + "\"}");
            });
        }).listen(0, "127.0.0.1"));
    }

    @AfterEach
    void stop() {
        Await.result(vertx.close());
    }

    @Test
    void noMoreThanMaxInFlightRequestsReachKong() {
        KongAdminOptions options = new KongAdminOptions().setBaseUrl("http://127.0.0.1:" + server.actualPort())
                .setMaxInFlight(3).setRequestTimeout(Duration.ofSeconds(5));
        WebKongAdminClient client = (WebKongAdminClient) KongAdminClient.create(vertx, options);
        try {
            List<Future<Optional<Service>>> all = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                all.add(client.services().get("s" + i));
            }
            int queuedRightAfterSubmit = client.limiter().queued();

            Await.result(Future.all(all));

            assertThat(queuedRightAfterSubmit).isEqualTo(9);
            assertThat(served.get()).isEqualTo(12);
            assertThat(peak.get()).isEqualTo(3);
            assertThat(all).extracting(f -> f.result().orElseThrow().name()).containsExactly(
                    "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11");
            assertThat(client.limiter().inFlight()).isZero();
        } finally {
            client.close();
        }
    }

    @Test
    void slotsAreFreedByFailuresToo() {
        // Nothing listens on this port once the server is closed: every attempt fails, and must give its slot back.
        int port = server.actualPort();
        Await.result(server.close());
        KongAdminOptions options = new KongAdminOptions().setBaseUrl("http://127.0.0.1:" + port)
                .setMaxInFlight(2).setMaxRetries(1).setRetryDelays(Duration.ofMillis(1), Duration.ofMillis(5));
        WebKongAdminClient client = (WebKongAdminClient) KongAdminClient.create(vertx, options);
        try {
            List<Future<Optional<Service>>> all = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                all.add(client.services().get("s" + i));
            }
            for (Future<Optional<Service>> f : all) {
                Await.failure(f, KongTransportException.class);
            }

            assertThat(client.limiter().inFlight()).isZero();
            assertThat(client.limiter().queued()).isZero();
        } finally {
            client.close();
        }
    }
}
