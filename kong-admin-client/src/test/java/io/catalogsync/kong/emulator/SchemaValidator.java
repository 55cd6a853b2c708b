package io.catalogsync.kong.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Kong's schema engine ({@code kong/db/schema/init.lua}) driven by schema documents in the shape
 * {@code GET /schemas/...} serves: defaults filled on insert, field validators in Kong's order,
 * entity checks, and error trees shaped like Kong's ({@code "@entity"} lists, element errors as
 * sparse arrays). Lua functions (custom validators) are not part of those documents; they come
 * from {@link KongRules}.
 */
final class SchemaValidator {
  private static final Pattern UUID_RE =
      Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private final String schemaName;
  private final KongRules rules;

  SchemaValidator(String schemaName, KongRules rules) {
    this.schemaName = schemaName;
    this.rules = rules;
  }

  static boolean isUuid(String s) {
    return s != null && UUID_RE.matcher(s).matches();
  }

  /**
   * Fills schema defaults into absent fields, as Kong's {@code process_auto_fields} does on insert
   * (and on PUT, which is an insert that keeps the id). Absent records are built from their own
   * defaults; other absent fields become null.
   */
  static void fillDefaults(JsonNode fields, ObjectNode value) {
    for (JsonNode entry : fields) {
      String name = Json.fieldName(entry);
      JsonNode def = entry.get(name);
      JsonNode v = value.get(name);
      boolean record = "record".equals(def.path("type").asText());
      if (v == null) {
        if (def.has("default")) {
          JsonNode d = def.get("default").deepCopy();
          value.set(name, d);
          if (record && d.isObject()) {
            fillDefaults(def.path("fields"), (ObjectNode) d);
          }
        } else if (record) {
          ObjectNode sub = Json.obj();
          fillDefaults(def.path("fields"), sub);
          value.set(name, sub);
        } else {
          value.putNull(name);
        }
      } else if (record && v.isObject()) {
        fillDefaults(def.path("fields"), (ObjectNode) v);
      }
    }
  }

  /** Validates a whole entity or record; returns Kong's error tree, empty when valid. */
  ObjectNode validate(JsonNode schema, ObjectNode value) {
    return validateRecord(schema.path("fields"), schema.path("entity_checks"), value, "");
  }

  private ObjectNode validateRecord(JsonNode fields, JsonNode checks, ObjectNode value, String path) {
    ObjectNode errors = Json.obj();
    Iterator<String> names = value.fieldNames();
    while (names.hasNext()) {
      String k = names.next();
      if (Json.fieldDef(fields, k) == null) {
        errors.put(k, "unknown field");
      }
    }
    for (JsonNode entry : fields) {
      String name = Json.fieldName(entry);
      JsonNode err = validateField(entry.get(name), value.get(name), join(path, name));
      if (err != null) {
        errors.set(name, err);
      }
    }
    runEntityChecks(fields, checks, value, errors);
    rules.checkRecord(schemaName, path, value, errors);
    return errors;
  }

  JsonNode validateField(JsonNode def, JsonNode v, String path) {
    if (Json.isNull(v)) {
      if (def.has("eq") && !def.get("eq").isNull()) {
        return TextNode.valueOf("value must be " + def.get("eq").asText());
      }
      if (def.path("required").asBoolean(false)) {
        return TextNode.valueOf("required field missing");
      }
      return null;
    }
    String type = def.path("type").asText("");
    switch (type) {
      case "string":
        if (!v.isTextual()) {
          return TextNode.valueOf("expected a string");
        }
        break;
      case "integer":
        if (!v.isNumber() || v.asDouble() != Math.rint(v.asDouble())) {
          return TextNode.valueOf("expected an integer");
        }
        break;
      case "number":
        if (!v.isNumber()) {
          return TextNode.valueOf("expected a number");
        }
        break;
      case "boolean":
        if (!v.isBoolean()) {
          return TextNode.valueOf("expected a boolean");
        }
        break;
      case "array":
      case "set":
        if (!v.isArray() && !(v.isObject() && v.isEmpty())) {
          return TextNode.valueOf("array".equals(type) ? "expected an array" : "expected a set");
        }
        if (def.has("elements")) {
          ArrayNode errs = Json.arr();
          boolean any = false;
          for (int i = 0; i < v.size(); i++) {
            JsonNode e = validateField(def.get("elements"), v.get(i), path + ".*");
            errs.add(e == null ? NullNode.getInstance() : e);
            any |= e != null;
          }
          if (any) {
            while (errs.size() > 0 && errs.get(errs.size() - 1).isNull()) {
              errs.remove(errs.size() - 1);
            }
            return errs;
          }
        }
        break;
      case "map":
        if (!v.isObject()) {
          return TextNode.valueOf("expected a map");
        }
        ObjectNode mapErrs = Json.obj();
        v.fields().forEachRemaining(e -> {
          JsonNode ke = def.has("keys") ? validateField(def.get("keys"), TextNode.valueOf(e.getKey()), path + ".<key>") : null;
          JsonNode ve = ke == null && def.has("values") ? validateField(def.get("values"), e.getValue(), path + ".*") : null;
          if (ke != null || ve != null) {
            mapErrs.set(e.getKey(), ke != null ? ke : ve);
          }
        });
        if (!mapErrs.isEmpty()) {
          return mapErrs;
        }
        break;
      case "record":
        if (!v.isObject()) {
          return TextNode.valueOf("expected a record");
        }
        if (def.path("emulator_open").asBoolean(false)) {
          break;
        }
        ObjectNode sub = validateRecord(def.path("fields"), def.path("entity_checks"), (ObjectNode) v, path);
        if (sub.has("@config")) {
          // a record's custom_validator failed: Kong reports its message in place of the record
          return sub.get("@config");
        }
        if (!sub.isEmpty()) {
          return sub;
        }
        break;
      case "foreign":
        if (!v.isObject() || !v.hasNonNull("id")) {
          return Json.obj().put("id", "missing primary key");
        }
        if (!v.get("id").isTextual() || !isUuid(v.get("id").asText())) {
          return Json.obj().put("id", "expected a valid UUID");
        }
        break;
      default:
        break;
    }
    String err = runValidators(def, v, path);
    return err == null ? null : TextNode.valueOf(err);
  }

