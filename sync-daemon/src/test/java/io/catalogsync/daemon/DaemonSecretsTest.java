package io.catalogsync.daemon;

import io.catalogsync.sync.CycleResult;
import static io.catalogsync.daemon.DaemonHarness.cycleAfter;
import static io.catalogsync.daemon.DaemonHarness.lastId;
import static io.catalogsync.daemon.DaemonLoopTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.sync.ReconcileOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Secrets never leave the process: a daemon runs with distinctive secret values through good cycles and
 * failing ones (catalog 500, catalog timeout, a catalog that refuses the key, Kong faults, Kong refusing the
 * admin token) while everything it emits is captured: every log event at DEBUG with stack traces, /status,
 * /metrics, /readyz, /healthz, POST /sync, and the errors of every cycle. None may contain a secret.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DaemonSecretsTest {

    static final String CATALOG_KEY = "catKey-S3cr3t-7f1e9a0d";
    static final String ADMIN_TOKEN = "kongTok-S3cr3t-2b8d4c5e";

    @Test
    void noSecretInLogsStatusMetricsOrErrors() throws Exception {
        List<String> captured = new ArrayList<>();
        try (LogCapture logs = new LogCapture();
             DaemonHarness h = new DaemonHarness(EmulatorOptions.defaults().withAdminToken(ADMIN_TOKEN), CATALOG_KEY)) {
            h.catalog.put(CatalogServer.service("billing", "billing.internal", 8080));
            h.catalog.put(CatalogServer.service("orders", "orders.internal", 8081));
            Daemon d = h.start(DaemonHarness.options(Duration.ofMillis(300), null),
                    h.engine(h.kongOptions(), ReconcileOptions.defaults()), null);

            waitFor(() -> d.state().lastCycle() != null
                    && d.state().lastCycle().outcome() == CycleResult.Outcome.SUCCESS, 10_000);
            assertThat(h.ownedServicesOf("billing")).hasSize(1);
            collect(h, d, captured);

            for (CatalogServer.Mode mode : List.of(CatalogServer.Mode.ERROR_500, CatalogServer.Mode.TIMEOUT)) {
                h.catalog.mode(mode);
                cycleAfter(d, lastId(d) + 1, 10_000);
                collect(h, d, captured);
            }
            h.catalog.mode(CatalogServer.Mode.OK);

            // Kong answering errors and dropping connections.
            h.kong.faults().setServerErrorRate(0.6, 500).setDropRate(0.2);
            h.catalog.put(CatalogServer.service("payments", "payments.internal", 8082));
            cycleAfter(d, lastId(d) + 1, 10_000);
            collect(h, d, captured);
            h.kong.faults().clear();

            // Kong restarted with another token: the daemon's is refused (401).
            h.kong.requireAdminToken("another-token");
            FinishedCycle refused = cycleAfter(d, lastId(d) + 1, 10_000);
            assertThat(refused.outcome()).isEqualTo(CycleResult.Outcome.FAILED);
            assertThat(refused.report().failure().message()).contains("401");
            collect(h, d, captured);

            // The catalog refuses the key (as if it had been rotated).
            h.catalog.requireKey("rotated-key");
            FinishedCycle unauthorized = cycleAfter(d, lastId(d) + 1, 10_000);
            assertThat(unauthorized.outcome()).isEqualTo(CycleResult.Outcome.FAILED);
            collect(h, d, captured);
            d.stop();
            for (String text : logs.texts()) {
                captured.add(text);
            }
            assertThat(logs.size()).isGreaterThan(20);
        }
        assertThat(captured).isNotEmpty();
        for (String text : captured) {
            assertThat(text).doesNotContain(CATALOG_KEY).doesNotContain(ADMIN_TOKEN);
        }
        // The captured material is real: it mentions the failures it went through.
        String all = String.join("\n", captured);
        assertThat(all).contains("answered HTTP 500").contains("answered HTTP 401").contains("-> 401")
                .contains("kong_catalog_sync_total");
    }

    private static void collect(DaemonHarness h, Daemon d, List<String> out) throws Exception {
        for (String path : List.of("/status", "/metrics", "/readyz", "/healthz")) {
            out.add(h.get(d, path).body());
        }
        FinishedCycle last = d.state().lastCycle();
        if (last != null) {
            out.add(String.valueOf(last.report().failure()));
            out.add(last.toString());
        }
    }
}
