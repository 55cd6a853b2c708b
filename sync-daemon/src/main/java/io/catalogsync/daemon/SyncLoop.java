package io.catalogsync.daemon;

import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.plan.RefusedDeletion;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reconcile cycles one at a time: the first at start, then on a jittered timer, sooner on demand, later
 * after failures. Level-triggered like a Kubernetes controller: a cycle re-reads everything, so triggers that
 * arrive while a cycle runs coalesce into exactly one more cycle, which starts as soon as the current one ends.
 *
 * <p>All state lives on this verticle's event loop; other parts talk to it over the event bus
 * ({@link #TRIGGER_ADDRESS}) or read the {@link LoopState} it publishes.
 */
final class SyncLoop extends VerticleBase {

    /** Request a cycle: body {@code {"trigger": "http"}}; reply {@code {"cycle": n, "state": ...}}. */
    static final String TRIGGER_ADDRESS = "kong-catalog-sync.sync.trigger";
    /** Liveness: answered from this verticle's event loop. */
    static final String PING_ADDRESS = "kong-catalog-sync.sync.ping";

    private static final Logger LOG = LoggerFactory.getLogger(SyncLoop.class);

    private final CycleRunner runner;
    private final SyncSchedule schedule;
    private final WriteGate gate;
    private final boolean alwaysDryRun;
    private final AtomicReference<LoopState> state;
    private final SyncMetrics metrics;
    private final LoopTimers timers;

    private MessageConsumer<JsonObject> consumer;
    private MessageConsumer<Object> ping;
    private boolean running;
    private long nextId = 1;
    private CycleRequest.Trigger pendingTrigger;
    private long pendingId;
    private long timerId = -1;
    private int failuresInARow;
    private Map<String, Integer> failingServices = Map.of();
    private boolean stopping;
    private Promise<Void> drained;

    /**
     * @param gate         whether this replica may write: when closed at the start of a cycle, the cycle is a
     *                     dry run (a standby replica checking it could take over)
     * @param alwaysDryRun {@code run --dry-run}: never write
     * @param state        where the loop publishes its state
     */
    SyncLoop(CycleRunner runner, SyncSchedule schedule, WriteGate gate, boolean alwaysDryRun,
             AtomicReference<LoopState> state, SyncMetrics metrics) {
        this(runner, schedule, gate, alwaysDryRun, state, metrics, LoopTimers.SYSTEM);
    }

    SyncLoop(CycleRunner runner, SyncSchedule schedule, WriteGate gate, boolean alwaysDryRun,
             AtomicReference<LoopState> state, SyncMetrics metrics, LoopTimers timers) {
        this.timers = Objects.requireNonNull(timers, "timers");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.alwaysDryRun = alwaysDryRun;
        this.state = Objects.requireNonNull(state, "state");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public Future<?> start() {
        consumer = vertx.eventBus().localConsumer(TRIGGER_ADDRESS, this::onTrigger);
        ping = vertx.eventBus().localConsumer(PING_ADDRESS, m -> m.reply("pong"));
        return Future.all(consumer.completion(), ping.completion())
                .onSuccess(v -> context.runOnContext(x -> startCycle(CycleRequest.Trigger.STARTUP, nextId++)));
    }

    @Override
    public Future<?> stop() {
        cancelTimer();
        return consumer == null ? Future.succeededFuture() : Future.all(consumer.unregister(), ping.unregister());
    }

    /**
     * Stops scheduling and completes when no cycle is in flight; triggers arriving after this are refused. Safe
     * to call from any thread.
     */
    Future<Void> drain() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            stopping = true;
            cancelTimer();
            pendingTrigger = null;
            state.updateAndGet(LoopState::withStopping);
            if (running) {
                LOG.info("Shutting down: waiting for cycle {} to finish", state.get().running() == null ? "?"
                        : state.get().running().id());
                drained = done;
            } else {
                done.complete();
            }
        });
        return done.future();
    }

    private void onTrigger(Message<JsonObject> message) {
        CycleRequest.Trigger trigger;
        try {
            trigger = CycleRequest.Trigger.valueOf(
                    message.body().getString("trigger", "http").toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            message.fail(400, "unknown trigger");
            return;
        }
        if (stopping) {
            message.fail(503, "shutting down: no new cycle starts");
            return;
        }
        if (!running) {
            long id = nextId++;
            startCycle(trigger, id);
            message.reply(new JsonObject().put("cycle", id).put("state", "started"));
            return;
        }
        boolean coalesced = pendingTrigger != null;
        if (!coalesced) {
            pendingTrigger = trigger;
            pendingId = nextId++;
        }
        LOG.debug("Cycle requested ({}) while one runs: queued as cycle {}{}", trigger.tag(), pendingId,
                coalesced ? ", coalesced with an earlier request" : "");
        message.reply(new JsonObject().put("cycle", pendingId).put("state", "queued").put("coalesced", coalesced)
                .put("running", state.get().running() == null ? null : state.get().running().id()));
    }

    private void startCycle(CycleRequest.Trigger trigger, long id) {
        cancelTimer();
        running = true;
        boolean dryRun = alwaysDryRun || !gate.writeAllowed();
        CycleRequest request = new CycleRequest(id, trigger, dryRun);
        Instant start = timers.now();
        state.updateAndGet(s -> s.withRunning(new LoopState.Running(id, trigger, dryRun, start)));
        LOG.debug("Cycle {} starting ({}{})", id, trigger.tag(), dryRun ? ", dry run" : "");
        Future<CycleResult> cycle;
        try {
            cycle = Objects.requireNonNull(runner.run(request), "CycleRunner returned null");
        } catch (RuntimeException e) {
            cycle = Future.failedFuture(e);
        }
        cycle.recover(e -> {
                    LOG.error("Cycle {} failed unexpectedly", id, e);
                    return Future.succeededFuture(CycleResult.failed(start, timers.now(), dryRun,
                            CycleResult.Failure.Kind.INTERNAL,
                            "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage(), "(unknown)"));
                })
                // The runner's futures may complete on another context: come back to ours.
                .onComplete(ar -> context.runOnContext(v -> finished(new FinishedCycle(id, trigger, ar.result()))));
    }

    private void finished(FinishedCycle report) {
        running = false;
        failuresInARow = report.backOff() ? failuresInARow + 1 : 0;
        failingServices = failingServices(failingServices, report);
        Map<String, Integer> failing = failingServices;
        state.updateAndGet(s -> s.withFinished(report, failuresInARow, failing));
        try {
            metrics.cycleFinished(report, failuresInARow, failingServices);
            log(report);
        } catch (RuntimeException e) {
            // Reporting must never stop the loop: the next cycle is scheduled below whatever happened here.
            LOG.error("Recording cycle {} failed", report.id(), e);
        }
        if (stopping) {
            if (drained != null) {
                drained.complete();
            }
            return;
        }
        if (pendingTrigger != null) {
            CycleRequest.Trigger trigger = pendingTrigger;
            pendingTrigger = null;
            startCycle(trigger, pendingId);
            return;
        }
        Duration delay = schedule.nextDelay(failuresInARow, ThreadLocalRandom.current()::nextDouble);
        CycleRequest.Trigger trigger = failuresInARow > 0 ? CycleRequest.Trigger.BACKOFF : CycleRequest.Trigger.TIMER;
        timerId = timers.schedule(vertx, delay, () -> {
            timerId = -1;
            startCycle(trigger, nextId++);
        });
        state.updateAndGet(s -> s.withNext(timers.now().plus(delay), trigger));
        if (failuresInARow > 0) {
            LOG.info("Next cycle in {} (backing off after {} failed cycle{})", Durations.format(delay),
                    failuresInARow, failuresInARow == 1 ? "" : "s");
        }
    }

    private void cancelTimer() {
        if (timerId >= 0) {
            timers.cancel(vertx, timerId);
            timerId = -1;
        }
    }

    /**
     * Per catalog service, how many applied cycles in a row its writes failed. Dry runs leave the streaks as they
     * are (they write nothing), and so does a cycle that failed as a whole: it says nothing about one service.
     * Bounded by the catalog: a service that stops failing drops out.
     */
    static Map<String, Integer> failingServices(Map<String, Integer> before, FinishedCycle cycle) {
        if (cycle.dryRun() || cycle.outcome() == CycleResult.Outcome.FAILED) {
            return before;
        }
        Map<String, Integer> next = new HashMap<>();
        for (String service : cycle.report().failedServices()) {
            next.put(service, before.getOrDefault(service, 0) + 1);
        }
        return Map.copyOf(next);
    }

    /**
     * The engine logs every cycle's outcome and each failed operation; this adds the cycle number and trigger at
     * DEBUG, and the guards' explanations (which name the override) at WARN.
     */
    private static void log(FinishedCycle c) {
        CycleResult r = c.report();
        LOG.debug("Cycle {} ({}{}) {} in {} ms: planned {}, applied {}, failed {}, skipped {}, {} error(s), "
                        + "{} conflict(s){}", c.id(), c.trigger().tag(), r.dryRun() ? ", dry run" : "",
                r.outcome().tag(), r.duration().toMillis(), r.plan().operations().size(), r.applied().applied().size(),
                r.applied().failed().size(), r.applied().skipped().size(), r.errors().size(), r.conflicts().size(),
                r.failure() == null ? "" : ": " + r.failure().message());
        for (RefusedDeletion refused : r.refusedDeletions()) {
            LOG.warn("Cycle {}: {} deletion(s) held back ({}): {}", c.id(), refused.count(), refused.reason().tag(),
                    refused.message());
        }
    }
}
