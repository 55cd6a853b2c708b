package io.catalogsync.sync.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.Service;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link IdTable} must answer exactly as the {@code HashMap<String, KongEntity>} it replaced: generated ids in
 * every form (canonical UUIDs, the same UUID upper-cased or braced, near misses, names, empty), repeated ids
 * (last one wins), and lookups of ids never added that differ from an added one in one character.
 */
class IdTableTest {

    @Test
    void answersAsAHashMapOnGeneratedIds() {
        for (long seed = 0; seed < 50; seed++) {
            Random rnd = new Random(seed);
            int n = rnd.nextInt(3000);
            IdTable table = new IdTable(rnd.nextBoolean() ? n : rnd.nextInt(n + 1));
            Map<String, KongEntity> reference = new HashMap<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = rnd.nextInt(5) == 0 && !ids.isEmpty() ? ids.get(rnd.nextInt(ids.size())) : id(rnd);
                ids.add(id);
                KongEntity e = service(id, i);
                table.put(id, e);
                reference.put(id, e);
            }
            List<String> probes = new ArrayList<>(ids);
            for (String id : ids) {
                probes.add(mutate(id, rnd));
            }
            for (int i = 0; i < 200; i++) {
                probes.add(id(rnd));
            }
            for (String p : probes) {
                assertSame(reference.get(p), table.get(p), "seed " + seed + ", id " + p);
            }
        }
    }

    @Test
    void canonicalIsLowerCaseHyphenatedUuidOnly() {
        String u = "0007054f-69d5-37bb-abdf-956f6824800b";
        assertEquals(true, IdTable.canonical(u));
        assertEquals(false, IdTable.canonical(u.toUpperCase(Locale.ROOT)));
        assertEquals(false, IdTable.canonical(u.replace("-", "")));
        assertEquals(false, IdTable.canonical(u.substring(0, 35) + "g"));
        assertEquals(false, IdTable.canonical(u.substring(0, 8) + "x" + u.substring(9)));
    }

    private static String id(Random rnd) {
        String u = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
        switch (rnd.nextInt(8)) {
            case 0:
                return u.toUpperCase(Locale.ROOT);
            case 1:
                return "svc-" + rnd.nextInt(100);
            case 2:
                return "";
            case 3:
                // Few distinct bits: many ids sharing a slot's neighbourhood.
                return new UUID(0, rnd.nextInt(64)).toString();
            default:
                return u;
        }
    }

    /** One character changed, added or removed. */
    private static String mutate(String id, Random rnd) {
        if (id.isEmpty()) {
            return "0";
        }
        int i = rnd.nextInt(id.length());
        switch (rnd.nextInt(3)) {
            case 0:
                return id.substring(0, i) + "0123456789abcdefABCDEF-x".charAt(rnd.nextInt(24)) + id.substring(i + 1);
            case 1:
                return id.substring(0, i) + id.substring(i + 1);
            default:
                return id.substring(0, i) + "a" + id.substring(i);
        }
    }

    private static KongEntity service(String id, int i) {
        return new Service(id, "s" + i, "http", "h", 80, null, null, null, null, null, null, List.of(), null, null);
    }
}
