package io.catalogsync.manifests;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the ConfigMap writes them ({@code 20s}, {@code 1m30s}). */
final class ManifestDurations {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");

    private ManifestDurations() {
    }

    static Duration parse(String text) {
        Matcher m = PART.matcher(text);
        Duration total = Duration.ZERO;
        int at = 0;
        while (m.find() && m.start() == at) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms": total = total.plusMillis(n); break;
                case "s": total = total.plusSeconds(n); break;
                case "m": total = total.plusMinutes(n); break;
                default: total = total.plusHours(n);
            }
            at = m.end();
        }
        if (at == 0 || at != text.length()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        return total;
    }
}