  /** Kong's {@code Schema.validators_order}; the first failing validator wins. */
  private String runValidators(JsonNode def, JsonNode v, String path) {
    if (def.has("eq") && !def.get("eq").equals(v)) {
      return "value must be " + (def.get("eq").isNull() ? "null" : def.get("eq").asText());
    }
    if (def.has("not_one_of")) {
      for (JsonNode o : def.get("not_one_of")) {
        if (o.equals(v) || o.asText().equals(v.asText()) && v.isValueNode()) {
          return "must not be one of: " + joinValues(def.get("not_one_of"));
        }
      }
    }
    if (def.has("one_of")) {
      boolean found = false;
      for (JsonNode o : def.get("one_of")) {
        found |= v.isNumber() && o.isNumber() ? o.asDouble() == v.asDouble() : o.equals(v);
      }
      if (!found) {
        return "expected one of: " + joinValues(def.get("one_of"));
      }
    }
    if (def.has("gt") && v.isNumber() && v.asDouble() <= def.get("gt").asDouble()) {
      return "value must be greater than " + def.get("gt").asText();
    }
    if (def.path("uuid").asBoolean(false) && v.isTextual() && !isUuid(v.asText())) {
      return "expected a valid UUID";
    }
    if (def.has("between") && v.isNumber()) {
      long lo = def.get("between").get(0).asLong();
      long hi = def.get("between").get(1).asLong();
      if (v.asDouble() < lo || v.asDouble() > hi) {
        return "value should be between " + lo + " and " + hi;
      }
    }
    int len = v.isTextual() ? v.asText().length() : v.isContainerNode() ? v.size() : -1;
    if (len >= 0) {
      if (def.has("len_eq") && len != def.get("len_eq").asInt()) {
        return "length must be " + def.get("len_eq").asInt();
      }
      if (def.has("len_min") && len < def.get("len_min").asInt()) {
        return "length must be at least " + def.get("len_min").asInt();
      }
      if (def.has("len_max") && len > def.get("len_max").asInt()) {
        return "length must be at most " + def.get("len_max").asInt();
      }
    }
    if (v.isTextual()) {
      String s = v.asText();
      if (def.has("starts_with") && !s.startsWith(def.get("starts_with").asText())) {
        return "should start with: " + def.get("starts_with").asText();
      }
      if (def.has("not_match") && LuaPattern.find(def.get("not_match").asText(), s)) {
        return "invalid value: " + s;
      }
      for (JsonNode m : def.path("match_none")) {
        if (LuaPattern.find(m.path("pattern").asText(), s)) {
          return m.has("err") ? m.get("err").asText() : "invalid value: " + s;
        }
      }
      if (def.has("match") && !LuaPattern.find(def.get("match").asText(), s)) {
        return "invalid value: " + s;
      }
      for (JsonNode m : def.path("match_all")) {
        if (!LuaPattern.find(m.path("pattern").asText(), s)) {
          return m.has("err") ? m.get("err").asText() : "invalid value: " + s;
        }
      }
      if (def.has("match_any")) {
        boolean any = false;
        for (JsonNode p : def.get("match_any").path("patterns")) {
          any |= LuaPattern.find(p.asText(), s);
        }
        if (!any) {
          JsonNode ma = def.get("match_any");
          return ma.has("err") ? ma.get("err").asText() : "invalid value: " + s;
        }
      }
    }
    if (def.has("contains") && v.isArray()) {
      boolean found = false;
      for (JsonNode e : v) {
        found |= e.equals(def.get("contains"));
      }
      if (!found) {
        return "expected to contain: " + def.get("contains").asText();
      }
    }
    return rules.checkField(schemaName, path, v);
  }

