package io.catalogsync.daemon;

import io.catalogsync.sync.CycleResult;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loop and the endpoints, with a scripted cycle: scheduling, no overlap, coalescing, backoff, readiness,
 * graceful shutdown. The real reconcile runs in the integration tests.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DaemonLoopTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Daemon daemon;
    private ScriptedRunner runner;
    /** The loop's clock: the system clock until a test pins it. */
    private volatile java.time.Instant pinnedNow;
    /** Every delay the loop asked its timers for, in order. */
    private final List<Duration> requestedDelays = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final LoopTimers recordingTimers = new LoopTimers() {
        @Override
        public java.time.Instant now() {
            java.time.Instant pinned = pinnedNow;
            return pinned != null ? pinned : LoopTimers.SYSTEM.now();
        }

        @Override
        public long schedule(io.vertx.core.Vertx vertx, Duration delay, Runnable action) {
            requestedDelays.add(delay);
            return LoopTimers.SYSTEM.schedule(vertx, delay, action);
        }

        @Override
        public void cancel(io.vertx.core.Vertx vertx, long id) {
            LoopTimers.SYSTEM.cancel(vertx, id);
        }
    };

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.stop();
        }
    }

    private Daemon start(Duration interval, Duration backoffMax, Duration shutdownTimeout,
                         Function<CycleRequest, ScriptedRunner.Step> script) {
        AtomicReference<ScriptedRunner> ref = new AtomicReference<>();
        DaemonOptions options = new DaemonOptions(new SyncSchedule(interval, 0.0, backoffMax), "127.0.0.1", 0, 2,
                shutdownTimeout, false, "test-replica", null);
        daemon = Daemon.start(options, ctx -> {
            ref.set(new ScriptedRunner(ctx.vertx(), script, recordingTimers::now));
            return ref.get();
        }, null, recordingTimers);
        runner = ref.get();
        return daemon;
    }

    @Test
    void runsAtStartThenOnTheIntervalNeverOverlapping() throws Exception {
        start(Duration.ofMillis(150), Duration.ofSeconds(1), Duration.ofSeconds(5),
                r -> ScriptedRunner.Step.after(40, CycleResult.Outcome.SUCCESS));
        waitFor(() -> runner.requests.size() >= 5, 5_000);
        assertThat(runner.requests.get(0).trigger()).isEqualTo(CycleRequest.Trigger.STARTUP);
        assertThat(runner.requests.subList(1, 5)).allMatch(r -> r.trigger() == CycleRequest.Trigger.TIMER);
        assertThat(runner.requests).extracting(CycleRequest::id).startsWith(1L, 2L, 3L, 4L, 5L);
        assertThat(runner.requests).noneMatch(CycleRequest::dryRun);
        assertThat(runner.maxInFlight.get()).isEqualTo(1);
        // The wait between the end of one cycle and the start of the next is the interval (no jitter here).
        assertThat(requestedDelays.subList(0, 4)).containsOnly(Duration.ofMillis(150));
        LoopState s = daemon.state();
        assertThat(s.lastCycle().outcome()).isEqualTo(CycleResult.Outcome.SUCCESS);
        assertThat(s.lastSuccessAt()).isNotNull();
    }

    @Test
    void triggersDuringACycleCoalesceIntoExactlyOneMoreCycle() throws Exception {
        start(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(5), r -> ScriptedRunner.Step.holding());
        Promise<CycleResult.Outcome> first = runner.held.poll(5, TimeUnit.SECONDS);
        assertThat(first).isNotNull();

        List<JsonObject> replies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> resp = post("/sync");
            assertThat(resp.statusCode()).isEqualTo(202);
            replies.add(new JsonObject(resp.body()));
        }
        assertThat(replies).allMatch(j -> j.getString("state").equals("queued") && j.getLong("cycle") == 2L);
        assertThat(replies.get(0).getBoolean("coalesced")).isFalse();
        assertThat(replies.subList(1, 5)).allMatch(j -> j.getBoolean("coalesced"));

        first.complete(CycleResult.Outcome.SUCCESS);
        Promise<CycleResult.Outcome> second = runner.held.poll(5, TimeUnit.SECONDS);
        assertThat(second).isNotNull();
        assertThat(runner.requests).hasSize(2);
        assertThat(runner.requests.get(1).id()).isEqualTo(2L);
        assertThat(runner.requests.get(1).trigger()).isEqualTo(CycleRequest.Trigger.HTTP);
        second.complete(CycleResult.Outcome.NO_CHANGES);

        // Nothing else queued: the next cycle waits for the 20 s timer.
        waitFor(() -> daemon.state().nextCycleAt() != null, 5_000);
        Thread.sleep(300);
        assertThat(runner.requests).hasSize(2);
        assertThat(runner.maxInFlight.get()).isEqualTo(1);

        // Idle: POST /sync starts a cycle at once.
        HttpResponse<String> resp = post("/sync");
        assertThat(resp.statusCode()).isEqualTo(202);
        assertThat(new JsonObject(resp.body()).getString("state")).isEqualTo("started");
        assertThat(new JsonObject(resp.body()).getLong("cycle")).isEqualTo(3L);
        assertThat(runner.held.poll(5, TimeUnit.SECONDS)).isNotNull().satisfies(p -> p.complete(CycleResult.Outcome.SUCCESS));
    }

    @Test
    void failuresBackOffAndReadinessFollowsTheLastSuccess() throws Exception {
        // Cycle 1 succeeds; every later cycle fails. Interval 150 ms, backoff doubles to at most 600 ms.
        // Readiness is judged on the loop's clock, pinned here: however slowly a loaded machine runs the test,
        // the last success is 0 s old until the test moves the clock on.
        java.time.Instant t0 = java.time.Instant.parse("2026-12-06T12:00:00Z");
        pinnedNow = t0;
        start(Duration.ofMillis(150), Duration.ofMillis(600), Duration.ofSeconds(5),
                r -> ScriptedRunner.Step.after(5, r.id() == 1 ? CycleResult.Outcome.SUCCESS : CycleResult.Outcome.FAILED));
        waitFor(() -> daemon.state().lastSuccessAt() != null, 5_000);
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(ready.body()).getString("reason")).startsWith("synced at");

        // The loop records a cycle's failure before it asks for the next delay: wait for both, or a loaded
        // machine catches the state between the two.
        waitFor(() -> daemon.state().consecutiveFailures() >= 4 && requestedDelays.size() >= 5, 10_000);
        // After the success the next cycle waits the interval; after failures 1, 2, 3, 4 it waits 150, 300, 600
        // ms, then the cap. These are the delays the loop asked for, whatever a loaded machine makes of them.
        List<CycleRequest> reqs = List.copyOf(runner.requests);
        assertThat(reqs.subList(2, 5)).allMatch(r -> r.trigger() == CycleRequest.Trigger.BACKOFF);
        assertThat(requestedDelays.subList(0, 5)).containsExactly(Duration.ofMillis(150), Duration.ofMillis(150),
                Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofMillis(600));
        assertThat(daemon.state().nextTrigger()).isEqualTo(CycleRequest.Trigger.BACKOFF);

        // Still ready while the last success is within 2 intervals (300 ms) ...
        pinnedNow = t0.plusMillis(300);
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
        // ... more than 2 intervals without a success: not ready, and the reason names the last failure.
        pinnedNow = t0.plusMillis(301);
        HttpResponse<String> notReady = get("/readyz");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(notReady.body()).getString("reason"))
                .contains("more than 2 intervals").contains("failed").contains("catalog fetch failed");
        JsonObject status = new JsonObject(get("/status").body());
        assertThat(status.getInteger("consecutiveFailures")).isGreaterThanOrEqualTo(4);
        assertThat(status.getString("nextTrigger")).isEqualTo("backoff");
        assertThat(status.getJsonObject("lastCycle").getString("outcome")).isEqualTo("FAILED");
    }

    @Test
    void healthzAnswersBeforeTheFirstCycleEndsAndReadyzWaitsForIt() throws Exception {
        start(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(5), r -> ScriptedRunner.Step.holding());
        Promise<CycleResult.Outcome> first = runner.held.poll(5, TimeUnit.SECONDS);
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(ready.body()).getString("reason")).isEqualTo("no successful cycle yet");
        JsonObject status = new JsonObject(get("/status").body());
        assertThat(status.getJsonObject("running").getLong("cycle")).isEqualTo(1L);
        assertThat(status.getString("role")).isEqualTo("standalone");
        first.complete(CycleResult.Outcome.PARTIAL);
        waitFor(() -> daemon.state().lastCycle() != null, 5_000);
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
        assertThat(get("/sync").statusCode()).isEqualTo(405);
    }

    @Test
    void statusAndMetricsShowTheLastCycle() throws Exception {
        start(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(5),
                r -> ScriptedRunner.Step.after(5, CycleResult.Outcome.SUCCESS));
        waitFor(() -> daemon.state().lastCycle() != null, 5_000);
        JsonObject status = new JsonObject(get("/status").body());
        JsonObject last = status.getJsonObject("lastCycle");
        assertThat(last.getString("outcome")).isEqualTo("SUCCESS");
        assertThat(last.getString("trigger")).isEqualTo("startup");
        assertThat(last.getJsonObject("plan").getInteger("create")).isEqualTo(5);
        assertThat(last.getJsonObject("plan").getJsonObject("by_type").getJsonObject("create").getInteger("service"))
                .isEqualTo(2);
        assertThat(last.getJsonObject("catalog").getString("etag")).isEqualTo("\"v1\"");
        assertThat(last.getJsonObject("kong").getString("version")).isEqualTo("3.4.2");
        assertThat(last.getJsonArray("errors").getJsonObject(0).getString("service")).isEqualTo("bad-one");
        assertThat(status.getString("identity")).isEqualTo("test-replica");
        assertThat(status.getString("nextCycleAt")).isNotNull();

        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        String text = metrics.body();
        assertThat(text)
                .contains("kong_catalog_sync_total{result=\"success\"} 1.0")
                .contains("kong_catalog_services_synced 2.0")
                .contains("kong_catalog_sync_cycle_seconds_bucket{mode=\"apply\",result=\"success\",le=\"0.05\"} 1")
                .contains("kong_catalog_sync_operations_total{entity=\"route\",kind=\"create\",result=\"ok\"} 3.0")
                .contains("kong_catalog_sync_planned_operations{entity=\"service\",kind=\"create\"} 2.0")
                .contains("kong_catalog_owned_entities{entity=\"service\"} 2.0")
                .contains("kong_catalog_services{validity=\"valid\"} 2.0")
                .contains("kong_catalog_services{validity=\"invalid\"} 1.0")
                .contains("kong_catalog_sync_last_success_timestamp_seconds ")
                .contains("kong_catalog_sync_leader 1.0")
                .contains("jvm_memory_used_bytes")
                .contains("process_uptime_seconds")
                .contains("http_server_requests_seconds_count{method=\"GET\",status=\"200\",uri=\"/status\"} 1")
                .contains("netty_eventexecutor_tasks_pending")
                .contains("vertx_eventbus_processed_total")
                // counters with known label values exist from the start, at zero
                .contains("kong_catalog_sync_refused_deletions_total{reason=\"max_delete_ratio\"} 0.0")
                .contains("kong_catalog_sync_refused_deletions_total{reason=\"unowned_dependents\"} 0.0")
                .contains("kong_catalog_sync_refused_deletions_total{reason=\"delete_budget\"} 0.0")
                // vertx-micrometer-metrics matches Vert.x core: its HTTP server meters fire (they never did with
                // 5.0.12 on Vert.x 5.1).
                .contains("vertx_http_server_requests_total{code=\"200\",method=\"GET\"}");
    }

    @Test
    void shutdownWaitsForTheCycleInFlightAndStartsNoOther() throws Exception {
        start(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5), r -> ScriptedRunner.Step.holding());
        Promise<CycleResult.Outcome> first = runner.held.poll(5, TimeUnit.SECONDS);
        Thread finisher = new Thread(() -> {
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            first.complete(CycleResult.Outcome.SUCCESS);
        });
        finisher.start();
        daemon.stop();
        // stop() returned only once the cycle in flight had ended, and well before the 5 s shutdown timeout
        // would have cut it (which would leave the cycle unfinished and no last cycle recorded).
        assertThat(first.future().isComplete()).isTrue();
        assertThat(daemon.state().lastCycle()).isNotNull();
        assertThat(daemon.state().lastCycle().outcome()).isEqualTo(CycleResult.Outcome.SUCCESS);
        assertThat(runner.requests).hasSize(1);
        assertThat(daemon.awaitTermination()).isZero();
    }

    @Test
    void shutdownIsBoundedWhenTheCycleNeverEnds() {
        start(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(500), r -> ScriptedRunner.Step.holding());
        waitFor(() -> !runner.held.isEmpty(), 5_000);
        long t0 = System.nanoTime();
        daemon.stop();
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        // It waited the whole shutdown timeout (a timer never fires early), then gave up on the cycle; that it
        // returns at all is bounded by the class's @Timeout.
        assertThat(tookMs).isGreaterThanOrEqualTo(450);
        assertThat(runner.held.peek()).isNotNull().satisfies(p -> assertThat(p.future().isComplete()).isFalse());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + daemon.httpPort() + path);
    }

    static void waitFor(BooleanSupplier condition, long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeoutMs + " ms");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
