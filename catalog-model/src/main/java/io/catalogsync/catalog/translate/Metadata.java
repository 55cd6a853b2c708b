package io.catalogsync.catalog.translate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Typed access to one service's metadata. Every read marks the key as known; whatever is left unread at the end
 * is an unknown key (a warning). A bad value is reported as an error on {@code metadata <key>} and read as absent,
 * so that all problems of a service are reported at once.
 */
final class Metadata {

    private final TreeMap<String, String> values;
    private final Set<String> read = new HashSet<>();
    private final Problems problems;

    Metadata(Map<String, String> values, Problems problems) {
        this.values = new TreeMap<>(values);
        this.problems = problems;
    }

    static String field(String key) {
        return "metadata " + key;
    }

    boolean has(String key) {
        // Only keys present can be reported unknown: marking absent ones read only fed the set (every policy asks
        // for ~30 keys per service, 10,000 services per plan).
        boolean present = values.containsKey(key);
        if (present) {
            read.add(key);
        }
        return present;
    }

    /** True when any key starting with {@code prefix} is present (does not mark them read). */
    boolean hasAny(String prefix) {
        // The keys are sorted: the first key not below the prefix is the only candidate (no stream per call).
        String k = values.ceilingKey(prefix);
        return k != null && k.startsWith(prefix);
    }

    /** The trimmed value, or null when absent. */
    String string(String key) {
        String v = values.get(key);
        if (v == null) {
            return null;
        }
        read.add(key);
        return v.trim();
    }

    /** A whole number in {@code min..max}, or null when absent or bad. */
    Long wholeNumber(String key, long min, long max) {
        String v = string(key);
        if (v == null) {
            return null;
        }
        if (!digits(v, 18)) {
            error(key, quote(v) + " is not a whole number");
            return null;
        }
        long n = Long.parseLong(v);
        if (n < min || n > max) {
            error(key, quote(v) + " is out of range " + min + ".." + max);
            return null;
        }
        return n;
    }

    /** {@code [0-9]{1,max}}, without compiling a regular expression per call. */
    private static boolean digits(String v, int max) {
        if (v.isEmpty() || v.length() > max) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    Integer wholeInt(String key, int min, int max) {
        Long n = wholeNumber(key, min, max);
        return n == null ? null : n.intValue();
    }

    /** {@code true}/{@code false} (any case), or null when absent or bad. */
    Boolean bool(String key) {
        String v = string(key);
        if (v == null) {
            return null;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.equals("true")) {
            return true;
        }
        if (lower.equals("false")) {
            return false;
        }
        error(key, quote(v) + " is not true or false");
        return null;
    }

    /** Comma-separated list, trimmed, empty items dropped; null when absent. */
    List<String> list(String key) {
        String v = string(key);
        if (v == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
            String p = part.trim();
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    /** One of {@code allowed} (exact, after trimming), or null when absent or bad. */
    String oneOf(String key, List<String> allowed) {
        String v = string(key);
        if (v == null) {
            return null;
        }
        if (!allowed.contains(v)) {
            error(key, quote(v) + " is not one of " + String.join(", ", allowed));
            return null;
        }
        return v;
    }

    void error(String key, String message) {
        problems.error(field(key), message);
    }

    void warn(String key, String message) {
        problems.warn(field(key), message);
    }

    /** Marks {@code keys} read, warning about each one present that it has no effect. */
    void ignore(java.util.Collection<String> keys, String why) {
        for (String key : keys) {
            if (values.containsKey(key) && read.add(key)) {
                warn(key, "ignored: " + why);
            }
        }
    }

    /** Warns about every key nothing has read. Call once, after all policies have parsed. */
    void reportUnknownKeys() {
        for (String key : values.keySet()) {
            if (!read.contains(key)) {
                warn(key, "unknown metadata key, ignored");
            }
        }
    }

    static String quote(String v) {
        String shown = v.length() > 80 ? v.substring(0, 80) + "..." : v;
        return "\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
