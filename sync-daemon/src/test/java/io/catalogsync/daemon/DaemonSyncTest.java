package io.catalogsync.daemon;

import io.catalogsync.sync.CycleResult;
import static io.catalogsync.daemon.DaemonHarness.cycleAfter;
import static io.catalogsync.daemon.DaemonHarness.lastId;
import static io.catalogsync.daemon.DaemonLoopTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The daemon with the real engine against the Kong emulator and a catalog API on loopback: converges, stays
 * converged without writing, follows catalog changes, and reports it all on /status and /metrics.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DaemonSyncTest {

    private DaemonHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new DaemonHarness();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void convergesStaysConvergedAndFollowsTheCatalog() throws Exception {
        h.catalog.put(CatalogServer.service("billing", "billing.internal", 8080));
        h.catalog.put(CatalogServer.service("orders", "orders.internal", 8081));
        Daemon d = h.start(DaemonHarness.options(Duration.ofMillis(300), null));

        waitFor(() -> d.state().lastCycle() != null, 10_000);
        FinishedCycle first = d.state().lastCycle();
        assertThat(first.outcome()).isEqualTo(CycleResult.Outcome.SUCCESS);
        assertThat(h.ownedServicesOf("billing")).hasSize(1);
        assertThat(h.ownedServicesOf("orders")).hasSize(1);

        // Converged: the following cycles write nothing, and the catalog API answers 304.
        FinishedCycle next = cycleAfter(d, first.id() + 1, 5_000);
        long writes = h.kong.writeCount();
        FinishedCycle later = cycleAfter(d, next.id(), 5_000);
        assertThat(later.outcome()).isEqualTo(CycleResult.Outcome.NO_CHANGES);
        assertThat(later.report().catalog().notModified()).isTrue();
        assertThat(h.kong.writeCount()).isEqualTo(writes);

        JsonObject status = h.status(d);
        JsonObject last = status.getJsonObject("lastCycle");
        assertThat(last.getString("outcome")).isEqualTo("NO_CHANGES");
        assertThat(last.getJsonObject("kong").getString("version")).isEqualTo("3.4.2");
        assertThat(last.getJsonObject("kong").getString("mode")).isEqualTo("db");
        assertThat(last.getJsonObject("catalog").getString("etag")).startsWith("\"catalog-v");
        assertThat(last.getJsonObject("catalog").getInteger("valid")).isEqualTo(2);
        assertThat(last.getJsonObject("kong").getJsonObject("owned_after").getInteger("service")).isEqualTo(2);
        assertThat(h.get(d, "/readyz").statusCode()).isEqualTo(200);

        String metrics = h.get(d, "/metrics").body();
        assertThat(metrics)
                .contains("kong_catalog_sync_total{result=\"success\"} 1.0")
                .contains("kong_catalog_services_synced 2.0")
                .contains("kong_catalog_owned_entities{entity=\"service\"} 2.0")
                .contains("kong_catalog_owned_entities{entity=\"route\"} 2.0")
                .contains("kong_catalog_services{validity=\"valid\"} 2.0")
                .contains("kong_catalog_sync_operations_total{entity=\"service\",kind=\"create\",result=\"ok\"} 2.0")
                .contains("kong_catalog_fetch_seconds_count{result=\"ok\"} 1")
                .contains("kong_catalog_fetch_seconds_count{result=\"not_modified\"}")
                // Creates are POSTs carrying their id (issue 12: the write itself finds a conflict).
                .contains("kong_catalog_sync_admin_requests_seconds_count{method=\"POST\",path=\"/services\",status=\"201\"} 2");

        // The catalog changes: a service is added and one removed (1 of 2 services' entities would be more than
        // the 25 % guard: add first, then remove, so that the plan stays under it).
        h.catalog.put(CatalogServer.service("payments", "payments.internal", 8082));
        h.catalog.put(CatalogServer.service("search", "search.internal", 8083));
        h.catalog.put(CatalogServer.service("users", "users.internal", 8084));
        waitFor(() -> exists(h, "payments") && exists(h, "search") && exists(h, "users"), 5_000);
        h.catalog.remove("orders");
        waitFor(() -> !exists(h, "orders"), 5_000);
        assertThat(h.ownedServicesOf("billing")).hasSize(1);
        assertThat(h.routes().stream().filter(DaemonHarness::owned)
                .filter(r -> r.tags().contains("catalog-service:orders"))).isEmpty();
    }

    @Test
    void postSyncRunsACycleNow() throws Exception {
        h.catalog.put(CatalogServer.service("billing", "billing.internal", 8080));
        // A long interval: only the first cycle and POST /sync run.
        Daemon d = h.start(DaemonHarness.options(Duration.ofSeconds(60), null));
        waitFor(() -> d.state().lastCycle() != null, 10_000);
        h.catalog.put(CatalogServer.service("orders", "orders.internal", 8081));
        long before = lastId(d);
        JsonObject reply = DaemonHarness.await(d.requestSync());
        assertThat(reply.getString("state")).isEqualTo("started");
        FinishedCycle c = cycleAfter(d, before, 10_000);
        assertThat(c.trigger()).isEqualTo(CycleRequest.Trigger.HTTP);
        assertThat(c.outcome()).isEqualTo(CycleResult.Outcome.SUCCESS);
        assertThat(h.ownedServicesOf("orders")).hasSize(1);
    }

    static boolean exists(DaemonHarness h, String catalogService) {
        try {
            return !h.ownedServicesOf(catalogService).isEmpty();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
