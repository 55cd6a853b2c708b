package io.catalogsync.daemon;

import java.time.Instant;
import java.util.Map;

/**
 * What the sync loop has done and will do next: an immutable snapshot the loop publishes after every change and
 * the HTTP endpoints read from any thread.
 *
 * @param startedAt           when the daemon started
 * @param lastCycle           the last finished cycle, or null before the first
 * @param lastApplied         the last finished cycle that was not a dry run (what this replica last wrote), or null
 * @param lastSuccessAt       end of the last cycle whose result counts as synced, or null
 * @param running             the cycle in flight, or null
 * @param nextCycleAt         when the timer fires next, or null (cycle in flight, or stopping)
 * @param nextTrigger         why the next timed cycle runs ({@code timer} or {@code backoff}), or null
 * @param consecutiveFailures failed cycles in a row
 * @param failingServices     catalog services whose writes failed in the last applied cycles, with how many applied
 *                            cycles in a row they failed (a cycle that failed as a whole leaves them as they were)
 * @param stopping            shutdown has begun: no new cycle starts
 */
public record LoopState(Instant startedAt, FinishedCycle lastCycle, FinishedCycle lastApplied, Instant lastSuccessAt,
                        Running running, Instant nextCycleAt, CycleRequest.Trigger nextTrigger,
                        int consecutiveFailures, Map<String, Integer> failingServices, boolean stopping) {

    public LoopState {
        failingServices = Map.copyOf(failingServices);
    }

    /** The cycle in flight. */
    public record Running(long id, CycleRequest.Trigger trigger, boolean dryRun, Instant since) {
    }

    static LoopState initial(Instant now) {
        return new LoopState(now, null, null, null, null, null, null, 0, Map.of(), false);
    }

    LoopState withRunning(Running r) {
        return new LoopState(startedAt, lastCycle, lastApplied, lastSuccessAt, r, null, null, consecutiveFailures,
                failingServices, stopping);
    }

    LoopState withFinished(FinishedCycle cycle, int failures, Map<String, Integer> failing) {
        Instant success = cycle.outcome().synced() ? cycle.report().finishedAt() : lastSuccessAt;
        return new LoopState(startedAt, cycle, cycle.dryRun() ? lastApplied : cycle, success, null, null, null,
                failures, failing, stopping);
    }

    LoopState withNext(Instant at, CycleRequest.Trigger trigger) {
        return new LoopState(startedAt, lastCycle, lastApplied, lastSuccessAt, running, at, trigger,
                consecutiveFailures, failingServices, stopping);
    }

    LoopState withStopping() {
        return new LoopState(startedAt, lastCycle, lastApplied, lastSuccessAt, running, null, null,
                consecutiveFailures, failingServices, true);
    }

    /** The longest run of applied cycles in a row in which one catalog service failed (0 when none fails). */
    int longestServiceFailureStreak() {
        return failingServices.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
}
