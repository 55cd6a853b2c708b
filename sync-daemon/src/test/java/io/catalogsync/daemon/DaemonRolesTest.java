package io.catalogsync.daemon;

import static io.catalogsync.daemon.DaemonLoopTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two daemons with leader election on one Lease (fabric8's CRUD mock API server): the leader's cycles write,
 * the standby's are dry runs; /status and /readyz say who leads; when the leader stops, the standby takes over
 * and syncs at once. The Kong side is covered by {@code DaemonLeaderElectionIT}-style tests with the real engine.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DaemonRolesTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private KubeMock kube;
    private Daemon a;
    private Daemon b;
    private ScriptedRunner runnerA;
    private ScriptedRunner runnerB;

    @BeforeEach
    void startKube() {
        kube = new KubeMock();
    }

    @AfterEach
    void stop() {
        if (b != null) {
            b.stop();
        }
        if (a != null) {
            a.stop();
        }
        kube.close();
    }

    private Daemon daemon(String identity, AtomicReference<ScriptedRunner> runner) {
        LeaseConfig lease = new LeaseConfig("kcs-roles", "default", identity, Duration.ofSeconds(2),
                Duration.ofMillis(1500), Duration.ofMillis(500));
        DaemonOptions options = new DaemonOptions(new SyncSchedule(Duration.ofMillis(300), 0.1, Duration.ofSeconds(1)),
                "127.0.0.1", 0, 3, Duration.ofSeconds(5), false, identity, lease);
        return Daemon.start(options, ctx -> {
            runner.set(new ScriptedRunner(ctx.vertx(), r -> ScriptedRunner.Step.after(10, CycleReport.Result.SUCCESS)));
            return runner.get();
        }, kube::client);
    }

    @Test
    void theLeaderWritesTheStandbyPlansAndTakesOverWhenTheLeaderStops() throws Exception {
        AtomicReference<ScriptedRunner> ra = new AtomicReference<>();
        a = daemon("replica-a", ra);
        runnerA = ra.get();
        waitFor(() -> a.leadership().writeAllowed(), 5_000);
        AtomicReference<ScriptedRunner> rb = new AtomicReference<>();
        b = daemon("replica-b", rb);
        runnerB = rb.get();

        // A few intervals: a applies, b only plans.
        waitFor(() -> runnerB.requests.size() >= 3 && a.state().lastApplied() != null, 5_000);
        assertThat(runnerB.requests).allMatch(CycleRequest::dryRun);
        // a planned only until it held the lease, then synced at once and wrote every cycle after that.
        java.util.List<CycleRequest> cyclesA = java.util.List.copyOf(runnerA.requests);
        int led = cyclesA.indexOf(cyclesA.stream().filter(r -> !r.dryRun()).findFirst().orElseThrow());
        assertThat(cyclesA.get(led).trigger()).isEqualTo(CycleRequest.Trigger.LEADERSHIP);
        assertThat(cyclesA.subList(0, led)).allMatch(CycleRequest::dryRun);
        assertThat(cyclesA.subList(led, cyclesA.size())).noneMatch(CycleRequest::dryRun);

        JsonObject statusA = json(a, "/status");
        JsonObject statusB = json(b, "/status");
        assertThat(statusA.getString("role")).isEqualTo("leader");
        assertThat(statusA.getString("leader")).isEqualTo("replica-a");
        assertThat(statusA.getString("lease")).isEqualTo("default/kcs-roles");
        assertThat(statusB.getString("role")).isEqualTo("standby");
        assertThat(statusB.getString("leader")).isEqualTo("replica-a");
        assertThat(statusB.getJsonObject("lastCycle").getBoolean("dryRun")).isTrue();

        HttpResponse<String> readyB = get(b, "/readyz");
        assertThat(readyB.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(readyB.body()).getString("reason")).startsWith("standing by (leader: replica-a)");
        assertThat(get(b, "/metrics").body()).contains("kong_catalog_sync_leader 0.0")
                .contains("kong_catalog_sync_cycle_seconds_count{mode=\"dry_run\",result=\"success\"}");
        assertThat(get(a, "/metrics").body()).contains("kong_catalog_sync_leader 1.0");

        int before = runnerB.requests.size();
        long t0 = System.nanoTime();
        a.stop();
        waitFor(() -> runnerB.requests.stream().skip(before).anyMatch(r -> !r.dryRun()), 4_000);
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        CycleRequest firstWrite = runnerB.requests.stream().skip(before).filter(r -> !r.dryRun()).findFirst()
                .orElseThrow();
        assertThat(firstWrite.trigger()).isIn(CycleRequest.Trigger.LEADERSHIP, CycleRequest.Trigger.TIMER);
        assertThat(tookMs).isLessThan(4_000);
        waitFor(() -> "leader".equals(status(b).getString("role")), 2_000);
        assertThat(status(b).getString("leader")).isEqualTo("replica-b");
    }

    private JsonObject status(Daemon d) {
        try {
            return json(d, "/status");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JsonObject json(Daemon d, String path) throws Exception {
        return new JsonObject(get(d, path).body());
    }

    private HttpResponse<String> get(Daemon d, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.httpPort() + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
