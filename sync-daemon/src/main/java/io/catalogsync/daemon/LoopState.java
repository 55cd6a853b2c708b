package io.catalogsync.daemon;

import java.time.Instant;

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
 * @param stopping            shutdown has begun: no new cycle starts
 */
public record LoopState(Instant startedAt, CycleSummary lastCycle, CycleSummary lastApplied, Instant lastSuccessAt,
                        Running running, Instant nextCycleAt, CycleRequest.Trigger nextTrigger,
                        int consecutiveFailures, boolean stopping) {

    /** The cycle in flight. */
    public record Running(long id, CycleRequest.Trigger trigger, boolean dryRun, Instant since) {
    }

    static LoopState initial(Instant now) {
        return new LoopState(now, null, null, null, null, null, null, 0, false);
    }

    LoopState withRunning(Running r) {
        return new LoopState(startedAt, lastCycle, lastApplied, lastSuccessAt, r, null, null, consecutiveFailures,
                stopping);
    }

    LoopState withFinished(CycleSummary report, int failures) {
        Instant success = report.result().synced() ? report.end() : lastSuccessAt;
        return new LoopState(startedAt, report, report.dryRun() ? lastApplied : report, success, null, null, null,
                failures, stopping);
    }

    LoopState withNext(Instant at, CycleRequest.Trigger trigger) {
        return new LoopState(startedAt, lastCycle, lastApplied, lastSuccessAt, running, at, trigger,
                consecutiveFailures, stopping);
    }

    LoopState withStopping() {
        return new LoopState(startedAt, lastCycle, lastApplied, lastSuccessAt, running, null, null,
                consecutiveFailures, true);
    }
}
