package io.catalogsync.sync.state;

import io.catalogsync.kong.entity.KongEntity;
import java.util.HashMap;
import java.util.Map;

/**
 * Entities of one type by id, as a {@code Map<String, KongEntity>} with {@code put} keeping the last entity of a
 * repeated id, but with Kong's ids (UUIDs in canonical lower-case form, {@code typedefs.uuid} in
 * kong/db/schema/typedefs.lua) held as their 128 bits in open-addressed arrays. The differ looks up every desired
 * entity of a plan here (~43,500 for 10,000 services); in a {@link HashMap} each lookup walks bucket, node, key
 * string and its bytes, four cache misses on Kong's state, where here it reads one slot of two long arrays. An id
 * in any other form (upper case, not a UUID) lives in a plain map: parsing is one-to-one on canonical lower-case
 * UUIDs only, so a string equals a key exactly when their bits are equal.
 */
final class IdTable {

    private long[] hi;
    private long[] lo;
    private KongEntity[] values;
    private int mask;
    private int size;
    private Map<String, KongEntity> other;

    /** Sized for {@code expected} entries (more grow it, as a map would). */
    IdTable(int expected) {
        allocate(Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1);
    }

    private void allocate(int cap) {
        hi = new long[cap];
        lo = new long[cap];
        values = new KongEntity[cap];
        mask = cap - 1;
        size = 0;
    }

    /** Adds {@code e} under its id (not null), replacing an entity with the same id. */
    void put(String id, KongEntity e) {
        if (!canonical(id)) {
            other = other != null ? other : new HashMap<>();
            other.put(id, e);
            return;
        }
        if (size * 2 >= values.length) {
            // At most half full, so that a miss ends at an empty slot soon.
            long[] oh = hi;
            long[] ol = lo;
            KongEntity[] ov = values;
            allocate(ov.length * 2);
            for (int i = 0; i < ov.length; i++) {
                if (ov[i] != null) {
                    insert(oh[i], ol[i], ov[i]);
                }
            }
        }
        insert(bits(id, 0, 18), bits(id, 19, 36), e);
    }

    private void insert(long h, long l, KongEntity e) {
        int s = slot(h, l);
        while (values[s] != null && (hi[s] != h || lo[s] != l)) {
            s = (s + 1) & mask;
        }
        if (values[s] == null) {
            size++;
        }
        hi[s] = h;
        lo[s] = l;
        values[s] = e;
    }

    KongEntity get(String id) {
        if (!canonical(id)) {
            return other == null ? null : other.get(id);
        }
        long h = bits(id, 0, 18);
        long l = bits(id, 19, 36);
        for (int s = slot(h, l); values[s] != null; s = (s + 1) & mask) {
            if (hi[s] == h && lo[s] == l) {
                return values[s];
            }
        }
        return null;
    }

    private int slot(long h, long l) {
        long x = (h ^ Long.rotateLeft(l, 32)) * 0x9E3779B97F4A7C15L;
        return (int) (x >>> 40) & mask;
    }

    /** {@code xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx} in lower-case hex: the only form {@link #bits} maps one-to-one. */
    static boolean canonical(String id) {
        if (id.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
                    : c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The 16 hex digits of a canonical id in {@code [from, to)}, hyphens skipped, as 64 bits. */
    private static long bits(String id, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = id.charAt(i);
            if (c != '-') {
                v = (v << 4) | (c <= '9' ? c - '0' : c - 'a' + 10);
            }
        }
        return v;
    }
}
