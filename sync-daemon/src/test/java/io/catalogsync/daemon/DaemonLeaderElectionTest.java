package io.catalogsync.daemon;

import io.catalogsync.sync.CycleResult;
import static io.catalogsync.daemon.DaemonHarness.cycleAfter;
import static io.catalogsync.daemon.DaemonHarness.lastId;
import static io.catalogsync.daemon.DaemonLoopTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.kong.emulator.RecordedRequest;
import io.catalogsync.sync.ReconcileOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Leader election with the real engine: two daemons on one Kong emulator and one Lease in fabric8's CRUD mock
 * API server. Only the leader writes; when it stops, the other takes over within the lease duration; a leader
 * that loses the lease mid-cycle stops writing at once.
 */
@Timeout(value = 45, unit = TimeUnit.SECONDS)
class DaemonLeaderElectionTest {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration RENEW = Duration.ofMillis(1500);
    private static final Duration RETRY = Duration.ofMillis(500);

    private KubeMock kube;
    private DaemonHarness h;

    @BeforeEach
    void start() throws Exception {
        kube = new KubeMock();
        h = new DaemonHarness();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
        kube.close();
    }

    private Daemon daemon(String identity, ReconcileOptions reconcile) {
        LeaseConfig lease = new LeaseConfig("kcs", "default", identity, LEASE, RENEW, RETRY);
        return h.start(DaemonHarness.options(Duration.ofMillis(300), lease), h.engine(h.kongOptions(), reconcile),
                kube::client);
    }

    /** Writes this daemon sent to Kong, from its own Admin API request meters. */
    private static long writes(Daemon d) {
        return d.registry().find(SyncMetrics.ADMIN_REQUESTS).timers().stream()
                .filter(t -> List.of("PUT", "POST", "PATCH", "DELETE").contains(t.getId().getTag("method")))
                // POST /schemas/plugins/validate stores nothing: a standby's plan validates plugins too
                .filter(t -> !String.valueOf(t.getId().getTag("path")).endsWith("/validate"))
                .mapToLong(Timer::count).sum();
    }

