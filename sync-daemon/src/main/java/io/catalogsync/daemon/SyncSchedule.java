package io.catalogsync.daemon;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * When the next cycle runs. After a cycle that synced: the interval, jittered by ±{@code jitter} so that
 * replicas and restarts do not line up on Kong. After {@code n} failed cycles in a row: the interval times
 * {@code 2^(n-1)}, capped at {@code backoffMax}, jittered the same way. The first failure therefore retries after
 * one ordinary interval, and a broken Kong or catalog sees less and less traffic up to the cap.
 *
 * @param interval   the period between cycles
 * @param jitter     0 to 0.5: the fraction of the delay added or removed at random
 * @param backoffMax the longest delay after failures (never below the interval)
 */
public record SyncSchedule(Duration interval, double jitter, Duration backoffMax) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final double DEFAULT_JITTER = 0.1;
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofMinutes(5);
    /** Below this the loop would hammer Kong: the smallest interval accepted. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(100);

    public SyncSchedule {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(backoffMax, "backoffMax");
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("--sync-interval must be at least " + Durations.format(MIN_INTERVAL)
                    + ", was " + Durations.format(interval));
        }
        if (!(jitter >= 0 && jitter <= 0.5)) {
            throw new IllegalArgumentException("--sync-jitter must be between 0 and 0.5, was " + jitter);
        }
        if (backoffMax.compareTo(interval) < 0) {
            throw new IllegalArgumentException("--backoff-max (" + Durations.format(backoffMax)
                    + ") must not be shorter than --sync-interval (" + Durations.format(interval) + ")");
        }
    }

    /**
     * The delay before the next cycle.
     *
     * @param failuresInARow 0 after a cycle that synced
     * @param random         uniform in [0, 1)
     */
    public Duration nextDelay(int failuresInARow, DoubleSupplier random) {
        double base = interval.toMillis();
        if (failuresInARow > 0) {
            // 2^(n-1), without overflowing for a daemon that has failed for days.
            double factor = Math.pow(2, Math.min(failuresInARow - 1, 30));
            base = Math.min(backoffMax.toMillis(), base * factor);
        }
        double spread = base * jitter * (2 * random.getAsDouble() - 1);
        return Duration.ofMillis(Math.max(1, Math.round(base + spread)));
    }
}
