package io.catalogsync.daemon;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;

/**
 * Where the sync loop takes its time and its timers from. The daemon uses the system clock and Vert.x timers;
 * tests wrap them to see which delays the loop asked for, instead of measuring the gaps between cycles on a
 * wall clock (which a loaded machine stretches at will).
 */
interface LoopTimers {

    /** The system clock and Vert.x timers. */
    LoopTimers SYSTEM = new LoopTimers() {
        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public long schedule(Vertx vertx, Duration delay, Runnable action) {
            return vertx.setTimer(Math.max(1, delay.toMillis()), id -> action.run());
        }

        @Override
        public void cancel(Vertx vertx, long id) {
            vertx.cancelTimer(id);
        }
    };

    Instant now();

    /** Runs {@code action} on the caller's context after {@code delay}; returns an id for {@link #cancel}. */
    long schedule(Vertx vertx, Duration delay, Runnable action);

    void cancel(Vertx vertx, long id);
}
