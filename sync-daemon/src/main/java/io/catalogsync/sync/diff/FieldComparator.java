package io.catalogsync.sync.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.sync.plan.FieldChange;
import io.catalogsync.sync.state.EntityJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a desired entity with the one Kong holds, field by field, looking only at what the daemon manages:
 * the fields the desired entity sets (recursively into {@code config} and {@code healthchecks}), plus the
 * optional fields of {@link KongDefaults} whose omission means Kong's default. Everything else Kong fills in
 * is ignored, so that a second sync writes nothing (controller-runtime's {@code CreateOrUpdate} warns of the
 * same trap).
 *
 * <p>Normalised before comparing: numbers by value ({@code 100}, {@code 100.0} and a long are equal), lists
 * Kong treats as sets by content ({@link #SET_FIELDS}), and rate-limiting's Redis fields to one shape
 * ({@link RedisShape}).
 */
final class FieldComparator {

    /** Top-level list fields whose order carries no meaning for Kong. */
    static final Set<String> SET_FIELDS = Set.of("methods", "hosts", "protocols", "tags", "snis");

    private static final Set<String> IGNORED = Set.of("id", "created_at", "updated_at");

    List<FieldChange> compare(KongEntity desired, KongEntity actual) {
        ObjectNode d = normalised(desired);
        ObjectNode a = normalised(actual);
        List<FieldChange> changes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (IGNORED.contains(f.getKey())) {
                continue;
            }
            JsonNode av = a.path(f.getKey());
            if (SET_FIELDS.contains(f.getKey()) && f.getValue().isArray()) {
                if (!sameSet(f.getValue(), av)) {
                    changes.add(new FieldChange(f.getKey(), present(av), f.getValue()));
                }
            } else {
                walk(f.getKey(), f.getValue(), av, changes);
            }
        }
        defaults(d, a, KongDefaults.entity(desired.type()), "", changes);
        if (desired instanceof Plugin p && d.get("config") instanceof ObjectNode dc) {
            JsonNode ac = a.path("config");
            defaults(dc, ac, KongDefaults.pluginConfig(p.name()), "config.", changes);
        }
        return changes;
    }

    private static ObjectNode normalised(KongEntity e) {
        ObjectNode n = EntityJson.toNode(e);
        if (e.type() == EntityType.PLUGIN && "rate-limiting".equals(n.path("name").asText())
                && n.get("config") instanceof ObjectNode config) {
            RedisShape.toNested(config);
        }
        return n;
    }

    /** Records changes for every leaf of {@code desired} that {@code actual} does not match. */
    private static void walk(String path, JsonNode desired, JsonNode actual, List<FieldChange> out) {
        if (desired == null || desired.isNull() || desired.isMissingNode()) {
            return;
        }
        if (desired.isObject()) {
            if (!actual.isObject()) {
                out.add(new FieldChange(path, present(actual), desired));
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = desired.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                walk(path + "." + f.getKey(), f.getValue(), actual.path(f.getKey()), out);
            }
            return;
        }
        if (!same(desired, actual)) {
            out.add(new FieldChange(path, present(actual), desired));
        }
    }

    /**
     * For optional managed fields the desired entity leaves out: the actual value must be Kong's default.
     * {@code keys} are dotted paths relative to {@code desired}/{@code actual}.
     */
    private static void defaults(JsonNode desired, JsonNode actual, Map<String, JsonNode> keys, String prefix,
                                 List<FieldChange> out) {
        for (Map.Entry<String, JsonNode> def : keys.entrySet()) {
            JsonNode dv = at(desired, def.getKey());
            if (!dv.isMissingNode() && !dv.isNull()) {
                continue;
            }
            JsonNode av = at(actual, def.getKey());
            // Null or absent in Kong is the default too: Kong echoes every field, and one it leaves out (or an
            // emulator that fills fewer defaults) cannot hold a value the daemon once set.
            boolean equal = av.isNull() || av.isMissingNode()
                    || (def.getValue().isNull() ? av.isArray() && av.isEmpty() : same(def.getValue(), av));
            if (!equal) {
                out.add(new FieldChange(prefix + def.getKey(), present(av), def.getValue()));
            }
        }
    }

    /** Split dotted paths once: the same few dozen paths are looked up for every entity of every cycle. */
    private static final java.util.Map<String, String[]> PATHS = new java.util.concurrent.ConcurrentHashMap<>();

    private static JsonNode at(JsonNode node, String dotted) {
        JsonNode cur = node;
        for (String part : PATHS.computeIfAbsent(dotted, d -> d.split("\\."))) {
            cur = cur.path(part);
        }
        return cur;
    }

    /**
     * Whether {@code actual} matches {@code desired}: numbers by value, objects on the keys desired sets,
     * arrays element by element in order.
     */
    static boolean same(JsonNode desired, JsonNode actual) {
        if (desired == null || desired.isNull() || desired.isMissingNode()) {
            return true;
        }
        if (desired.isNumber()) {
            return actual.isNumber() && desired.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        if (desired.isObject()) {
            if (!actual.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = desired.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!same(f.getValue(), actual.path(f.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (desired.isArray()) {
            if (!actual.isArray() || actual.size() != desired.size()) {
                return false;
            }
            for (int i = 0; i < desired.size(); i++) {
                if (!sameElement(desired.get(i), actual.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return desired.equals(actual);
    }

    /** Array elements: a null element must stay null, otherwise as {@link #same}. */
    private static boolean sameElement(JsonNode d, JsonNode a) {
        if (d.isNull()) {
            return a.isNull();
        }
        return same(d, a);
    }

    private static boolean sameSet(JsonNode desired, JsonNode actual) {
        if (!actual.isArray()) {
            return desired.isEmpty() && (actual.isNull() || actual.isMissingNode());
        }
        return texts(desired).equals(texts(actual));
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> s = new TreeSet<>();
        array.forEach(e -> s.add(e.isTextual() ? e.asText() : e.toString()));
        return s;
    }

    private static JsonNode present(JsonNode n) {
        return n == null || n.isMissingNode() ? NullNode.getInstance() : n;
    }
}
