package io.catalogsync.kong.entity;

import com.fasterxml.jackson.databind.util.StdConverter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Values most entities Kong returns hold alike ({@code "http"}, {@code 60000}, {@code ["http", "https"]}, the owner
 * tag...), read from JSON as one shared instance instead of one copy per entity. The differ reads every field of
 * 43,500 entities per plan at 10,000 services, and its cost is cache misses on values scattered over the heap: a
 * shared value is read from cache, and the state Kong returns takes less memory. Only fields the records declare
 * with these converters are shared (names, protocols, timeouts, tags), never plugin configuration or credentials.
 *
 * <p>A small table by hash, the latest value winning its slot: bounded memory whatever Kong returns, and a value
 * that is not shared is simply kept as read. Shared lists are read-only, since one instance belongs to many records.
 */
final class SharedValues {

    private static final int SLOTS = 1024;
    private static final AtomicReferenceArray<Object> TABLE = new AtomicReferenceArray<>(SLOTS);

    private SharedValues() {
    }

    @SuppressWarnings("unchecked")
    private static <T> T share(T value, java.util.function.UnaryOperator<T> readOnly) {
        if (value == null) {
            return null;
        }
        int h = value.hashCode();
        int at = (h ^ (h >>> 16)) & (SLOTS - 1);
        Object cur = TABLE.get(at);
        if (cur != null && cur.equals(value)) {
            return (T) cur;
        }
        T kept = readOnly.apply(value);
        TABLE.set(at, kept);
        return kept;
    }

    /** A string field, or (as a content converter) each string of a list such as {@code tags}. */
    static final class Text extends StdConverter<String, String> {
        @Override
        public String convert(String value) {
            return share(value, v -> v);
        }
    }

    /** A whole-number field ({@code Integer.valueOf} shares only -128..127). */
    static final class Whole extends StdConverter<Integer, Integer> {
        @Override
        public Integer convert(Integer value) {
            return share(value, v -> v);
        }
    }

    /** A list of strings shared whole ({@code protocols}, {@code methods}), each string shared too. */
    static final class Texts extends StdConverter<List<String>, List<String>> {
        @Override
        public List<String> convert(List<String> value) {
            return share(value, v -> {
                List<String> copy = new ArrayList<>(v.size());
                v.forEach(s -> copy.add(share(s, x -> x)));
                return Collections.unmodifiableList(copy);
            });
        }
    }
}