  private void runEntityChecks(JsonNode fields, JsonNode checks, ObjectNode value, ObjectNode errors) {
    for (JsonNode check : checks) {
      String kind = check.fieldNames().next();
      JsonNode arg = check.get(kind);
      switch (kind) {
        case "at_least_one_of" -> {
          if (anyHasError(arg, errors)) {
            continue;
          }
          boolean any = false;
          for (JsonNode f : arg) {
            JsonNode fv = Json.at(value, f.asText());
            any |= !Json.isNull(fv) && !(fv.isContainerNode() && fv.isEmpty());
          }
          if (!any) {
            entityError(errors, "at least one of these fields must be non-empty: " + quotedList(arg));
          }
        }
        case "only_one_of" -> {
          int count = 0;
          for (JsonNode f : arg) {
            count += Json.isNull(Json.at(value, f.asText())) ? 0 : 1;
          }
          if (count != 1 && !anyHasError(arg, errors)) {
            entityError(errors, "exactly one of these fields must be non-empty: " + quotedList(arg));
          }
        }
        case "mutually_required" -> {
          int count = 0;
          for (JsonNode f : arg) {
            count += Json.isNull(Json.at(value, f.asText())) ? 0 : 1;
          }
          if (count != 0 && count != arg.size() && !anyHasError(arg, errors)) {
            entityError(errors, "all or none of these fields must be set: " + quotedList(arg));
          }
        }
        case "conditional" -> conditional(fields, arg, value, errors);
        default -> {
          // custom_entity_check and friends are Lua functions: KongRules.checkRecord covers them.
        }
      }
    }
  }

  private void conditional(JsonNode fields, JsonNode arg, ObjectNode value, ObjectNode errors) {
    String ifField = arg.get("if_field").asText();
    String thenField = arg.get("then_field").asText();
    if (errors.has(ifField) || errors.has(thenField)) {
      return;
    }
    JsonNode ifValue = Json.at(value, ifField);
    JsonNode thenValue = Json.at(value, thenField);
    if (Json.isNull(ifValue) && Json.isNull(thenValue)) {
      return;
    }
    if (validateField(overlay(fields, ifField, arg.get("if_match")), ifValue, "<conditional>") != null) {
      return;
    }
    JsonNode err = validateField(overlay(fields, thenField, arg.get("then_match")), thenValue, "<conditional>");
    if (err == null) {
      return;
    }
    if (arg.has("then_err")) {
      entityError(errors, arg.get("then_err").asText());
      return;
    }
    setNested(errors, thenField, err);
    entityError(errors, "failed conditional validation given value of field '" + ifField + "'");
  }

  /** The {@code if_match}/{@code then_match} table with the field's own definition behind it (Lua __index). */
  private static JsonNode overlay(JsonNode fields, String dotted, JsonNode match) {
    JsonNode def = null;
    JsonNode fs = fields;
    for (String part : dotted.split("\\.")) {
      def = Json.fieldDef(fs, part);
      if (def == null) {
        break;
      }
      fs = def.path("fields");
    }
    ObjectNode merged = def == null ? Json.obj() : def.deepCopy();
    merged.remove("default");
    merged.setAll((ObjectNode) match.deepCopy());
    return merged;
  }

  private static void setNested(ObjectNode errors, String dotted, JsonNode err) {
    String[] parts = dotted.split("\\.");
    ObjectNode cur = errors;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode next = cur.get(parts[i]);
      if (next == null || !next.isObject()) {
        next = Json.obj();
        cur.set(parts[i], next);
      }
      cur = (ObjectNode) next;
    }
    cur.set(parts[parts.length - 1], err);
  }

  static void entityError(ObjectNode errors, String message) {
    JsonNode list = errors.get("@entity");
    if (list == null || !list.isArray()) {
      list = Json.arr();
      errors.set("@entity", list);
    }
    ((ArrayNode) list).add(message);
  }

  /** Kong looks errors up by the literal check field name, so dotted names never count as failed. */
  private static boolean anyHasError(JsonNode fieldList, ObjectNode errors) {
    for (JsonNode f : fieldList) {
      if (errors.has(f.asText())) {
        return true;
      }
    }
    return false;
  }

  private static String quotedList(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(n -> out.add("'" + n.asText() + "'"));
    return String.join(", ", out);
  }

  private static String joinValues(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(n -> out.add(n.asText()));
    return String.join(", ", out);
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
