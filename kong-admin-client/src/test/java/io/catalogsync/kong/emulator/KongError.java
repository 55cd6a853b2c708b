package io.catalogsync.kong.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Kong's structured errors ({@code kong/db/errors.lua}) with their codes, names and message
 * wording, and the HTTP status {@code kong/api/endpoints.lua} maps each code to.
 */
final class KongError {
  private KongError() {}

  static ApiResponse error(int status, int code, String name, String message, JsonNode fields) {
    ObjectNode body = Json.obj().put("code", code).put("name", name).put("message", message);
    if (fields != null) {
      body.set("fields", fields);
    }
    return ApiResponse.json(status, body);
  }

  /** {@code Errors:schema_violation}: "@entity" messages first, then the sorted field errors. */
  static ApiResponse schemaViolation(ObjectNode errors) {
    List<String> buf = new ArrayList<>();
    JsonNode ent = errors.get("@entity");
    if (ent != null) {
      ent.forEach(e -> buf.add(e.asText()));
    }
    for (String field : sortedKeys(errors)) {
      if (field.equals("@entity")) {
        continue;
      }
      JsonNode fe = errors.get(field);
      if (fe.isContainerNode()) {
        for (String sub : subKeys(fe)) {
          JsonNode v = fe.isArray() ? fe.get(Integer.parseInt(sub) - 1) : fe.get(sub);
          buf.add(field + "." + sub + ": " + (v.isContainerNode() ? LuaTable.pretty(v) : v.asText()));
        }
      } else {
        buf.add(field + ": " + fe.asText());
      }
    }
    String message = buf.size() == 1 ? "schema violation (" + buf.get(0) + ")"
        : buf.size() + " schema violations (" + String.join("; ", buf) + ")";
    return error(400, 2, "schema violation", message, errors);
  }

  static ApiResponse foreignKeyViolation(String field, String id, String parent) {
    ObjectNode pk = Json.obj().put("id", id);
    return error(400, 4, "foreign key violation", "the foreign key '" + LuaTable.inline(pk)
        + "' does not reference an existing '" + parent + "' entity.", Json.obj().set(field, pk));
  }

  static ApiResponse referencedBy(String child, String parent) {
    return error(400, 4, "foreign key violation", "an existing '" + child + "' entity references this '" + parent
        + "' entity", Json.obj().put("@referenced_by", child));
  }

  /** {@code Errors:foreign_keys_unresolved}. {@code errors}: field -> {key: message}. */
  static ApiResponse foreignKeysUnresolved(ObjectNode errors) {
    List<String> buf = new ArrayList<>();
    for (String field : sortedKeys(errors)) {
      JsonNode fe = errors.get(field);
      for (String sub : sortedKeys(fe)) {
        buf.add(field + "." + sub + ": " + fe.get(sub).asText());
      }
    }
    String message = buf.size() == 1 ? "foreign key unresolved (" + buf.get(0) + ")"
        : buf.size() + " foreign keys unresolved (" + String.join("; ", buf) + ")";
    return error(400, 13, "foreign keys unresolved", message, errors);
  }

  static ApiResponse uniqueViolation(ObjectNode key) {
    return error(409, 5, "unique constraint violation", "UNIQUE violation detected on '" + LuaTable.inline(key) + "'",
        key);
  }

  /** kong/db/errors.lua {@code primary_key_violation}. */
  static ApiResponse primaryKeyViolation(ObjectNode key) {
    return error(400, 3, "primary key violation", "primary key violation on key '" + LuaTable.inline(key) + "'", key);
  }

  static ApiResponse notFoundByField(ObjectNode filter, boolean primaryKey) {
    String msg = primaryKey ? "could not find the entity with primary key '" + LuaTable.inline(filter) + "'"
        : "could not find the entity with '" + LuaTable.inline(filter) + "'";
    return error(404, 6, "not found", msg, filter);
  }

  static ApiResponse invalidOffset(String offset, String why) {
    return error(400, 7, "invalid offset", "'" + offset + "' is not a valid offset: " + why, null);
  }

  static ApiResponse invalidSize(String message) {
    return error(400, 9, "invalid size", message, null);
  }

  static ApiResponse invalidOption(String option, String problem) {
    ObjectNode body = Json.obj().put("code", 11).put("name", "invalid options")
        .put("message", "invalid option (" + option + ": " + problem + ")");
    body.putObject("options").put(option, problem);
    return ApiResponse.json(400, body);
  }

  static ApiResponse operationUnsupported(String message) {
    return ApiResponse.json(405, Json.obj().put("code", 12).put("name", "operation unsupported").put("message", message));
  }

  static ApiResponse declarative(JsonNode fields, String message) {
    return error(400, 14, "invalid declarative configuration", message, fields);
  }

  static List<String> sortedKeys(JsonNode n) {
    List<String> keys = new ArrayList<>();
    Iterator<String> it = n.fieldNames();
    it.forEachRemaining(keys::add);
    Collections.sort(keys);
    return keys;
  }

  /** Keys of an error table: object keys sorted, or the 1-based indexes of an array's non-null items. */
  private static List<String> subKeys(JsonNode n) {
    if (!n.isArray()) {
      return sortedKeys(n);
    }
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isNull()) {
        keys.add(String.valueOf(i + 1));
      }
    }
    return keys;
  }
}