    /**
     * Writes another holder into the Lease, as a replica that took it over would. The leader renews concurrently,
     * so an attempt can meet a newer resource version (409): read again and retry, as any Lease client does.
     */
    private static void takeLease(KubernetesClient client, String holder) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                client.leases().inNamespace("default").withName("kcs").edit(l -> {
                    l.getSpec().setHolderIdentity(holder);
                    l.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
                    l.getSpec().setLeaseDurationSeconds(60);
                    return l;
                });
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 20) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    @Test
    void onlyTheLeaderWritesAndTheStandbyTakesOverWhenItStops() throws Exception {
        h.catalog.put(CatalogServer.service("billing", "billing.internal", 8080));
        Daemon a = daemon("replica-a", ReconcileOptions.defaults());
        waitFor(() -> a.leadership().writeAllowed(), 5_000);
        Daemon b = daemon("replica-b", ReconcileOptions.defaults());
        waitFor(() -> "replica-a".equals(b.leadership().leader()) && lastId(b) >= 2, 10_000);
        waitFor(() -> DaemonSyncTest.exists(h, "billing"), 10_000);

        // The catalog changes: the leader writes it, the standby only plans it.
        h.catalog.put(CatalogServer.service("orders", "orders.internal", 8081));
        waitFor(() -> DaemonSyncTest.exists(h, "orders"), 5_000);
        FinishedCycle standbyCycle = cycleAfter(b, lastId(b), 5_000);
        assertThat(standbyCycle.dryRun()).isTrue();
        assertThat(writes(a)).isPositive();
        assertThat(writes(b)).isZero();
        assertThat(h.status(b).getString("role")).isEqualTo("standby");
        assertThat(h.status(b).getString("leader")).isEqualTo("replica-a");
        assertThat(h.status(b).getString("lease")).isEqualTo("default/kcs");
        assertThat(h.status(a).getString("role")).isEqualTo("leader");
        // A standby that reaches the catalog and Kong is ready, and says whom it stands by for.
        var readyB = h.get(b, "/readyz");
        assertThat(readyB.statusCode()).isEqualTo(200);
        assertThat(new io.vertx.core.json.JsonObject(readyB.body()).getString("reason"))
                .startsWith("standing by (leader: replica-a)");
        assertThat(h.get(b, "/metrics").body()).contains("kong_catalog_sync_leader 0.0")
                .contains("kong_catalog_sync_cycle_seconds_count{mode=\"dry_run\",result=");
        assertThat(h.get(a, "/metrics").body()).contains("kong_catalog_sync_leader 1.0");

        // The leader stops (SIGTERM path): the standby leads within the lease duration and writes.
        long t0 = System.nanoTime();
        a.stop();
        waitFor(() -> b.leadership().writeAllowed(), LEASE.toMillis() + Math.round(RETRY.toMillis() * 1.2));
        long takeoverMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(takeoverMs).isLessThan(LEASE.toMillis() + Math.round(RETRY.toMillis() * 1.2));
        h.catalog.put(CatalogServer.service("payments", "payments.internal", 8082));
        waitFor(() -> DaemonSyncTest.exists(h, "payments"), 5_000);
        assertThat(writes(b)).isPositive();
        assertThat(h.status(b).getString("leader")).isEqualTo("replica-b");
    }

    @Test
    void losingTheLeaseMidCycleStopsWritesAtOnce() throws Exception {
        // A slow Kong and one write at a time: a cycle creating 12 services' entities takes seconds.
        h.kong.faults().setLatency(Duration.ofMillis(40));
        Daemon a = daemon("replica-a", new ReconcileOptions(false, false, 0.25, 1));
        waitFor(() -> a.leadership().writeAllowed(), 5_000);
        waitFor(() -> a.state().lastCycle() != null && a.state().running() == null, 10_000);
        h.kong.clearRequests();
        for (int i = 0; i < 12; i++) {
            h.catalog.put(CatalogServer.service("svc-" + i, "svc-" + i + ".internal", 8080 + i));
        }
        // The first write of the big cycle reaches Kong: now someone else takes the lease.
        waitFor(() -> h.kong.requests().stream().anyMatch(RecordedRequest::isWrite), 15_000);
        LoopState.Running big = a.state().running();
        assertThat(big).as("the writing cycle is in flight").isNotNull();
        assertThat(big.dryRun()).isFalse();
        try (KubernetesClient intruder = kube.client()) {
            takeLease(intruder, "intruder");
        }
        waitFor(() -> !a.leadership().writeAllowed(), RETRY.toMillis() * 3 + 1_000);
        Instant closed = Instant.now();
        // The cut cycle is the last one that wrote: once a standby, every later cycle is a dry run (and under load
        // one may already have finished by now, so "the cycle after" is not necessarily the cut one).
        waitFor(() -> a.state().lastApplied() != null && a.state().lastApplied().id() >= big.id(), 15_000);
        FinishedCycle cut = a.state().lastApplied();
        assertThat(cut.id()).isEqualTo(big.id());
        assertThat(cut.dryRun()).isFalse();
        assertThat(cut.outcome()).isIn(CycleResult.Outcome.PARTIAL, CycleResult.Outcome.FAILED);
        assertThat(cut.report().applied().clean()).isFalse();
        assertThat(cut.report().errors()).anyMatch(e -> e.message().contains("does not hold the leader lease"));
        // Nothing reached Kong after the gate closed, beyond the one write that may have been on the wire.
        List<RecordedRequest> late = h.kong.requests().stream().filter(RecordedRequest::isWrite)
                .filter(r -> r.timestamp().isAfter(closed.plusMillis(150))).toList();
        assertThat(late).isEmpty();
        long written = h.kong.requests().stream().filter(RecordedRequest::isWrite).count();
        assertThat(written).as("writes before the lease was lost, of 60 planned").isLessThan(60);
        assertThat(h.status(a).getString("role")).isEqualTo("standby");
        assertThat(h.status(a).getString("leader")).isEqualTo("intruder");
    }
}
