package io.catalogsync.daemon;

import java.time.Duration;

/** Durations in the form operators write them ({@code 30s}, {@code 1500ms}, {@code 5m}), for logs and messages. */
final class Durations {

    private Durations() {
    }

    /** Short human form: {@code 30s}, {@code 1500ms}, {@code 5m}. */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }
}
