package io.catalogsync.daemon;

import java.util.Objects;

/**
 * What the daemon asks of one cycle.
 *
 * @param id      increasing number of the cycle in this process, shown on /status and returned by POST /sync
 * @param trigger why it runs (bounded set, used as a log field)
 * @param dryRun  plan only, write nothing: how a replica that does not hold the lease checks that it could take
 *                over (it reaches the catalog and Kong and computes the plan)
 */
public record CycleRequest(long id, Trigger trigger, boolean dryRun) {

    public CycleRequest {
        Objects.requireNonNull(trigger, "trigger");
    }

    /** Why a cycle started. */
    public enum Trigger {
        /** The first cycle after start. */
        STARTUP,
        /** The periodic timer. */
        TIMER,
        /** A retry after a failed cycle, delayed by the backoff. */
        BACKOFF,
        /** POST /sync. */
        HTTP,
        /** This replica just became the leader. */
        LEADERSHIP;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
