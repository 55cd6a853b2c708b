package io.catalogsync.daemon;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether the daemon is ready: judged on the last completed cycle and the time since it, never on the timer. Ready
 * when a cycle that synced (anything but {@code failed}: a partial cycle, where some catalog services did not
 * converge, keeps the others in sync) ended within the last {@code n} intervals. A cycle in flight that started
 * right after a synced one does not age it: a long cycle in which nothing fails is not a reason to leave the
 * Service's endpoints.
 *
 * <p>On a standby replica (leader election on, lease held elsewhere) cycles are dry runs, which fetch the catalog,
 * read Kong and plan without writing; a standby is therefore ready when it is "standing by and able to reach the
 * catalog and Kong", so that a rollout does not stall on replicas that are correctly idle, and a standby that
 * could not take over shows as not ready.
 *
 * @param ready  200 or 503
 * @param reason one sentence for humans and for the 503 body
 */
public record Readiness(boolean ready, String reason) {

    static Readiness evaluate(LoopState s, Instant now, Duration interval, int intervals, Leadership leadership) {
        if (s.stopping()) {
            return new Readiness(false, "shutting down");
        }
        Duration window = interval.multipliedBy(intervals);
        FinishedCycle last = s.lastCycle();
        String lastInfo = last == null ? "" : "; last cycle " + last.id() + ": " + last.outcome().tag()
                + (last.report().failure() == null ? "" : " (" + last.report().failure().message() + ")");
        if (s.lastSuccessAt() == null) {
            return new Readiness(false, "no successful cycle yet" + lastInfo);
        }
        // Age the last sync only up to the start of the cycle in flight when that cycle follows a synced one.
        boolean lastSynced = last != null && last.outcome().synced();
        Instant until = lastSynced && s.running() != null && s.running().since().isBefore(now)
                ? s.running().since() : now;
        Duration since = Duration.between(s.lastSuccessAt(), until);
        if (since.compareTo(window) > 0) {
            return new Readiness(false, "last successful cycle ended " + Durations.format(since.withNanos(0))
                    + " ago, more than " + intervals + " intervals (" + Durations.format(window) + ")" + lastInfo);
        }
        return switch (leadership.role()) {
            case STANDBY -> new Readiness(true, "standing by (leader: "
                    + (leadership.leader() == null ? "unknown" : leadership.leader())
                    + "); catalog and Kong reached at " + s.lastSuccessAt());
            default -> new Readiness(true, "synced at " + s.lastSuccessAt()
                    + (s.running() != null ? "; cycle " + s.running().id() + " in flight since " + s.running().since() : ""));
        };
    }
}
