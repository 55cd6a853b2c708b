package io.catalogsync.sync.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.sync.state.Ownership;
import io.catalogsync.sync.state.EntityJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Another writer seen within one cycle, between the daemon's read and its write: a create the plan made because
 * the read did not find the entity, refused by Kong because an entity with the same id now exists, carrying this
 * daemon's owner tag, and holding something other than what the daemon was about to write. The daemon's own
 * earlier attempt (a retried POST that got through) holds exactly what it wrote, so a difference means someone
 * else with the same owner tag created it after the read: typically a second daemon on another catalog.
 *
 * <p>Why only creates: Kong's Admin API has no conditional write (no {@code If-Match}, no version to compare), and
 * the {@code updated_at} a PUT or PATCH answers is that write's own time, so an update or delete cannot see a write
 * that came between the read and itself without an extra read before every write, which would still race. Those
 * are caught one cycle later, as entities flipping back and forth (ContestedWrites).
 *
 * <p>Thread-safe: writes run in parallel.
 */
public final class ConcurrentCreates {

    private final List<String> found = new ArrayList<>();

    /** What was found so far, as {@code type key [catalog service]} lines. */
    public synchronized List<String> found() {
        return List.copyOf(found);
    }

    /** Called with an owned holder of the id a create wanted. */
    void holderFound(KongEntity desired, KongEntity holder) {
        if (!differs(desired, holder)) {
            return;
        }
        String service = Ownership.catalogService(desired).orElse(null);
        synchronized (this) {
            found.add("create " + desired.type().tag() + " " + desired.key() + (service == null ? ""
                    : " [" + service + "]") + ": created by another writer with the same owner tag after this "
                    + "cycle's read, with other content");
        }
    }

    /**
     * Whether {@code holder} holds something other than {@code desired}: a field the daemon sets has another value.
     * Objects compare as subsets (Kong fills defaults into what it stores), arrays element by element; ids and
     * timestamps are left out.
     */
    static boolean differs(KongEntity desired, KongEntity holder) {
        ObjectNode d = EntityJson.toNode(desired);
        ObjectNode h = EntityJson.toNode(holder);
        for (String f : List.of("id", "created_at", "updated_at")) {
            d.remove(f);
            h.remove(f);
        }
        return !subset(d, h);
    }

    private static boolean subset(JsonNode want, JsonNode have) {
        if (want == null || want.isNull()) {
            return true;
        }
        if (have == null) {
            return false;
        }
        if (want.isObject()) {
            if (!have.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!subset(e.getValue(), have.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (want.isArray()) {
            if (!have.isArray() || have.size() != want.size()) {
                return false;
            }
            for (int i = 0; i < want.size(); i++) {
                if (!subset(want.get(i), have.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (want.isNumber() && have.isNumber()) {
            return want.decimalValue().compareTo(have.decimalValue()) == 0;
        }
        return want.equals(have);
    }
}
