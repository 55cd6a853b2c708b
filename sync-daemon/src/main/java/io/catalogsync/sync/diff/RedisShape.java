package io.catalogsync.sync.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * rate-limiting keeps its Redis settings flat up to Kong 3.5 ({@code config.redis_host}, ...) and nested from
 * 3.6 ({@code config.redis.host}), where Kong still echoes the deprecated flat names as shorthand fields
 * (kong/plugins/rate-limiting/schema.lua in 3.6: {@code shorthand_fields} with {@code translate_backwards}).
 * decK's best-known phantom diff comes from comparing those two shapes. Both sides are brought to the nested
 * shape before comparing: {@code redis_<x>} becomes {@code redis.<x>}, and when a nested object exists the
 * flat echoes are dropped.
 */
final class RedisShape {

    private static final String FLAT_PREFIX = "redis_";

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
}
