package io.catalogsync.sync.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * rate-limiting keeps its Redis settings flat up to Kong 3.5 ({@code config.redis_host}, ...) and nested from
 * 3.6 ({@code config.redis.host}), where Kong still echoes the deprecated flat names as shorthand fields
 * (kong/plugins/rate-limiting/schema.lua in 3.6: {@code shorthand_fields} with {@code translate_backwards}).
 * decK's best-known phantom diff comes from comparing those two shapes. Both sides are brought to the nested
 * shape before comparing: {@code redis_<x>} becomes {@code redis.<x>}, and when a nested object exists the
 * flat echoes are dropped.
 */
final class RedisShape {

    static final String FLAT_PREFIX = "redis_";

    private RedisShape() {
    }

    static void toNested(ObjectNode config) {
        List<String> flat = new ArrayList<>();
        for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.startsWith(FLAT_PREFIX)) {
                flat.add(k);
            }
        }
        JsonNode nested = config.get("redis");
        if (nested instanceof ObjectNode) {
            flat.forEach(config::remove);
            return;
        }
        if (flat.isEmpty()) {
            return;
        }
        ObjectNode redis = config.objectNode();
        for (String k : flat) {
            redis.set(k.substring(FLAT_PREFIX.length()), config.get(k));
            config.remove(k);
        }
        config.set("redis", redis);
    }

    /**
     * The same on a plugin's {@code config} as plain values: {@code config} itself when it holds no flat Redis
     * field (nothing allocated), else a copy in the nested shape.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> toNested(Map<String, Object> config) {
        boolean anyFlat = false;
        for (String k : config.keySet()) {
            if (k.startsWith(FLAT_PREFIX)) {
                anyFlat = true;
                break;
            }
        }
        if (!anyFlat) {
            return config;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Object nested = config.get("redis");
        Map<String, Object> redis = nested instanceof Map<?, ?> n ? null : new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : config.entrySet()) {
            if (!e.getKey().startsWith(FLAT_PREFIX)) {
                out.put(e.getKey(), e.getValue());
            } else if (redis != null) {
                redis.put(e.getKey().substring(FLAT_PREFIX.length()), e.getValue());
            }
        }
        if (redis != null) {
            out.put("redis", redis);
        }
        return out;
    }
}
