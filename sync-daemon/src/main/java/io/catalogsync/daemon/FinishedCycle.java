package io.catalogsync.daemon;

import io.catalogsync.sync.CycleResult;
import java.util.Objects;

/**
 * A cycle as the loop ran it: the loop's number and trigger around the engine's {@link CycleResult}, which is the
 * one record of what the cycle did. {@code /status}, metrics, readiness and backoff all read {@link #report()};
 * nothing of it is copied into a daemon-side shape.
 *
 * @param id      the cycle number ({@link CycleRequest#id()})
 * @param trigger why it ran
 * @param report  what the engine did
 */
public record FinishedCycle(long id, CycleRequest.Trigger trigger, CycleResult report) {

    public FinishedCycle {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(report, "report");
    }

    public CycleResult.Outcome outcome() {
        return report.outcome();
    }

    public boolean dryRun() {
        return report.dryRun();
    }

    /** The next cycle waits for the backoff instead of the interval: only a failure touching everything. */
    boolean backOff() {
        return report.outcome() == CycleResult.Outcome.FAILED;
    }
}
