package io.catalogsync.daemon;

import io.catalogsync.catalog.translate.Warning;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.Fixtures;
import io.catalogsync.sync.SyncError;
import io.catalogsync.sync.apply.ApplyResult;
import io.catalogsync.sync.plan.Create;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Plan;
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
    final LinkedBlockingQueue<Promise<CycleResult.Outcome>> held = new LinkedBlockingQueue<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    private final Vertx vertx;
    private volatile Function<CycleRequest, Step> script;
    /** The clock the cycles' start and end times come from: the tests' loop clock. */
    private final java.util.function.Supplier<Instant> clock;

    /** What one cycle does. */
    record Step(long delayMs, CycleResult.Outcome result, boolean hold) {
        static Step after(long delayMs, CycleResult.Outcome result) {
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
    public Future<CycleResult> run(CycleRequest request) {
        requests.add(request);
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        Instant start = clock.get();
        Step step = script.apply(request);
        Promise<CycleResult.Outcome> done = Promise.promise();
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

    static CycleResult report(CycleRequest request, Instant start, Instant end, CycleResult.Outcome result) {
        if (result == CycleResult.Outcome.FAILED) {
            return CycleResult.failed(start, end, request.dryRun(),
                    CycleResult.Failure.Kind.CATALOG_UNAVAILABLE, "catalog fetch failed: HTTP 500", "http://catalog");
        }
        List<Operation> ops = List.of(new Create(Fixtures.service("a"), "a", "a"),
                new Create(Fixtures.service("b"), "b", "b"),
                new Create(Fixtures.route("a", "a-r1", "/a", List.of()), "a-r1", "a"),
                new Create(Fixtures.route("a", "a-r2", "/a2", List.of()), "a-r2", "a"),
                new Create(Fixtures.route("b", "b-r1", "/b", List.of()), "b-r1", "b"));
        Plan plan = new Plan(ops, List.of(), 0);
        ApplyResult applied = request.dryRun() ? ApplyResult.EMPTY : new ApplyResult(ops, List.of(), List.of());
        return new CycleResult(start, end, result, request.dryRun(), null, plan, applied,
                List.of(new SyncError("bad-one", SyncError.Stage.VALIDATION, "endpoints[0].port",
                        "must be 1..65535")),
                List.of(new Warning("billing", "metadata.colour", "unknown metadata key 'colour'")), List.of(),
                List.of(), new CycleResult.CatalogSummary("http://catalog", "\"v1\"", false, 3, 2, 1),
                new CycleResult.KongSummary("3.4.2", "db", 0,
                        Map.of(EntityType.SERVICE, 2, EntityType.ROUTE, 3)), 0, 0, List.of());
    }
}
