package io.catalogsync.kong.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/** The emulator's one Jackson mapper and the few tree helpers the Kong model needs. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Json() {}

  static ObjectNode obj() {
    return F.objectNode();
  }

  static ArrayNode arr() {
    return F.arrayNode();
  }

  static JsonNode parse(String text) throws JsonProcessingException {
    return MAPPER.readTree(text);
  }

  static JsonNode resource(String path) {
    try (InputStream in = Json.class.getResourceAsStream(path)) {
      if (in == null) {
        return null;
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read emulator resource " + path, e);
    }
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise JSON", e);
    }
  }

  /** Absent and JSON null are the same to Kong's schema code (nil vs ngx.null aside). */
  static boolean isNull(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode();
  }

  static JsonNode orNull(JsonNode n) {
    return n == null || n.isMissingNode() ? NullNode.getInstance() : n;
  }

  /** Reads a dotted path such as {@code config.policy}. */
  static JsonNode at(JsonNode root, String dotted) {
    JsonNode cur = root;
    for (String part : dotted.split("\\.")) {
      if (cur == null || !cur.isObject()) {
        return null;
      }
      cur = cur.get(part);
    }
    return cur;
  }

  /** Deep merge used by PATCH: records merge recursively, everything else is replaced. */
  static void mergeInto(ObjectNode target, ObjectNode patch, JsonNode fields) {
    Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      ObjectNode def = fieldDef(fields, e.getKey());
      JsonNode old = target.get(e.getKey());
      if (def != null && "record".equals(def.path("type").asText()) && e.getValue().isObject()
          && old != null && old.isObject()) {
        ObjectNode copy = old.deepCopy();
        mergeInto(copy, (ObjectNode) e.getValue(), def.path("fields"));
        target.set(e.getKey(), copy);
      } else {
        target.set(e.getKey(), e.getValue().deepCopy());
      }
    }
  }

  /** The definition of field {@code name} in a Kong schema {@code fields} array, or null. */
  static ObjectNode fieldDef(JsonNode fields, String name) {
    if (fields == null || !fields.isArray()) {
      return null;
    }
    for (JsonNode f : fields) {
      JsonNode d = f.get(name);
      if (d != null) {
        return (ObjectNode) d;
      }
    }
    return null;
  }

  static String fieldName(JsonNode fieldEntry) {
    return fieldEntry.fieldNames().next();
  }
}
