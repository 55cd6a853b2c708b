package io.catalogsync.daemon;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators type them: {@code 30s}, {@code 1m}, {@code 500ms}, {@code 1h30m}, or a plain number of
 * seconds ({@code 30}, the replaced deployment's {@code SYNC_INTERVAL=30}). ISO-8601 ({@code PT30S}) works too.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");
    private static final Pattern PLAIN = Pattern.compile("\\d+(?:\\.\\d+)?");

    private Durations() {
    }

    /**
     * Parses {@code text}; {@code what} names the setting in the error message (e.g. {@code --sync-interval}).
     *
     * @throws IllegalArgumentException naming the setting and the accepted forms
     */
    public static Duration parse(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + ": empty duration");
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (PLAIN.matcher(s).matches()) {
                return millis(Double.parseDouble(s) * 1000, what, text);
            }
            if (s.startsWith("pt") || s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            Matcher m = PART.matcher(s);
            int at = 0;
            double total = 0;
            while (m.find()) {
                if (m.start() != at) {
                    break;
                }
                double n = Double.parseDouble(m.group(1));
                switch (m.group(2)) {
                    case "ms" -> total += n;
                    case "s" -> total += n * 1_000;
                    case "m" -> total += n * 60_000;
                    default -> total += n * 3_600_000;
                }
                at = m.end();
            }
            if (at == 0 || at != s.length()) {
                throw new IllegalArgumentException(bad(what, text));
            }
            return millis(total, what, text);
        } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(bad(what, text), e);
        }
    }

    /** Short human form for logs and docs: {@code 30s}, {@code 1500ms}, {@code 5m}. */
    public static String format(Duration d) {
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

    private static Duration millis(double ms, String what, String text) {
        if (Double.isNaN(ms) || Double.isInfinite(ms) || ms > Long.MAX_VALUE / 2.0) {
            throw new IllegalArgumentException(bad(what, text));
        }
        return Duration.ofMillis(Math.round(ms));
    }

    private static String bad(String what, String text) {
        return what + ": '" + text + "' is not a duration (use e.g. 30s, 1m, 500ms, 1h30m, or plain seconds)";
    }
}
