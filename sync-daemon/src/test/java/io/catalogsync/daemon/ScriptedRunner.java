package io.catalogsync.daemon;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@link CycleRunner} for the loop's own tests (scheduling, coalescing, shutdown, endpoints), where the
 * reconcile engine is beside the point. Each cycle ends as the test says: after a delay with a given result, or
 * when the test completes the promise it is handed. Tracks how many cycles ran at the same time.
 */
final class ScriptedRunner implements CycleRunner {

    final List<CycleRequest> requests = new CopyOnWriteArrayList<>();
    final LinkedBlockingQueue<Promise<CycleSummary.Result>> held = new LinkedBlockingQueue<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    private final Vertx vertx;
    private volatile Function<CycleRequest, Step> script;
    /** The clock the cycles' start and end times come from: the tests' loop clock. */
    private final java.util.function.Supplier<Instant> clock;

    /** What one cycle does. */
    record Step(long delayMs, CycleSummary.Result result, boolean hold) {
        static Step after(long delayMs, CycleSummary.Result result) {
            return new Step(delayMs, result, false);
        }

        static Step holding() {
            return new Step(0, null, true);
        }
    }

    ScriptedRunner(Vertx vertx, Function<CycleRequest, Step> script) {
        this(vertx, script, Instant::now);
    }

    ScriptedRunner(Vertx vertx, Function<CycleRequest, Step> script, java.util.function.Supplier<Instant> clock) {
        this.vertx = vertx;
        this.script = script;
        this.clock = clock;
    }

    void script(Function<CycleRequest, Step> script) {
        this.script = script;
    }

    @Override
    public Future<CycleSummary> run(CycleRequest request) {
        requests.add(request);
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        Instant start = clock.get();
        Step step = script.apply(request);
        Promise<CycleSummary.Result> done = Promise.promise();
        if (step.hold()) {
            held.add(done);
        } else {
            vertx.setTimer(Math.max(1, step.delayMs()), t -> done.complete(step.result()));
        }
        return done.future().map(result -> {
            inFlight.decrementAndGet();
            return report(request, start, clock.get(), result);
        });
    }

    static CycleSummary report(CycleRequest request, Instant start, Instant end, CycleSummary.Result result) {
        return new CycleSummary(request.id(), request.trigger(), request.dryRun(), start, end, result,
                result == CycleSummary.Result.FAILED ? "catalog fetch failed: HTTP 500" : null,
                List.of(new CycleSummary.OpCount("service", "create", null, 2),
                        new CycleSummary.OpCount("route", "create", null, 3)),
                result == CycleSummary.Result.FAILED ? List.of()
                        : List.of(new CycleSummary.OpCount("service", "create", "ok", 2),
                                new CycleSummary.OpCount("route", "create", "ok", 3)),
                Map.of("service", 2, "route", 3),
                new CycleSummary.Catalog(result == CycleSummary.Result.FAILED ? "error" : "ok",
                        java.time.Duration.ofMillis(3), "\"v1\"", 2, 1),
                List.of(new CycleSummary.ServiceError("bad-one", "validate", "endpoints[0].port: must be 1..65535")),
                List.of("billing: unknown metadata key 'colour'"), List.of(), List.of(),
                new CycleSummary.KongNode("3.4.2", "db"), null);
    }
}
