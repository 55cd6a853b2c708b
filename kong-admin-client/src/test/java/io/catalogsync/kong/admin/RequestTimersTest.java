package io.catalogsync.kong.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.kong.entity.Service;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request leaves nothing behind once answered. Vert.x 5 arms a timer for each request that waits for a pooled
 * connection when the request carries a connect timeout, and its cancellation from another event loop is left
 * queued on the timer's loop until that loop wakes: at 10,000 target pages per cycle the engine held ~10,000
 * timers, contexts and leases at any moment (issue 12, heap histograms of the bench), each surviving young
 * collections. Counted here with the JVM's own live-object histogram after a burst of requests at the cap.
 */
class RequestTimersTest {

    private static final String TIMER = "io.vertx.core.impl.VertxImpl$InternalTimerHandler";
    private static final String LEASE = "io.vertx.core.internal.pool.SimpleConnectionPool$LeaseImpl";

    private Vertx vertx;
    private HttpServer server;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = Await.result(vertx.createHttpServer().requestHandler(req -> req.response()
                .putHeader("Content-Type", "application/json").end("{\"id\":\"x\",\"name\":\"x\"}"))
                .listen(0, "127.0.0.1"));
    }

    @AfterEach
    void stop() {
        Await.result(vertx.close());
    }

    @Test
    void answeredRequestsLeaveNoTimersOrLeasesBehind() throws Exception {
        KongAdminOptions options = new KongAdminOptions().setBaseUrl("http://127.0.0.1:" + server.actualPort())
                .setMaxInFlight(4).setRequestTimeout(Duration.ofSeconds(30)).setConnectTimeout(Duration.ofSeconds(30));
        KongAdminClient client = KongAdminClient.create(vertx, options);
        try {
            long timersBefore = live(TIMER);
            for (int round = 0; round < 4; round++) {
                List<Future<Optional<Service>>> all = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    all.add(client.services().get("s" + i));
                }
                Await.result(Future.all(all));
            }
            // 2,000 requests answered, none in flight: what is still alive is what the client holds at rest.
            assertThat(live(TIMER) - timersBefore).as("live timers").isLessThan(50);
            assertThat(live(LEASE)).as("live connection leases").isLessThan(50);
        } finally {
            client.close();
        }
    }

    /** Live instances of a class, from the JVM's class histogram (a full collection first). */
    private static long live(String className) throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        for (String line : histogram.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[3].equals(className)) {
                return Long.parseLong(f[1]);
            }
        }
        return 0;
    }
}
