package io.catalogsync.kong.entity;

import com.fasterxml.jackson.databind.util.StdConverter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * An upstream's {@code healthchecks} as read from Kong's JSON, one instance shared by every upstream whose value is
 * the same as the one read before it (same keys in the same order, equal values). Kong answers ~60 values per
 * upstream and almost every upstream holds the same ones (its schema defaults, or the catalog's few health-check
 * settings): 10,000 upstreams read as 10,000 copies were ~30 MB of the daemon's live set, and the differ's reads of
 * them the largest part of a plan (cache misses on scattered maps and boxed status codes). Shared, the differ
 * compares one value ({@code FieldComparator} remembers the last record it found at its defaults).
 *
 * <p>Deeply read-only, since one instance belongs to many records. Remembers at most {@link #SLOTS} values (by
 * hash, the latest wins a slot), so memory is bounded whatever Kong returns; the check costs two walks of a value
 * Jackson has just built (its hash, then the comparison with the value remembered under that hash).
 */
final class SharedHealthchecks extends StdConverter<Map<String, Object>, Map<String, Object>> {

    static final int SLOTS = 16;

    private record Slot(int hash, Map<String, Object> value) {
    }

    private static final AtomicReferenceArray<Slot> SHARED = new AtomicReferenceArray<>(SLOTS);

    @Override
    public Map<String, Object> convert(Map<String, Object> value) {
        if (value == null) {
            return null;
        }
        int hash = value.hashCode();
        int at = hash & (SLOTS - 1);
        Slot slot = SHARED.get(at);
        if (slot != null && slot.hash == hash && sameInOrder(slot.value, value)) {
            return slot.value;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> shared = (Map<String, Object>) readOnly(value);
        SHARED.set(at, new Slot(hash, shared));
        return shared;
    }

    /** Equal and iterating in the same order: what Jackson writes back, and what the differ walks, stay the same. */
    static boolean sameInOrder(Object a, Object b) {
        if (a instanceof Map<?, ?> am) {
            if (!(b instanceof Map<?, ?> bm) || am.size() != bm.size()) {
                return false;
            }
            Iterator<? extends Map.Entry<?, ?>> ai = am.entrySet().iterator();
            Iterator<? extends Map.Entry<?, ?>> bi = bm.entrySet().iterator();
            while (ai.hasNext()) {
                Map.Entry<?, ?> ae = ai.next();
                Map.Entry<?, ?> be = bi.next();
                if (!Objects.equals(ae.getKey(), be.getKey()) || !sameInOrder(ae.getValue(), be.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> al) {
            if (!(b instanceof List<?> bl) || al.size() != bl.size()) {
                return false;
            }
            for (int i = 0; i < al.size(); i++) {
                if (!sameInOrder(al.get(i), bl.get(i))) {
                    return false;
                }
            }
            return true;
        }
        // Scalars by class too: Kong's 1 and 1.0 are different JSON, and must be written back as Kong sent them.
        return a == null ? b == null : b != null && a.getClass() == b.getClass() && a.equals(b);
    }

    private static Object readOnly(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new LinkedHashMap<>(Math.max(4, (int) (m.size() / 0.75f) + 1));
            m.forEach((k, x) -> copy.put(k, readOnly(x)));
            return Collections.unmodifiableMap(copy);
        }
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            l.forEach(x -> copy.add(readOnly(x)));
            return Collections.unmodifiableList(copy);
        }
        return v;
    }
}
