package io.catalogsync.daemon;

import static io.catalogsync.daemon.DaemonHarness.cycleAfter;
import static io.catalogsync.daemon.DaemonHarness.lastId;
import static io.catalogsync.daemon.DaemonLoopTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.sync.CycleResult;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The outcome rules, end to end on the running daemon: Kong refusing one catalog service's writes (4xx) while
 * everything else is in sync makes cycles {@code partial}: no backoff, {@code /readyz} 200, the failing service
 * counted, the others converged. Kong itself failing (5xx on every write, across services) makes them
 * {@code failed}: backoff, and {@code /readyz} 503 once the last synced cycle is older than the window. The loop's
 * delays and clock come from {@link LoopTimers}, so nothing here depends on how fast the machine is.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DaemonOutcomeTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration BACKOFF_MAX = INTERVAL.multipliedBy(8);
    /** Ready while a synced cycle ended within this many intervals (wide: the pinned clock crosses it). */
    private static final int READY_INTERVALS = 1_000;

    private DaemonHarness h;
    private volatile Instant pinnedNow;
    private final List<Duration> delays = new CopyOnWriteArrayList<>();
    private final LoopTimers timers = new LoopTimers() {
        @Override
        public Instant now() {
            Instant p = pinnedNow;
            return p != null ? p : LoopTimers.SYSTEM.now();
        }

        @Override
        public long schedule(Vertx vertx, Duration delay, Runnable action) {
            delays.add(delay);
            return LoopTimers.SYSTEM.schedule(vertx, delay, action);
        }

        @Override
        public void cancel(Vertx vertx, long id) {
            LoopTimers.SYSTEM.cancel(vertx, id);
        }
    };

    @BeforeEach
    void start() throws Exception {
        h = new DaemonHarness();
        for (int i = 0; i < 3; i++) {
            h.catalog.put(CatalogServer.service("svc-" + i, "svc-" + i + ".internal", 8080 + i));
        }
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    private Daemon startDaemon() {
        // No jitter: every delay the loop asks for is exactly the interval or a backoff step.
        DaemonOptions options = new DaemonOptions(new SyncSchedule(INTERVAL, 0.0, BACKOFF_MAX), "127.0.0.1", 0,
                READY_INTERVALS, Duration.ofSeconds(5), false, "test-replica", null);
        return h.startWithTimers(options, h.engine(h.kongOptions(), io.catalogsync.sync.ReconcileOptions.defaults()), timers);
    }

    private static double gauge(Daemon d, String name) {
        return d.registry().get(name).gauge().value();
    }

    @Test
    void kongRefusingOneServiceMakesCyclesPartialWithoutBackoffAndStaysReady() throws Exception {
        // Kong refuses every write of svc-1 (a 4xx, as for a value only Kong rejects), from the first cycle on.
        h.kong.faults().refuseWritesContaining("\"catalog-service:svc-1\"", 400);
        Daemon d = startDaemon();

        FinishedCycle first = cycleAfter(d, 0, 20_000);
        assertThat(first.outcome()).as("%s", first.report().errors()).isEqualTo(CycleResult.Outcome.PARTIAL);
        FinishedCycle second = cycleAfter(d, first.id(), 20_000);
        FinishedCycle third = cycleAfter(d, second.id(), 20_000);
        assertThat(List.of(second.outcome(), third.outcome())).as("cycles while svc-1 is refused")
                .containsOnly(CycleResult.Outcome.PARTIAL);

        // Not a failure: the loop waits the interval, never a backoff step, and nothing counts as failed in a row.
        assertThat(delays).as("delays after partial cycles").isNotEmpty().containsOnly(INTERVAL);
        assertThat(gauge(d, SyncMetrics.CONSECUTIVE_FAILURES)).isZero();
        assertThat(d.registry().get(SyncMetrics.SYNC).tag("result", "failed").counter().count()).isZero();
        assertThat(d.registry().get(SyncMetrics.SYNC).tag("result", "partial").counter().count())
                .isGreaterThanOrEqualTo(3);
        // Ready: the partial cycles synced everything but svc-1.
        assertThat(d.state().lastSuccessAt()).isNotNull();
        var readyz = h.get(d, "/readyz");
        assertThat(readyz.statusCode()).as(readyz.body()).isEqualTo(200);
        // svc-1 is the one failing service, cycle after cycle; the alert on it has its own metric.
        assertThat(gauge(d, SyncMetrics.FAILING_SERVICES)).isEqualTo(1.0);
        assertThat(gauge(d, SyncMetrics.SERVICE_FAILURE_STREAK)).isGreaterThanOrEqualTo(3.0);
        assertThat(third.report().errors().toString()).contains("svc-1").doesNotContain("svc-0", "svc-2");
        // The others converged; svc-1 has nothing half-made in Kong.
        assertThat(h.ownedServicesOf("svc-0")).hasSize(1);
        assertThat(h.ownedServicesOf("svc-2")).hasSize(1);
        assertThat(h.ownedServicesOf("svc-1")).isEmpty();
        JsonObject status = h.status(d);
        assertThat(status.getJsonObject("failingServices").fieldNames()).containsExactly("svc-1");
        assertThat(status.getInteger("consecutiveFailures")).isZero();
        assertThat(status.getJsonObject("lastCycle").getString("outcome")).isEqualTo("PARTIAL");

        // Once Kong accepts svc-1, the next cycle writes it and all is in sync.
        h.kong.faults().clear();
        FinishedCycle fixed = cycleAfter(d, lastId(d), 20_000);
        if (fixed.outcome() == CycleResult.Outcome.PARTIAL) {
            fixed = cycleAfter(d, fixed.id(), 20_000);
        }
        assertThat(fixed.outcome()).isIn(CycleResult.Outcome.SUCCESS, CycleResult.Outcome.NO_CHANGES);
        assertThat(h.ownedServicesOf("svc-1")).hasSize(1);
    }

    @Test
    void kongFailingAcrossServicesMakesCyclesFailedWithBackoffAndNotReadyAfterTheWindow() throws Exception {
        Daemon d = startDaemon();
        FinishedCycle synced = cycleAfter(d, 0, 20_000);
        assertThat(synced.outcome()).as("%s", synced.report().errors()).isEqualTo(CycleResult.Outcome.SUCCESS);

        // Every service needs a write, and Kong answers 503 to every write (reads still work: an outage in the
        // middle of a cycle, after it read the state).
        h.kong.faults().setWritesOnly(true).setServerErrorRate(1.0, 503);
        for (int i = 0; i < 3; i++) {
            h.catalog.put(CatalogServer.service("svc-" + i, "svc-" + i + ".internal", 9080 + i));
        }
        waitFor(() -> gauge(d, SyncMetrics.CONSECUTIVE_FAILURES) >= 3, 30_000);
        Instant lastSuccess = d.state().lastSuccessAt();
        assertThat(lastSuccess).isNotNull();
        FinishedCycle failed = cycleAfter(d, lastId(d), 20_000);
        assertThat(failed.outcome()).as("%s", failed.report().errors()).isEqualTo(CycleResult.Outcome.FAILED);
        assertThat(failed.report().failure().kind()).isEqualTo(CycleResult.Failure.Kind.KONG_FAILED);
        assertThat(d.state().lastSuccessAt()).as("failed cycles do not count as synced").isEqualTo(lastSuccess);

        // Backoff: after n failures in a row the loop waits interval * 2^(n-1), capped.
        assertThat(delays).as("delays").contains(INTERVAL.multipliedBy(2), INTERVAL.multipliedBy(4));

        // Ready until the last synced cycle is older than the window, then 503.
        Duration window = INTERVAL.multipliedBy(READY_INTERVALS);
        pinnedNow = lastSuccess.plus(window).minusMillis(50);
        assertThat(h.get(d, "/readyz").statusCode()).isEqualTo(200);
        pinnedNow = lastSuccess.plus(window).plusMillis(50);
        var readyz = h.get(d, "/readyz");
        assertThat(readyz.statusCode()).as(readyz.body()).isEqualTo(503);
        assertThat(readyz.body()).contains("failed");
        pinnedNow = null;
    }
}
