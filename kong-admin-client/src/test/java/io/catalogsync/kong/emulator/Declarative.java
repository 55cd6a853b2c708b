package io.catalogsync.kong.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * DB-less {@code /config} ({@code kong/api/routes/config.lua}, {@code kong/db/declarative/*},
 * {@code kong/db/schema/others/declarative_config.lua}): parse, flatten nested entities, validate
 * (a second pass with foreign keys as records when the first fails), check uniqueness and
 * references, give named entities UUIDv5 ids, replace the whole configuration, hash it.
 */
final class Declarative {
  /** kong/db/schema/others/declarative_config.lua: the namespace of all generated ids. */
  private static final UUID ENTITIES_NS = UUID.fromString("fd02801f-0957-4a15-a55a-c8d9606f30b5");
  /** The id the emulator gives the default workspace; it feeds cache-key based ids. */
  private static final String DEFAULT_WS = "0dc6f45b-8f8d-40d2-a504-473544ee190b";

  /** Nested collections: parent -> (key in the parent item -> child collection). */
  private static final Map<String, Map<String, String>> NESTED = new LinkedHashMap<>();

  static {
    NESTED.put("services", Map.of("routes", "routes", "plugins", "plugins"));
    NESTED.put("routes", Map.of("plugins", "plugins"));
    NESTED.put("consumers", Map.of("plugins", "plugins", "jwt_secrets", "jwt_secrets",
        "keyauth_credentials", "keyauth_credentials", "basicauth_credentials", "basicauth_credentials",
        "acls", "acls", "hmacauth_credentials", "hmacauth_credentials", "oauth2_credentials", "oauth2_credentials"));
    NESTED.put("key_sets", Map.of("keys", "keys"));
    NESTED.put("upstreams", Map.of("targets", "targets"));
    NESTED.put("certificates", Map.of("snis", "snis"));
  }

  private final AdminApi api;

  Declarative(AdminApi api) {
    this.api = api;
  }

  /** One entity of the input, where it came from, and what it became. */
  private static final class Item {
    final String kind;
    final ObjectNode input;
    final ObjectNode entity;
    final int index;
    final ArrayNode errorList;

    Item(String kind, ObjectNode input, ObjectNode entity, ArrayNode errorList, int index) {
      this.kind = kind;
      this.input = input;
      this.entity = entity;
      this.errorList = errorList;
      this.index = index;
    }
  }

  ApiResponse load(ApiRequest req) {
    if (!req.hasBody()) {
      return ApiResponse.message(400, "expected a declarative configuration");
    }
    boolean flatten = truthy(req.arg("flatten_errors"));
    boolean checkHash = truthy(req.arg("check_hash"));
    String mt = req.mediaType();
    String configText = null;
    JsonNode config;
    if ("text/yaml".equals(mt)) {
      configText = req.body();
    } else {
      JsonNode body;
      try {
        body = "application/x-www-form-urlencoded".equals(mt)
            ? Json.obj().put("config", String.valueOf(ApiRequest.parseQuery(req.body()).getOrDefault("config", List.of("")).get(0)))
            : Json.parse(req.body());
      } catch (JsonProcessingException e) {
        return ApiResponse.message(400, "Cannot parse JSON body");
      }
      if (body != null && body.isObject() && body.path("config").isTextual() && !body.has("_format_version")) {
        configText = body.get("config").asText();
      } else {
        config = body;
        return apply(config, null, flatten);
      }
    }
    String hash = md5(configText);
    if (checkHash && hash.equals(api.configHash())) {
      return ApiResponse.empty(304);
    }
    String parseError;
    config = null;
    try {
      String trimmed = configText.trim();
      config = trimmed.startsWith("{") ? parseJsonOrYaml(trimmed) : Lyaml.parse(configText);
      // lyaml.load gave no table (a lone scalar, or an empty document): kong/db/declarative/parse.lua says
      // "expected an object" as a parse failure; a list is a table and goes on to validation
      parseError = config == null || !config.isContainerNode() ? "expected an object" : null;
    } catch (Lyaml.YamlException e) {
      parseError = e.getMessage();
    }
    if (parseError != null) {
      String msg = "failed parsing declarative configuration: " + parseError;
      ObjectNode fields = Json.obj().put("error", msg);
      return KongError.declarative(fields, "declarative config is invalid: " + LuaTable.inline(fields));
    }
    return apply(config, hash, flatten);
  }

  private static JsonNode parseJsonOrYaml(String text) throws Lyaml.YamlException {
    try {
      return Json.parse(text);
    } catch (JsonProcessingException e) {
      return Lyaml.parse(text);
    }
  }

  private ApiResponse apply(JsonNode config, String hash, boolean flatten) {
    if (config == null || !config.isObject()) {
      ObjectNode fields = Json.obj().put("error", "expected an object");
      return KongError.declarative(fields, "declarative config is invalid: " + LuaTable.inline(fields));
    }
    ObjectNode top = (ObjectNode) config;
    ObjectNode topErrors = Json.obj();
    if (Json.isNull(top.get("_format_version"))) {
      topErrors.put("_format_version", "required field missing");
    } else if (!top.get("_format_version").isTextual()) {
      topErrors.put("_format_version", "expected a string");
    }
    Iterator<String> keys = top.fieldNames();
    while (keys.hasNext()) {
      String k = keys.next();
      if (!k.startsWith("_") && api.kind(k) == null) {
        topErrors.put(k, "unknown field");
      }
    }
    if (!topErrors.isEmpty()) {
      return KongError.declarative(topErrors, "declarative config is invalid: " + LuaTable.inline(topErrors));
    }

    List<Item> items = new ArrayList<>();
    ObjectNode errorTree = Json.obj();
    for (String kind : EntityKind.ORDER) {
      JsonNode list = top.get(kind);
      if (list == null || list.isNull()) {
        continue;
      }
      ArrayNode errs = Json.arr();
      errorTree.set(kind, errs);
      if (!list.isArray()) {
        errorTree.put(kind, "expected an array");
        continue;
      }
      collect(kind, list, null, null, errs, items);
    }

    // schema validation: first with references accepted as names, then (on failure) as records
    boolean failed = false;
    for (Item it : items) {
      ObjectNode probe = it.entity.deepCopy();
      for (String[] fk : api.kind(it.kind).foreignKeys()) {
        if (probe.path(fk[0]).isTextual()) {
          probe.set(fk[0], Json.obj().put("id", UUID.randomUUID().toString()));
        }
      }
      failed |= !api.validateEntity(api.kind(it.kind), probe).isEmpty();
    }
    if (failed) {
      // The second pass (flatten in declarative_config.lua) validates a copy where populate_ids_for_validation
      // has turned every string reference that names a declared entity (by id or endpoint key) into its primary
      // key record; only references that resolve to nothing stay strings and fail as "missing primary key".
      List<ObjectNode> flat = new ArrayList<>();
      for (Item it : items) {
        ObjectNode probe = it.entity.deepCopy();
        for (String[] fk : api.kind(it.kind).foreignKeys()) {
          if (probe.path(fk[0]).isTextual()) {
            Item target = resolve(items, fk[1], probe.get(fk[0]).asText());
            if (target != null) {
              probe.set(fk[0], Json.obj().put("id", target.entity.get("id").asText()));
            }
          }
        }
        ObjectNode errors = api.validateEntity(api.kind(it.kind), probe);
        if (!errors.isEmpty()) {
          setError(it, errors);
          flat.add(flattened(it, errors));
        }
      }
      return failure(prune(errorTree), flatten, flat);
    }

    // uniqueness and references (populate_references / validate_references): a second entity with the same
    // unique endpoint key, else with the same primary key, is refused. Entities without an id got theirs from
    // their cache key (generate_ids), so two plugins with the same name on the same route/service/consumer share
    // one id and are refused here: the uniqueness of plugins.lua's cache_key, declarative style. Kong files these
    // errors under errs[collection][i], i being the position in the entity's own list, nested or not.
    ObjectNode refErrors = Json.obj();
    Map<String, ArrayNode> uniqueErrors = new LinkedHashMap<>();
    List<ObjectNode> uniqueFlat = new ArrayList<>();
    Map<String, Map<String, Item>> seen = new LinkedHashMap<>();
    for (Item it : items) {
      EntityKind k = api.kind(it.kind);
      String violation = null;
      String endpointKey = k.endpointKey();
      JsonNode keyValue = endpointKey == null ? null : it.entity.get(endpointKey);
      if (endpointKey != null && k.field(endpointKey).path("unique").asBoolean(false) && !Json.isNull(keyValue)) {
        Map<String, Item> m = seen.computeIfAbsent(it.kind + "#" + endpointKey, x -> new LinkedHashMap<>());
        if (m.putIfAbsent(keyValue.asText(), it) != null) {
          violation = uniquenessViolation(it.kind, endpointKey, keyValue.asText());
        }
      }
      String id = it.entity.path("id").asText();
      Map<String, Item> ids = seen.computeIfAbsent(it.kind + "#id", x -> new LinkedHashMap<>());
      if (violation == null && ids.putIfAbsent(id, it) != null) {
        violation = uniquenessViolation(it.kind, "primary key", id);
      }
      if (violation != null) {
        if (api.options().atLeast(3, 9)) {
          // 3.9 keeps uniqueness errors in the flattened form (kong-transcripts/3.9.3/dbless-config.json
          // exchange 12; 3.4.2 answered an empty object there)
          ObjectNode withId = it.input.deepCopy();
          withId.set("id", it.entity.get("id"));
          ObjectNode one = flattened(it, Json.obj());
          one.set("entity", withId);
          one.set("entity_id", it.entity.get("id"));
          ((ArrayNode) one.get("errors")).addObject().put("message", violation).put("type", "entity");
          uniqueFlat.add(one);
        }
        ArrayNode list = uniqueErrors.computeIfAbsent(it.kind, x -> Json.arr());
        while (list.size() <= it.index) {
          list.add(NullNode.getInstance());
        }
        list.set(it.index, Json.F.textNode(violation));
      }
    }
    for (Item it : items) {
      EntityKind k = api.kind(it.kind);
      for (String[] fk : k.foreignKeys()) {
        JsonNode v = it.entity.get(fk[0]);
        if (v == null || !v.isTextual()) {
          continue;
        }
        Item target = resolve(items, fk[1], v.asText());
        if (target == null) {
          String at = k.endpointKey() != null && it.entity.path(k.endpointKey()).isTextual()
              ? it.entity.get(k.endpointKey()).asText() : it.entity.path("id").asText();
          ObjectNode byKind = refErrors.has(it.kind) ? (ObjectNode) refErrors.get(it.kind) : refErrors.putObject(it.kind);
          ArrayNode msgs = byKind.has(at) ? (ArrayNode) byKind.get(at) : byKind.putArray(at);
          msgs.add("invalid reference '" + fk[0] + ": " + v.asText() + "' (no such entry in '" + fk[1] + "')");
        } else {
          it.entity.set(fk[0], Json.obj().put("id", target.entity.get("id").asText()));
        }
      }
    }
    if (!uniqueErrors.isEmpty() || !refErrors.isEmpty()) {
      ObjectNode fields = Json.obj();
      uniqueErrors.forEach(fields::set);
      refErrors.fields().forEachRemaining(e -> {
        JsonNode positional = fields.get(e.getKey());
        if (positional == null) {
          fields.set(e.getKey(), e.getValue());
          return;
        }
        // one Lua table holding both kinds of keys: cjson writes it as an object with 1-based string keys
        ObjectNode mixed = ((ObjectNode) e.getValue()).deepCopy();
        for (int i = 0; i < positional.size(); i++) {
          if (!positional.get(i).isNull()) {
            mixed.set(String.valueOf(i + 1), positional.get(i));
          }
        }
        fields.set(e.getKey(), mixed);
      });
      return failure(fields, flatten, uniqueFlat);
    }

    // flatten, after the references resolved: every other unique field (consumers' custom_id, ...), filed under
    // errs[collection][endpoint key or id]
    ObjectNode lateUnique = Json.obj();
    Map<String, java.util.Set<String>> uniques = new LinkedHashMap<>();
    for (Item it : items) {
      EntityKind k = api.kind(it.kind);
      for (String field : k.uniqueFields()) {
        JsonNode v = it.entity.get(field);
        if (Json.isNull(v) || field.equals(k.endpointKey())) {
          continue;
        }
        if (!uniques.computeIfAbsent(it.kind + "#" + field, x -> new java.util.HashSet<>()).add(v.asText())) {
          String at = k.endpointKey() != null && it.entity.path(k.endpointKey()).isTextual()
              ? it.entity.get(k.endpointKey()).asText() : it.entity.path("id").asText();
          // declarative_config.lua resets errs[entity] for each violation: only the last one is reported
          lateUnique.putObject(it.kind).put(at, uniquenessViolation(it.kind, field, v.asText()));
        }
      }
    }
    if (!lateUnique.isEmpty()) {
      return failure(lateUnique, flatten, List.of());
    }

    // kong/db/declarative/import.lua: unless _transform is false (as GET /config exports it), each entity goes
    // through its schema's transformations: basic-auth hashes the password (basic-auth/crypto.lua,
    // sha1(password .. consumer_id)); an exported configuration carries the hash and must not be hashed again
    JsonNode transform = top.get("_transform");
    if (Json.isNull(transform) || transform.asBoolean(true)) {
      for (Item it : items) {
        if (it.kind.equals("basicauth_credentials") && it.entity.path("password").isTextual()) {
          it.entity.put("password", AdminApi.sha1(it.entity.get("password").asText()
              + it.entity.path("consumer").path("id").asText()));
        }
      }
    }

    Map<String, TreeMap<String, ObjectNode>> loaded = new LinkedHashMap<>();
    ObjectNode response = Json.obj();
    for (Item it : items) {
      loaded.computeIfAbsent(it.kind, x -> new TreeMap<>()).put(it.entity.get("id").asText(), it.entity);
    }
    for (String kind : EntityKind.ORDER) {
      TreeMap<String, ObjectNode> m = loaded.get(kind);
      if (m == null || m.isEmpty()) {
        continue;
      }
      ObjectNode byId = response.putObject(kind);
      // 3.4.2 leaves null fields out of this answer, 3.9.3 lists them (both dbless-config.json recordings)
      boolean nulls = api.options().atLeast(3, 9);
      // the entities as loaded, without the Admin API's read-side echo of rate-limiting's flat redis_* fields
      // (3.9.3 answers config.redis only here, while GET /config's YAML carries both)
      m.forEach((id, e) -> byId.set(id, nulls ? e.deepCopy() : withoutNulls(api.render(api.kind(kind), e))));
    }
    String newHash;
    if (items.isEmpty()) {
      newHash = AdminApi.NO_HASH;
    } else if (hash != null) {
      newHash = hash;
    } else {
      // a JSON body is hashed after loading: the hash covers the load-time timestamps
      newHash = md5(Json.write(response) + System.currentTimeMillis() + System.nanoTime());
    }
    api.replaceAll(loaded, newHash);
    return ApiResponse.json(201, response);
  }

  private static String uniquenessViolation(String kind, String key, String value) {
    return "uniqueness violation: '" + kind + "' entity with " + key + " set to '" + value + "' already declared";
  }

  private void collect(String kind, JsonNode list, String parentFk, String parentId, ArrayNode errs, List<Item> items) {
    EntityKind k = api.kind(kind);
    for (int i = 0; i < list.size(); i++) {
      JsonNode raw = list.get(i);
      errs.add(NullNode.getInstance());
      if (!raw.isObject()) {
        errs.set(i, Json.F.textNode("expected a record"));
        continue;
      }
      ObjectNode input = (ObjectNode) raw;
      ObjectNode entity = input.deepCopy();
      Map<String, String> nested = NESTED.getOrDefault(kind, Map.of());
      nested.keySet().forEach(entity::remove);
      if (parentFk != null) {
        entity.set(parentFk, Json.obj().put("id", parentId));
      }
      if (Json.isNull(entity.get("id"))) {
        String key = idKey(k, entity, parentId);
        entity.put("id", key == null ? UUID.randomUUID().toString() : uuidV5(uuidV5(ENTITIES_NS, kind), key).toString());
      }
      api.prepareForLoad(k, entity);
      items.add(new Item(kind, input, entity, errs, i));
      for (Map.Entry<String, String> n : nested.entrySet()) {
        JsonNode children = input.get(n.getKey());
        if (children == null || !children.isArray()) {
          continue;
        }
        String childFk = null;
        for (String[] fk : api.kind(n.getValue()).foreignKeys()) {
          if (fk[1].equals(kind)) {
            childFk = fk[0];
          }
        }
        ObjectNode holder = Json.obj();
        ArrayNode childErrs = holder.putArray(n.getKey());
        collect(n.getValue(), children, childFk, entity.get("id").asText(), childErrs, items);
        JsonNode mine = errs.get(i);
        ObjectNode container = mine.isObject() ? (ObjectNode) mine : Json.obj();
        container.set(n.getKey(), childErrs);
        errs.set(i, container);
      }
    }
  }

  /** get_key_for_uuid_gen: cache key when the schema has one, else a unique endpoint key. */
  private static String idKey(EntityKind k, ObjectNode e, String parentId) {
    if (k.cacheKey() != null) {
      StringBuilder sb = new StringBuilder(k.name()).append(':').append(DEFAULT_WS);
      for (String f : k.cacheKey()) {
        JsonNode v = e.get(f);
        sb.append(':');
        if (v != null && v.isTextual()) {
          sb.append(v.asText());
        } else if (v != null && v.isObject() && parentId != null) {
          sb.append(parentId);
        }
      }
      return sb.toString();
    }
    if (k.endpointKey() != null && e.path(k.endpointKey()).isTextual()) {
      JsonNode def = k.field(k.endpointKey());
      return def != null && def.path("unique").asBoolean(false) ? e.get(k.endpointKey()).asText() : null;
    }
    return null;
  }

  private Item resolve(List<Item> items, String kind, String ref) {
    EntityKind k = api.kind(kind);
    for (Item it : items) {
      if (!it.kind.equals(kind)) {
        continue;
      }
      if (ref.equals(it.entity.path("id").asText())
          || k.endpointKey() != null && ref.equals(it.entity.path(k.endpointKey()).asText(null))) {
        return it;
      }
    }
    return null;
  }

  private static void setError(Item it, JsonNode err) {
    JsonNode current = it.errorList.get(it.index);
    if (current != null && current.isObject() && err.isObject()) {
      ((ObjectNode) current).setAll((ObjectNode) err);
    } else {
      it.errorList.set(it.index, err);
    }
  }

  /** flatten_errors=1 ({@code Errors:declarative_config_flattened}): field errors per entity. */
  private ObjectNode flattened(Item it, ObjectNode errors) {
    EntityKind k = api.kind(it.kind);
    ObjectNode out = Json.obj();
    out.set("entity", it.input);
    if (!Json.isNull(it.input.get("id"))) {
      out.set("entity_id", it.input.get("id"));
    }
    if (k.endpointKey() != null && it.input.path(k.endpointKey()).isTextual()) {
      out.set("entity_name", it.input.get(k.endpointKey()));
    }
    if (it.input.path("tags").isArray()) {
      out.set("entity_tags", it.input.get("tags"));
    }
    out.put("entity_type", k.singular());
    ArrayNode list = out.putArray("errors");
    flattenInto(list, "", errors);
    return out;
  }

  private static void flattenInto(ArrayNode list, String prefix, JsonNode errors) {
    for (String key : KongError.sortedKeys(errors)) {
      JsonNode v = errors.get(key);
      if (key.equals("@entity")) {
        v.forEach(m -> list.addObject().put("message", m.asText()).put("type", "entity"));
      } else if (v.isObject()) {
        flattenInto(list, prefix + key + ".", v);
      } else if (v.isArray()) {
        for (int i = 0; i < v.size(); i++) {
          if (!v.get(i).isNull()) {
            list.addObject().put("field", prefix + key + "." + (i + 1)).put("message", v.get(i).asText())
                .put("type", "field");
          }
        }
      } else {
        list.addObject().put("field", prefix + key).put("message", v.asText()).put("type", "field");
      }
    }
  }

  private static ApiResponse failure(ObjectNode fields, boolean flatten, List<ObjectNode> flat) {
    if (flatten) {
      ObjectNode body = Json.obj().put("code", 14).put("name", "invalid declarative configuration")
          .put("message", "declarative config is invalid: {}");
      body.putObject("fields");
      if (flat.isEmpty()) {
        // an empty Lua table: cjson writes {}
        body.putObject("flattened_errors");
      } else {
        ArrayNode arr = body.putArray("flattened_errors");
        flat.forEach(arr::add);
      }
      return ApiResponse.json(400, body);
    }
    return KongError.declarative(fields, "declarative config is invalid: " + LuaTable.inline(fields));
  }

  /** Drops the null-only parts of the positional error tree. */
  private static ObjectNode prune(ObjectNode tree) {
    ObjectNode out = Json.obj();
    tree.fields().forEachRemaining(e -> {
      JsonNode p = pruneNode(e.getValue());
      if (p != null) {
        out.set(e.getKey(), p);
      }
    });
    return out;
  }

  private static JsonNode pruneNode(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isArray()) {
      ArrayNode a = Json.arr();
      boolean any = false;
      for (JsonNode c : n) {
        JsonNode p = pruneNode(c);
        a.add(p == null ? NullNode.getInstance() : p);
        any |= p != null;
      }
      if (!any) {
        return null;
      }
      while (a.get(a.size() - 1).isNull()) {
        a.remove(a.size() - 1);
      }
      return a;
    }
    if (n.isObject()) {
      ObjectNode o = Json.obj();
      n.fields().forEachRemaining(e -> {
        JsonNode p = pruneNode(e.getValue());
        if (p != null) {
          o.set(e.getKey(), p);
        }
      });
      return o.isEmpty() ? null : o;
    }
    return n;
  }

  static ObjectNode withoutNulls(ObjectNode e) {
    ObjectNode out = Json.obj();
    e.fields().forEachRemaining(f -> {
      JsonNode v = f.getValue();
      if (v.isNull()) {
        return;
      }
      out.set(f.getKey(), v.isObject() ? withoutNulls((ObjectNode) v) : v);
    });
    return out;
  }

  /** {@code GET /config}: the loaded configuration as YAML, foreign keys as bare ids. */
  ApiResponse export() {
    ObjectNode doc = Json.obj();
    doc.put("_format_version", "3.0");
    doc.put("_transform", false);
    api.snapshot().forEach((kind, m) -> {
      if (m.isEmpty()) {
        return;
      }
      ArrayNode list = doc.putArray(kind);
      EntityKind k = api.kind(kind);
      for (ObjectNode e : m.values()) {
        ObjectNode out = api.render(k, e);
        // real Kong 3.4.2 exports credentials without their (null) ttl (kong-transcripts/3.4.2-daemon
        // daemon-dbless #67: keyauth_credentials)
        if (out.has("ttl") && out.get("ttl").isNull()) {
          out.remove("ttl");
        }
        for (String[] fk : k.foreignKeys()) {
          JsonNode v = out.get(fk[0]);
          if (v != null && v.isObject()) {
            out.set(fk[0], v.get("id"));
          }
        }
        list.add(sorted(out));
      }
    });
    return ApiResponse.json(200, Json.obj().put("config", Lyaml.write(doc)));
  }

  private static JsonNode sorted(JsonNode n) {
    if (!n.isObject()) {
      return n;
    }
    ObjectNode out = Json.obj();
    for (String k : KongError.sortedKeys(n)) {
      out.set(k, sorted(n.get(k)));
    }
    return out;
  }

  private static boolean truthy(String v) {
    return v != null && (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("on")
        || v.equalsIgnoreCase("yes"));
  }

  static String md5(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** RFC 4122 version 5 (SHA-1, name based) UUID, as lua-resty-jit-uuid's factory_v5 makes them. */
  static UUID uuidV5(UUID namespace, String name) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      ByteBuffer ns = ByteBuffer.allocate(16);
      ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
      sha1.update(ns.array());
      sha1.update(name.getBytes(StandardCharsets.UTF_8));
      byte[] h = sha1.digest();
      h[6] = (byte) ((h[6] & 0x0f) | 0x50);
      h[8] = (byte) ((h[8] & 0x3f) | 0x80);
      ByteBuffer bb = ByteBuffer.wrap(h, 0, 16);
      return new UUID(bb.getLong(), bb.getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
