package io.catalogsync.kong.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;

/**
 * Kong 3.6 moved rate-limiting's Redis settings from flat {@code config.redis_*} fields into a
 * {@code config.redis} record ({@code kong/plugins/rate-limiting/schema.lua} in 3.6 with
 * {@code kong/tools/redis/schema.lua}); the flat names stay accepted as {@code shorthand_fields}
 * that are translated on write and, through {@code translate_backwards}, echoed on read.
 */
final class RateLimitingShape {
  /** Flat 3.4 name suffix -> nested 3.6 name (same words, without the prefix). */
  static final List<String> KEYS =
      List.of("host", "port", "password", "username", "ssl", "ssl_verify", "server_name", "timeout", "database");

  private RateLimitingShape() {}

  static boolean nested(String version) {
    String[] p = version.split("[.-]");
    try {
      int major = Integer.parseInt(p[0]);
      int minor = p.length > 1 ? Integer.parseInt(p[1]) : 0;
      return major > 3 || major == 3 && minor >= 6;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static JsonNode nestedSchema(JsonNode flat) {
    ObjectNode s = flat.deepCopy();
    for (JsonNode entry : s.path("fields")) {
      if (!entry.has("config")) {
        continue;
      }
      ArrayNode cfgFields = (ArrayNode) entry.get("config").get("fields");
      ObjectNode redisFields = Json.obj();
      ArrayNode kept = Json.arr();
      int insertAt = -1;
      for (JsonNode f : cfgFields) {
        String n = Json.fieldName(f);
        if (n.startsWith("redis_") && KEYS.contains(n.substring(6))) {
          redisFields.set(n.substring(6), f.get(n));
          if (insertAt < 0) {
            insertAt = kept.size();
          }
        } else {
          kept.add(f);
        }
      }
      ObjectNode redis = Json.obj().put("type", "record").put("required", true);
      ArrayNode rf = redis.putArray("fields");
      for (String k : KEYS) {
        if (redisFields.has(k)) {
          rf.addObject().set(k, redisFields.get(k));
        }
      }
      kept.insert(Math.max(insertAt, 0), Json.obj().set("redis", redis));
      ((ObjectNode) entry.get("config")).set("fields", kept);
    }
    for (JsonNode check : s.path("entity_checks")) {
      JsonNode c = check.get("conditional");
      if (c != null && c.path("then_field").asText().startsWith("config.redis_")) {
        ((ObjectNode) c).set("then_field", TextNode.valueOf("config.redis." + c.get("then_field").asText().substring(13)));
      }
    }
    return s;
  }

  /**
   * From 3.8 on, a deprecated shorthand sent together with a different non-null value of the field that replaced
   * it is refused (3.9.3 {@code kong/db/schema/init.lua} validate_deprecation_exclusiveness). The errors come back
   * from the config record's own process_auto_fields and are returned as they are, so they sit at the top of
   * {@code fields}, not under {@code config}. Null when there is none.
   */
  static ObjectNode deprecatedMismatch(JsonNode config) {
    JsonNode redis = config.path("redis");
    ObjectNode errors = null;
    for (String k : KEYS) {
      JsonNode flat = config.get("redis_" + k);
      JsonNode nested = redis.get(k);
      if (flat == null || flat.isNull() || nested == null || nested.isNull() || sameValue(flat, nested)) {
        continue;
      }
      if (errors == null) {
        errors = Json.obj();
      }
      errors.put("redis_" + k, "both deprecated and new field are used but their values mismatch: redis_" + k
          + " = " + flat.asText() + " vs redis." + k + " = " + nested.asText());
    }
    return errors;
  }

  private static boolean sameValue(JsonNode a, JsonNode b) {
    return a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) == 0 : a.equals(b);
  }

  /** Write side: flat shorthands become nested fields (a later nested value wins over none). */
  static void translate(ObjectNode config) {
    for (String k : KEYS) {
      JsonNode v = config.remove("redis_" + k);
      if (v != null && !v.isNull()) {
        JsonNode redis = config.get("redis");
        if (redis == null || !redis.isObject()) {
          redis = Json.obj();
          config.set("redis", redis);
        }
        ((ObjectNode) redis).set(k, v);
      }
    }
  }

  /** Read side: the deprecated flat names are echoed from the nested values. */
  static void echo(ObjectNode config) {
    JsonNode redis = config.get("redis");
    for (String k : KEYS) {
      config.set("redis_" + k, redis != null && redis.isObject() ? Json.orNull(redis.get(k)) : Json.orNull(null));
    }
  }
}
