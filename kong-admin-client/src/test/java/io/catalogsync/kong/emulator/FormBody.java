package io.catalogsync.kong.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Form-encoded bodies, decoded like {@code kong/api/arguments.lua}: {@code a.b=} nests, repeated
 * keys and {@code a[]=} make arrays, and values are inferred from the schema field type
 * ({@code infer_value}): numbers, booleans, arrays.
 */
final class FormBody {
  private FormBody() {}

  static ObjectNode decode(String body, JsonNode fields) {
    ObjectNode out = Json.obj();
    for (Map.Entry<String, List<String>> e : ApiRequest.parseQuery(body).entrySet()) {
      String key = e.getKey();
      boolean array = key.endsWith("[]");
      if (array) {
        key = key.substring(0, key.length() - 2);
      }
      String[] path = key.split("\\.");
      ObjectNode cur = out;
      JsonNode fs = fields;
      JsonNode def = null;
      for (int i = 0; i < path.length; i++) {
        def = Json.fieldDef(fs, path[i]);
        if (i == path.length - 1) {
          break;
        }
        JsonNode next = cur.get(path[i]);
        if (next == null || !next.isObject()) {
          next = Json.obj();
          cur.set(path[i], next);
        }
        cur = (ObjectNode) next;
        fs = def == null ? null : def.path("fields");
      }
      String leaf = path[path.length - 1];
      String type = def == null ? "string" : def.path("type").asText();
      if (array || e.getValue().size() > 1 || type.equals("array") || type.equals("set")) {
        ArrayNode arr = cur.putArray(leaf);
        JsonNode el = def == null ? null : def.get("elements");
        e.getValue().forEach(v -> arr.add(infer(v, el == null ? "string" : el.path("type").asText())));
      } else {
        cur.set(leaf, infer(e.getValue().get(0), type));
      }
    }
    return out;
  }

  private static JsonNode infer(String v, String type) {
    switch (type) {
      case "integer":
      case "number":
        try {
          double d = Double.parseDouble(v);
          return d == Math.rint(d) && !v.contains(".") ? Json.F.numberNode((long) d) : Json.F.numberNode(d);
        } catch (NumberFormatException e) {
          return Json.F.textNode(v);
        }
      case "boolean":
        return v.equals("true") ? Json.F.booleanNode(true) : v.equals("false") ? Json.F.booleanNode(false) : Json.F.textNode(v);
      default:
        return Json.F.textNode(v);
    }
  }
}
