package io.catalogsync.kong.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Kong 3.4's Admin API semantics over an in-memory store: the generic endpoints of
 * {@code kong/api/endpoints.lua}, the custom routes of {@code kong/api/routes/*.lua}, the DAO rules
 * of {@code kong/db/dao/init.lua} (defaults, unique and foreign keys, cascades) and, in DB-less
 * mode, the refusals of {@code kong/db/strategies/off/init.lua}. One instance is one Kong node;
 * calls are serialised, as a single Kong worker with a database would see them.
 */
final class AdminApi {
  static final String NO_HASH = "00000000000000000000000000000000";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EmulatorOptions options;
  private final Map<String, EntityKind> kinds = new LinkedHashMap<>();
  private final Map<String, EntityKind> byApi = new LinkedHashMap<>();
  private final PluginCatalog plugins;
  /** Plugins GET / reports beside the bundled ones ({@link KongEmulator#reportCustomPlugin}). */
  private final Set<String> customPlugins = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final KongRules rules;
  private final String nodeId = UUID.randomUUID().toString();
  /** collection -> id -> entity; TreeMap because Kong pages by primary key. */
  private final Map<String, TreeMap<String, ObjectNode>> store = new LinkedHashMap<>();
  /** collection -> its secondary indexes, changed only through {@link #put} and {@link #removeEntity}. */
  private final Map<String, StoreIndex> indexes = new LinkedHashMap<>();
  private final Declarative declarative;
  private String configHash = NO_HASH;
  private long totalRequests;

  AdminApi(EmulatorOptions options) {
    this.options = options;
    this.rules = new KongRules(options.atLeast(3, 7));
    for (EntityKind k : EntityKind.load(options)) {
      kinds.put(k.name(), k);
      byApi.put(k.apiName(), k);
      store.put(k.name(), new TreeMap<>());
      indexes.put(k.name(), new StoreIndex(k));
    }
    this.plugins = new PluginCatalog(options, kinds.get("plugins").schema());
    this.declarative = new Declarative(this);
  }

  // ---------------------------------------------------------------- accessors for Declarative

  EntityKind kind(String name) {
    return kinds.get(name);
  }

  Map<String, EntityKind> kinds() {
    return kinds;
  }

  void reportCustomPlugin(String name) {
    customPlugins.add(name);
  }

  PluginCatalog plugins() {
    return plugins;
  }

  KongRules rules() {
    return rules;
  }

  EmulatorOptions options() {
    return options;
  }

  String nodeId() {
    return nodeId;
  }

  synchronized void reset() {
    store.values().forEach(Map::clear);
    indexes.values().forEach(StoreIndex::clear);
    configHash = NO_HASH;
  }

  synchronized void replaceAll(Map<String, TreeMap<String, ObjectNode>> entities, String hash) {
    store.values().forEach(Map::clear);
    indexes.values().forEach(StoreIndex::clear);
    entities.forEach((k, v) -> v.values().forEach(e -> put(k, e)));
    configHash = hash;
  }

  /** Stores (or replaces) an entity and keeps the collection's indexes in step. */
  private void put(String collection, ObjectNode e) {
    ObjectNode previous = store.get(collection).put(e.get("id").asText(), e);
    StoreIndex index = indexes.get(collection);
    if (previous != null) {
      index.remove(previous);
    }
    index.add(e);
  }

  private void removeEntity(String collection, String id) {
    ObjectNode previous = store.get(collection).remove(id);
    if (previous != null) {
      indexes.get(collection).remove(previous);
    }
  }

  /** The stored entities with the given ids, in the ids' (primary-key) order. */
  private List<ObjectNode> entities(String collection, Iterable<String> ids) {
    TreeMap<String, ObjectNode> all = store.get(collection);
    List<ObjectNode> out = new ArrayList<>();
    ids.forEach(id -> out.add(all.get(id)));
    return out;
  }

  synchronized String configHash() {
    return configHash;
  }

  synchronized Map<String, TreeMap<String, ObjectNode>> snapshot() {
    Map<String, TreeMap<String, ObjectNode>> copy = new LinkedHashMap<>();
    store.forEach((k, v) -> {
      TreeMap<String, ObjectNode> m = new TreeMap<>();
      v.forEach((id, e) -> m.put(id, e.deepCopy()));
      copy.put(k, m);
    });
    return copy;
  }

  // ---------------------------------------------------------------- dispatch

  synchronized ApiResponse handle(ApiRequest req) {
    totalRequests++;
    if (req.hasBody() && !"GET".equals(req.method())) {
      String mt = req.mediaType();
      boolean yamlOk = "text/yaml".equals(mt) && req.path().replaceAll("/+$", "").equals("/config");
      if (mt == null || !(mt.equals("application/json") || mt.equals("application/x-www-form-urlencoded")
          || mt.equals("multipart/form-data") || yamlOk)) {
        return ApiResponse.unsupportedMediaType();
      }
    }
    List<String> seg = req.segments();
    String m = req.method();
    if (seg.isEmpty()) {
      return only(m, "GET") ? root() : notAllowed();
    }
    String head = seg.get(0);
    switch (head) {
      case "status":
        return seg.size() == 1 ? (only(m, "GET") ? status() : notAllowed()) : notFound();
      case "config":
        if (seg.size() != 1) {
          return notFound();
        }
        if (!options.dbless()) {
          return ApiResponse.message(400, "this endpoint is only available when Kong is configured to not use a database");
        }
        if (m.equals("GET")) {
          return declarative.export();
        }
        return m.equals("POST") ? declarative.load(req) : notAllowed();
      case "tags":
        if (!m.equals("GET")) {
          return notAllowed();
        }
        return seg.size() <= 2 ? tags(req, seg.size() == 2 ? seg.get(1) : null) : notFound();
      case "schemas":
        return schemas(req, seg);
      case "targets":
        return notFound();
      default:
        break;
    }
    if (head.equals("plugins") && seg.size() == 2 && seg.get(1).equals("enabled")) {
      if (!m.equals("GET")) {
        return notAllowed();
      }
      ArrayNode names = Json.arr();
      plugins.names().forEach(names::add);
      return ApiResponse.json(200, Json.obj().set("enabled_plugins", names));
    }
    if (head.equals("upstreams") && seg.size() == 3 && seg.get(2).equals("health")) {
      return m.equals("GET") ? health(req, seg.get(1)) : notAllowed();
    }
    EntityKind kind = byApi.get(head);
    if (kind == null || kind.name().equals("targets")) {
      return notFound();
    }
    return entityRoute(req, kind, seg);
  }

  private ApiResponse entityRoute(ApiRequest req, EntityKind kind, List<String> seg) {
    String m = req.method();
    if (seg.size() == 1) {
      return switch (m) {
        case "GET" -> list(req, kind, null, null);
        case "POST" -> write(req, kind, null, null, null, false);
        default -> notAllowed();
      };
    }
    String key = seg.get(1);
    if (seg.size() == 2) {
      return entityMethods(req, kind, key, null, null);
    }
    ObjectNode parent = find(kind, key, null, null);
    String sub = seg.get(2);
    // /routes/{r}/service: the entity a foreign key points at
    JsonNode fkDef = kind.field(sub);
    if (fkDef != null && "foreign".equals(fkDef.path("type").asText()) && seg.size() == 3) {
      if (parent == null) {
        return notFound();
      }
      JsonNode ref = parent.get(sub);
      if (Json.isNull(ref)) {
        return notFound();
      }
      EntityKind target = kinds.get(fkDef.path("reference").asText());
      if (target == null) {
        return notFound();
      }
      if (m.equals("DELETE")) {
        return notAllowed();
      }
      return entityMethods(req, target, ref.path("id").asText(), null, null);
    }
    // /services/{s}/routes, /consumers/{c}/key-auth, /upstreams/{u}/targets
    for (EntityKind child : kinds.values()) {
      if (!child.nestedName().equals(sub) && !(child.apiName().equals(sub))) {
        continue;
      }
      String fkField = null;
      for (String[] fk : child.foreignKeys()) {
        if (fk[1].equals(kind.name())) {
          fkField = fk[0];
        }
      }
      if (fkField == null) {
        continue;
      }
      if (parent == null) {
        return notFound();
      }
      if (seg.size() == 3) {
        return switch (m) {
          case "GET" -> list(req, child, fkField, parent.get("id").asText());
          case "POST" -> write(req, child, null, fkField, parent.get("id").asText(), false);
          default -> notAllowed();
        };
      }
      if (seg.size() == 4) {
        return entityMethods(req, child, seg.get(3), fkField, parent.get("id").asText());
      }
    }
    return notFound();
  }

  private ApiResponse entityMethods(ApiRequest req, EntityKind kind, String key, String fkField, String parentId) {
    return switch (req.method()) {
      case "GET" -> {
        ObjectNode e = find(kind, key, fkField, parentId);
        yield e == null ? notFound() : ApiResponse.json(200, renderRead(kind, e));
      }
      case "PUT" -> write(req, kind, key, fkField, parentId, false);
      case "PATCH" -> write(req, kind, key, fkField, parentId, true);
      case "DELETE" -> delete(kind, key, fkField, parentId);
      default -> notAllowed();
    };
  }

  private static boolean only(String method, String allowed) {
    return method.equals(allowed);
  }

  static ApiResponse notFound() {
    return ApiResponse.message(404, "Not found");
  }

  static ApiResponse notAllowed() {
    return ApiResponse.message(405, "Method not allowed");
  }

  // ---------------------------------------------------------------- lookups

  /** By id when the key is a UUID, else by the endpoint key ({@code query_entity} in endpoints.lua). */
  ObjectNode find(EntityKind kind, String key, String fkField, String parentId) {
    TreeMap<String, ObjectNode> all = store.get(kind.name());
    ObjectNode found = null;
    if (SchemaValidator.isUuid(key)) {
      found = all.get(key.toLowerCase(java.util.Locale.ROOT));
    } else if (kind.endpointKey() != null) {
      String wanted = kind.name().equals("targets") ? Targets.withDefaultPort(key) : key;
      for (ObjectNode e : entities(kind.name(), indexes.get(kind.name()).withEndpointKey(wanted))) {
        if (fkField == null || parentId.equals(e.path(fkField).path("id").asText())) {
          found = e;
          break;
        }
      }
    }
    if (found != null && fkField != null && !parentId.equals(found.path(fkField).path("id").asText())) {
      return null;
    }
    return found;
  }

  private ObjectNode findByField(EntityKind kind, String field, JsonNode value) {
    StoreIndex index = indexes.get(kind.name());
    if (index.indexes(field)) {
      NavigableSet<String> ids = index.withValue(field, value);
      return ids.isEmpty() ? null : store.get(kind.name()).get(ids.first());
    }
    for (ObjectNode e : store.get(kind.name()).values()) {
      if (value.equals(e.get(field))) {
        return e;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- writes

  /**
   * POST (key null), PUT (upsert by key) and PATCH (merge into the entity found by key) for
   * {@code kind}, optionally scoped under a parent ({@code fkField} = parent id).
   */
  private ApiResponse write(ApiRequest req, EntityKind kind, String key, String fkField, String parentId,
      boolean patch) {
    ObjectNode body;
    try {
      body = parseBody(req, kind);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return ApiResponse.message(400, "Cannot parse JSON body");
    }
    ObjectNode existing = key == null ? null : find(kind, key, fkField, parentId);
    boolean byKey = key != null && !SchemaValidator.isUuid(key);
    if (key != null && kind.name().equals("targets")) {
      // kong/api/routes/upstreams.lua: PUT /upstreams/{u}/targets/{t} goes through update_target_cb ->
      // endpoints.update_entity, i.e. it merges like PATCH and answers 404 for a missing target; it never creates.
      patch = true;
    }
    if (patch) {
      if (existing == null) {
        ObjectNode filter = byKey ? Json.obj().put(kind.endpointKey(), key) : Json.obj().put("id", key);
        if (kind.name().equals("targets")) {
          return notFound();
        }
        return KongError.notFoundByField(filter, !byKey);
      }
    }
    String pluginName = body.path("name").asText(existing == null ? "" : existing.path("name").asText());
    if (kind.name().equals("plugins") && pluginName.equals("rate-limiting") && options.atLeast(3, 8)
        && body.path("config").isObject()) {
      ObjectNode mismatch = RateLimitingShape.deprecatedMismatch(body.get("config"));
      if (mismatch != null) {
        return KongError.schemaViolation(mismatch);
      }
    }
    ObjectNode e;
    if (patch) {
      e = existing.deepCopy();
      preprocess(kind, body);
      Json.mergeInto(e, body, schemaFor(kind, e.path("name").asText()).path("fields"));
      // shorthands inside merged records (3.6 rate-limiting redis_*) are translated after the merge
      preprocess(kind, e);
    } else {
      e = body;
      if (key != null) {
        if (byKey) {
          e.put(kind.endpointKey(), key);
        } else {
          e.put("id", key.toLowerCase(java.util.Locale.ROOT));
        }
      }
      if (fkField != null) {
        e.set(fkField, Json.obj().put("id", parentId));
      }
      preprocess(kind, e);
    }
    if (kind.name().equals("plugins")) {
      JsonNode name = e.get("name");
      if (name != null && name.isTextual() && !plugins.exists(name.asText())) {
        return KongError.schemaViolation(Json.obj().put("name",
            "plugin '" + name.asText() + "' not enabled; add it to the 'plugins' configuration property"));
      }
    }
    ApiResponse unresolved = resolveForeignNames(kind, e);
    if (unresolved != null) {
      return unresolved;
    }
    JsonNode schema = schemaFor(kind, e.path("name").asText());
    if (!patch) {
      SchemaValidator.fillDefaults(schema.path("fields"), e);
      autoFields(kind, e, existing);
    } else {
      touch(kind, e);
    }
    ObjectNode errors = new SchemaValidator(schemaName(kind, e), rules).validate(schema, e);
    if (!errors.isEmpty()) {
      return KongError.schemaViolation(errors);
    }
    ApiResponse fkError = checkForeignKeys(kind, e);
    if (fkError != null) {
      return fkError;
    }
    if (options.dbless()) {
      String op = patch ? "update" : key == null ? "create" : "create or update";
      String by = byKey ? " by '" + kind.endpointKey() + "'" : "";
      return KongError.operationUnsupported("cannot " + op + " '" + kind.name() + "' entities" + by
          + " when not using a database");
    }
    if (key == null && existing == null && store.get(kind.name()).containsKey(e.get("id").asText())) {
      // A POST naming the id of a stored entity: PostgreSQL refuses the insert on the primary key, which
      // kong/db/strategies/postgres/init.lua (toerror) turns into code 3, 400 (kong/api/endpoints.lua
      // ERRORS_HTTP_CODES). Never an overwrite.
      return KongError.primaryKeyViolation(Json.obj().put("id", e.get("id").asText()));
    }
    if (key == null && kind.name().equals("targets") && e.path("target").isTextual()) {
      // kong/db/dao/targets.lua: only insert (POST) stores format_target(target); PUT/PATCH store what was sent
      // (real Kong 3.4.2 echoes "[fd00:10:40::22]:8443" to a PUT, kong-transcripts/3.4.2-daemon daemon-db #155)
      e.put("target", Targets.normalize(e.get("target").asText()));
    }
    ApiResponse conflict = checkUnique(kind, e);
    if (conflict != null) {
      return conflict;
    }
    postprocess(kind, e, existing);
    put(kind.name(), e);
    return ApiResponse.json(key == null ? 201 : 200, render(kind, e));
  }

  private ObjectNode parseBody(ApiRequest req, EntityKind kind) throws JsonProcessingException {
    if (!req.hasBody()) {
      return Json.obj();
    }
    String mt = req.mediaType();
    if ("application/x-www-form-urlencoded".equals(mt)) {
      return FormBody.decode(req.body(), kind.fields());
    }
    JsonNode n = Json.parse(req.body());
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not an object");
    }
    return (ObjectNode) n;
  }

  /** Shorthands Kong expands before validation ({@code shorthand_fields}). */
  void preprocess(EntityKind kind, ObjectNode e) {
    if (kind.name().equals("services") && e.has("url")) {
      // kong/db/schema/entities/services.lua: the url shorthand wins over explicit fields
      JsonNode url = e.remove("url");
      if (!url.isNull()) {
        ServiceUrl.expand(url.asText(), e);
      }
    }
    if (kind.name().equals("targets") && e.path("target").isTextual()) {
      e.put("target", Targets.withDefaultPort(e.get("target").asText()));
    }
    if (kind.name().equals("plugins") && "rate-limiting".equals(e.path("name").asText())
        && RateLimitingShape.nested(options.version()) && e.path("config").isObject()) {
      RateLimitingShape.translate((ObjectNode) e.get("config"));
    }
  }

  JsonNode schemaFor(EntityKind kind, String pluginName) {
    if (kind.name().equals("plugins")) {
      JsonNode s = plugins.full(pluginName);
      return s != null ? s : kind.schema();
    }
    return kind.schema();
  }

  static String schemaName(EntityKind kind, ObjectNode e) {
    return kind.name().equals("plugins") ? "plugins:" + e.path("name").asText() : kind.name();
  }

  /** {@code {service = {name = "x"}}} becomes {@code {id = ...}}; unknown names are code 13. */
  private ApiResponse resolveForeignNames(EntityKind kind, ObjectNode e) {
    ObjectNode errors = Json.obj();
    for (String[] fk : kind.foreignKeys()) {
      JsonNode v = e.get(fk[0]);
      EntityKind ref = kinds.get(fk[1]);
      if (v == null || !v.isObject() || v.has("id") || ref == null || ref.endpointKey() == null) {
        continue;
      }
      JsonNode keyValue = v.get(ref.endpointKey());
      if (keyValue == null) {
        continue;
      }
      ObjectNode found = findByField(ref, ref.endpointKey(), keyValue);
      if (found == null) {
        ObjectNode filter = Json.obj().set(ref.endpointKey(), keyValue);
        errors.set(fk[0], Json.obj().put(ref.endpointKey(), "the foreign key cannot be resolved with '"
            + LuaTable.inline(filter) + "' for an existing '" + ref.name() + "' entity"));
      } else {
        e.set(fk[0], Json.obj().put("id", found.get("id").asText()));
      }
    }
    return errors.isEmpty() ? null : KongError.foreignKeysUnresolved(errors);
  }

  private void autoFields(EntityKind kind, ObjectNode e, ObjectNode existing) {
    if (existing != null) {
      e.put("id", existing.get("id").asText());
    } else if (Json.isNull(e.get("id"))) {
      e.put("id", UUID.randomUUID().toString());
    }
    long now = System.currentTimeMillis();
    for (String ts : new String[] {"created_at", "updated_at"}) {
      if (kind.hasField(ts) && Json.isNull(e.get(ts))) {
        e.set(ts, timestamp(kind, now));
      }
    }
    switch (kind.name()) {
      case "jwt_secrets" -> {
        if (Json.isNull(e.get("key"))) {
          e.put("key", randomString());
        }
        if (Json.isNull(e.get("secret"))) {
          e.put("secret", randomString());
        }
      }
      case "keyauth_credentials" -> {
        if (Json.isNull(e.get("key"))) {
          e.put("key", randomString());
        }
      }
      case "plugins" -> {
        JsonNode cfg = e.get("config");
        if ("oauth2".equals(e.path("name").asText()) && cfg != null && cfg.isObject()
            && Json.isNull(cfg.get("provision_key"))) {
          ((ObjectNode) cfg).put("provision_key", randomString());
        }
      }
      default -> {
      }
    }
  }

  private static void touch(EntityKind kind, ObjectNode e) {
    if (kind.hasField("updated_at")) {
      e.set("updated_at", timestamp(kind, System.currentTimeMillis()));
    }
  }

  static JsonNode timestamp(EntityKind kind, long millis) {
    return kind.millisTimestamps() ? DecimalNode.valueOf(BigDecimal.valueOf(millis, 3)) : LongNode.valueOf(millis / 1000);
  }

  /** kong/tools/utils.lua random_string: 32 characters, URL-safe alphabet. */
  static String randomString() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Credentials Kong transforms on write (basic-auth's password is stored as a salted SHA-1). */
  private void postprocess(EntityKind kind, ObjectNode e, ObjectNode existing) {
    if (kind.name().equals("basicauth_credentials")) {
      String pw = e.path("password").asText();
      boolean unchanged = existing != null && pw.equals(existing.path("password").asText());
      if (!unchanged) {
        // kong/plugins/basic-auth/crypto.lua: sha1(password .. consumer_id), hex
        e.put("password", sha1(pw + e.path("consumer").path("id").asText()));
      }
    }
  }

  static String sha1(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private ApiResponse checkForeignKeys(EntityKind kind, ObjectNode e) {
    for (String[] fk : kind.foreignKeys()) {
      JsonNode v = e.get(fk[0]);
      if (Json.isNull(v)) {
        continue;
      }
      String id = v.path("id").asText();
      TreeMap<String, ObjectNode> refs = store.get(fk[1]);
      if (refs == null || !refs.containsKey(id)) {
        return KongError.foreignKeyViolation(fk[0], id, fk[1]);
      }
    }
    return null;
  }

  /** Unique fields, the composite cache key and oauth2's provision_key, looked up in the indexes. */
  private ApiResponse checkUnique(EntityKind kind, ObjectNode e) {
    String id = e.get("id").asText();
    StoreIndex index = indexes.get(kind.name());
    for (String field : kind.uniqueFields()) {
      JsonNode v = e.get(field);
      if (!Json.isNull(v) && heldByOther(index.withValue(field, v), id)) {
        return KongError.uniqueViolation(Json.obj().set(field, v));
      }
    }
    if (kind.cacheKey() != null) {
      List<JsonNode> values = index.cacheKeyOf(e);
      if (heldByOther(index.withCacheKey(values), id)) {
        ObjectNode key = Json.obj();
        for (int i = 0; i < values.size(); i++) {
          key.set(kind.cacheKey().get(i), values.get(i));
        }
        return KongError.uniqueViolation(key);
      }
    }
    if (kind.name().equals("plugins") && "oauth2".equals(e.path("name").asText())) {
      JsonNode pk = e.path("config").get("provision_key");
      if (pk != null && heldByOther(index.withProvisionKey(pk), id)) {
        return KongError.uniqueViolation(Json.obj().set("provision_key", pk));
      }
    }
    return null;
  }

  private static boolean heldByOther(NavigableSet<String> ids, String id) {
    return ids.size() > 1 || ids.size() == 1 && !ids.first().equals(id);
  }

  private ApiResponse delete(EntityKind kind, String key, String fkField, String parentId) {
    ObjectNode e = find(kind, key, fkField, parentId);
    if (e == null) {
      // kong/api/routes/upstreams.lua deletes targets through its own handler, which 404s
      return kind.name().equals("targets") ? notFound() : ApiResponse.empty(204);
    }
    if (options.dbless()) {
      boolean byKey = !SchemaValidator.isUuid(key);
      return KongError.operationUnsupported("cannot remove '" + kind.name() + "' entities"
          + (byKey ? " by '" + kind.endpointKey() + "'" : "") + " when not using a database");
    }
    String id = e.get("id").asText();
    for (EntityKind child : kinds.values()) {
      for (String[] fk : child.foreignKeys()) {
        if (fk[1].equals(kind.name()) && !child.cascades(fk[0])
            && !indexes.get(child.name()).children(fk[0], id).isEmpty()) {
          return KongError.referencedBy(child.name(), kind.name());
        }
      }
    }
    cascadeDelete(kind, id);
    return ApiResponse.empty(204);
  }

  private void cascadeDelete(EntityKind kind, String id) {
    removeEntity(kind.name(), id);
    for (EntityKind child : kinds.values()) {
      for (String[] fk : child.foreignKeys()) {
        if (fk[1].equals(kind.name()) && child.cascades(fk[0])) {
          List<String> doomed = new ArrayList<>(indexes.get(child.name()).children(fk[0], id));
          doomed.forEach(cid -> cascadeDelete(child, cid));
        }
      }
    }
  }

  /** The wire form of a stored entity (version-dependent echoes added). */
  /**
   * An entity as Kong's reads show it: kong/db/dao/targets.lua formats every target it selects or pages
   * ({@code format_target}), so a target stored as sent (PUT, DB-less load) reads back normalised, IPv6 expanded.
   */
  ObjectNode renderRead(EntityKind kind, ObjectNode e) {
    ObjectNode out = render(kind, e);
    if (kind.name().equals("targets") && out.path("target").isTextual()) {
      out.put("target", Targets.normalize(out.get("target").asText()));
    }
    return out;
  }

  ObjectNode render(EntityKind kind, ObjectNode e) {
    ObjectNode out = e.deepCopy();
    if (kind.name().equals("plugins") && "rate-limiting".equals(out.path("name").asText())
        && RateLimitingShape.nested(options.version()) && out.path("config").isObject()) {
      RateLimitingShape.echo((ObjectNode) out.get("config"));
    }
    return out;
  }

  // ---------------------------------------------------------------- reads

  private ApiResponse list(ApiRequest req, EntityKind kind, String fkField, String parentId) {
    Integer size = 100;
    String sizeArg = req.arg("size");
    if (sizeArg != null) {
      Double d;
      try {
        d = Double.valueOf(sizeArg);
      } catch (NumberFormatException ex) {
        return KongError.invalidSize("size must be a number");
      }
      if (d < 1 || d > 1000 || d != Math.rint(d)) {
        return KongError.invalidSize("size must be an integer between 1 and 1000");
      }
      size = d.intValue();
    }
    TagFilter tags = null;
    String tagArg = req.arg("tags");
    if (tagArg != null && fkField == null) {
      tags = TagFilter.parse(tagArg);
      if (tags.error() != null) {
        return KongError.invalidOption("tags", tags.error());
      }
    }
    if (kind.name().equals("consumers") && req.arg("custom_id") != null && fkField == null) {
      ObjectNode c = findByField(kind, "custom_id", TextNode.valueOf(req.arg("custom_id")));
      ArrayNode data = Json.arr();
      if (c != null) {
        data.add(render(kind, c));
      }
      ObjectNode body = Json.obj();
      body.set("data", data);
      body.putNull("next");
      return ApiResponse.json(200, body);
    }
    // Candidates in primary-key order: the children of one parent come from the foreign-key index.
    NavigableSet<String> ids = fkField != null ? indexes.get(kind.name()).children(fkField, parentId)
        : store.get(kind.name()).navigableKeySet();
    String offsetArg = req.arg("offset");
    int limit = Integer.MAX_VALUE;
    if (!options.dbless()) {
      // DB mode pages by primary key (kong/db/strategies/postgres/init.lua): start after the key the
      // offset names and stop one row past the page (that row only decides whether a next page exists),
      // so reading a collection page by page costs O(n log n), not O(n) per page.
      Page.Cursor cursor = Page.dbCursor(offsetArg);
      if (cursor.error() != null) {
        return cursor.error();
      }
      if (cursor.after() != null) {
        ids = ids.tailSet(cursor.after(), false);
      }
      offsetArg = null;
      limit = size + 1;
    }
    if (tags != null && options.dbless() && options.atLeast(3, 9)) {
      return listTaggedOff39(kind, ids, tags, size, offsetArg, tagArg, sizeArg);
    }
    List<ObjectNode> rows = new ArrayList<>();
    TreeMap<String, ObjectNode> all = store.get(kind.name());
    for (String id : ids) {
      if (rows.size() >= limit) {
        break;
      }
      ObjectNode e = all.get(id);
      if (tags != null && !tags.matches(e.get("tags"))) {
        continue;
      }
      rows.add(e);
    }
    List<String> keys = new ArrayList<>();
    rows.forEach(r -> keys.add(r.get("id").asText()));
    Page page = Page.of(keys, size, offsetArg, options.dbless());
    if (page.error() != null) {
      return page.error();
    }
    ArrayNode data = Json.arr();
    for (int i = page.from(); i < page.to(); i++) {
      data.add(renderRead(kind, rows.get(i)));
    }
    ObjectNode body = Json.obj();
    body.set("data", data);
    if (page.offset() != null) {
      String next;
      if (fkField != null) {
        EntityKind parentKind = kinds.get(kind.field(fkField).path("reference").asText());
        next = "/" + parentKind.apiName() + "/" + Page.escape(parentId) + "/" + kind.nestedName() + "?offset="
            + Page.escape(page.offset());
      } else {
        next = "/" + kind.apiName() + "?offset=" + Page.escape(page.offset())
            + (tagArg != null ? "&tags=" + Page.escape(tagArg) : "") + (sizeArg != null ? "&size=" + sizeArg : "");
      }
      body.put("next", next);
      body.put("offset", page.offset());
    } else {
      body.putNull("next");
    }
    return ApiResponse.json(200, body);
  }

  /**
   * A tag-filtered list in DB-less 3.9 ({@code page_for_tags} in 3.9.3's {@code kong/db/strategies/off/init.lua}):
   * Kong reads one page of the whole collection and filters it afterwards, so a page may hold fewer rows than
   * {@code size} and still have a next one. Its filter calls {@code ipairs} on each entity's {@code tags}, which
   * is {@code null} for an untagged entity: the request fails with 500 as soon as the page holds one
   * (kong-transcripts/3.9.3-daemon/daemon-dbless-untagged.json).
   */
  private ApiResponse listTaggedOff39(EntityKind kind, NavigableSet<String> ids, TagFilter tags, int size,
      String offsetArg, String tagArg, String sizeArg) {
    List<String> keys = new ArrayList<>(ids);
    Page page = Page.of(keys, size, offsetArg, true);
    if (page.error() != null) {
      return page.error();
    }
    TreeMap<String, ObjectNode> all = store.get(kind.name());
    ArrayNode data = Json.arr();
    for (int i = page.from(); i < page.to(); i++) {
      ObjectNode e = all.get(keys.get(i));
      if (!e.path("tags").isArray()) {
        return ApiResponse.message(500, "An unexpected error occurred");
      }
      if (tags.matches(e.get("tags"))) {
        data.add(render(kind, e));
      }
    }
    ObjectNode body = Json.obj();
    body.set("data", data);
    if (page.offset() != null) {
      body.put("next", "/" + kind.apiName() + "?offset=" + Page.escape(page.offset()) + "&tags=" + Page.escape(tagArg)
          + (sizeArg != null ? "&size=" + sizeArg : ""));
      body.put("offset", page.offset());
    } else {
      body.putNull("next");
    }
    return ApiResponse.json(200, body);
  }

  /** {@code kong/api/routes/tags.lua}: one row per (entity, tag), ordered by entity id. */
  private ApiResponse tags(ApiRequest req, String tag) {
    Integer size = 100;
    String sizeArg = req.arg("size");
    if (sizeArg != null) {
      try {
        size = (int) Double.parseDouble(sizeArg);
      } catch (NumberFormatException ex) {
        return KongError.invalidSize("size must be a number");
      }
      if (size < 1 || size > 1000) {
        return KongError.invalidSize("size must be an integer between 1 and 1000");
      }
    }
    if (options.dbless() && options.atLeast(3, 9)) {
      return tagsOneKindPerPage(tag, size, sizeArg, req.arg("offset"));
    }
    TreeMap<String, List<ObjectNode>> byId = new TreeMap<>();
    for (EntityKind k : kinds.values()) {
      for (ObjectNode e : store.get(k.name()).values()) {
        JsonNode t = e.get("tags");
        if (t == null || !t.isArray()) {
          continue;
        }
        for (JsonNode one : t) {
          if (tag == null || tag.equals(one.asText())) {
            byId.computeIfAbsent(e.get("id").asText(), x -> new ArrayList<>()).add(Json.obj()
                .put("entity_id", e.get("id").asText()).put("entity_name", k.name()).put("tag", one.asText()));
          }
        }
      }
    }
    List<ObjectNode> rows = new ArrayList<>();
    byId.values().forEach(rows::addAll);
    List<String> keys = new ArrayList<>();
    rows.forEach(r -> keys.add(r.get("entity_id").asText() + "\u0000" + r.get("tag").asText()));
    Page page = Page.of(keys, size, req.arg("offset"), options.dbless());
    if (page.error() != null) {
      return page.error();
    }
    ObjectNode body = Json.obj();
    if (page.from() >= page.to() && tag != null && !options.atLeast(3, 9)) {
      // /tags/{tag} is a custom route (kong/api/routes/tags.lua) that returns the page as is:
      // an empty Lua table without the array metatable, which cjson writes as {} (3.4.2; 3.9.3 answers []:
      // kong-transcripts/3.9.3/paging-and-tags.json exchange 30)
      body.putObject("data");
    } else {
      ArrayNode data = body.putArray("data");
      for (int i = page.from(); i < page.to(); i++) {
        data.add(rows.get(i));
      }
    }
    if (page.offset() != null) {
      body.put("next", tag == null
          ? "/tags?offset=" + Page.escape(page.offset()) + (sizeArg != null ? "&size=" + sizeArg : "")
          : "/tags/" + tag + "?offset=" + Page.escape(page.offset()));
      body.put("offset", page.offset());
    } else {
      body.putNull("next");
    }
    return ApiResponse.json(200, body);
  }

  /**
   * DB-less {@code /tags} from 3.9 ({@code page_for_tags} in 3.9.3's {@code kong/db/strategies/off/init.lua}):
   * each page holds the rows of one entity collection only, taken in the order of Lua's {@code next} over
   * {@code kong.db.daos}, and the offset names the collection and the position inside it. That order is
   * Lua's hash order: the 3.9.3 recording shows only that upstreams come first
   * ({@code kong-transcripts/3.9.3/dbless-config.json} exchange 35); the rest follow in {@link EntityKind#ORDER}.
   */
  private ApiResponse tagsOneKindPerPage(String tag, int size, String sizeArg, String offsetArg) {
    List<String> order = new ArrayList<>();
    order.add("upstreams");
    EntityKind.ORDER.stream().filter(k -> !k.equals("upstreams")).forEach(order::add);
    int kindIndex = 0;
    int from = 0;
    if (offsetArg != null) {
      String token;
      try {
        token = new String(java.util.Base64.getDecoder().decode(offsetArg), java.nio.charset.StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return KongError.invalidOffset(offsetArg, "bad base64 encoding");
      }
      int bar = token.indexOf('|');
      if (bar < 1 || !order.contains(token.substring(0, bar))) {
        return KongError.invalidOffset(offsetArg, "bad offset string");
      }
      kindIndex = order.indexOf(token.substring(0, bar));
      String pos = token.substring(bar + 1);
      if (pos.equals("nil")) {
        kindIndex++;
      } else {
        try {
          from = Integer.parseInt(pos);
        } catch (NumberFormatException e) {
          return KongError.invalidOffset(offsetArg, "bad offset string");
        }
      }
    }
    ArrayNode data = Json.arr();
    String next = null;
    if (kindIndex < order.size()) {
      String kindName = order.get(kindIndex);
      List<ObjectNode> all = new ArrayList<>(store.get(kindName).values());
      int to = Math.min(from + size, all.size());
      for (int i = from; i < to; i++) {
        ObjectNode e = all.get(i);
        JsonNode t = e.get("tags");
        if (t != null && t.isArray()) {
          for (JsonNode one : t) {
            if (tag == null || tag.equals(one.asText())) {
              data.addObject().put("entity_id", e.get("id").asText()).put("entity_name", kindName)
                  .put("tag", one.asText());
            }
          }
        }
      }
      boolean more = to - from == size;
      if (more || kindIndex + 1 < order.size()) {
        next = kindName + "|" + (more ? String.valueOf(to) : "nil");
      }
    }
    ObjectNode body = Json.obj();
    body.set("data", data);
    if (next != null) {
      String offset = java.util.Base64.getEncoder().encodeToString(next.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      body.put("next", (tag == null ? "/tags" : "/tags/" + tag) + "?offset=" + Page.escape(offset)
          + (tag == null && sizeArg != null ? "&size=" + sizeArg : ""));
      body.put("offset", offset);
    } else {
      body.putNull("next");
    }
    return ApiResponse.json(200, body);
  }

  private ApiResponse root() {
    ObjectNode body = Json.obj();
    ObjectNode conf = body.putObject("configuration");
    conf.put("database", options.dbless() ? "off" : "postgres");
    conf.put("router_flavor", "traditional_compatible");
    conf.put("role", "traditional");
    body.put("hostname", "kong-emulator");
    body.put("lua_version", "LuaJIT 2.1.0-20230517");
    body.put("node_id", nodeId);
    ObjectNode pids = body.putObject("pids");
    pids.put("master", ProcessHandle.current().pid());
    pids.putArray("workers").add(ProcessHandle.current().pid());
    ObjectNode pl = body.putObject("plugins");
    ObjectNode available = plugins.availableOnServer();
    new TreeSet<>(customPlugins).forEach(n -> available.set(n, Json.obj().put("priority", 10).put("version", "0.1.0")));
    pl.set("available_on_server", available);
    Set<String> used = new TreeSet<>();
    store.get("plugins").values().forEach(p -> used.add(p.path("name").asText()));
    ArrayNode enabled = pl.putArray("enabled_in_cluster");
    used.forEach(enabled::add);
    body.put("tagline", "Welcome to kong");
    ObjectNode timers = body.putObject("timers");
    timers.put("pending", 0).put("running", 0);
    body.put("version", options.version());
    if (options.atLeast(3, 9)) {
      // 3.9.3's GET / names the edition; 3.4.2's has no such key (both root-and-status.json recordings)
      body.put("edition", "community");
    }
    return ApiResponse.json(200, body);
  }

  private ApiResponse status() {
    ObjectNode body = Json.obj();
    if (options.dbless()) {
      body.put("configuration_hash", configHash);
    } else {
      body.putObject("database").put("reachable", true);
    }
    ObjectNode mem = body.putObject("memory");
    ObjectNode dicts = mem.putObject("lua_shared_dicts");
    String[][] caps = {{"kong", "5.00 MiB"}, {"kong_cluster_events", "5.00 MiB"}, {"kong_core_db_cache", "128.00 MiB"},
        {"kong_core_db_cache_miss", "12.00 MiB"}, {"kong_db_cache", "128.00 MiB"}, {"kong_db_cache_miss", "12.00 MiB"},
        {"kong_healthchecks", "5.00 MiB"}, {"kong_locks", "8.00 MiB"}, {"kong_rate_limiting_counters", "12.00 MiB"},
        {"kong_secrets", "5.00 MiB"}, {"prometheus_metrics", "5.00 MiB"}};
    for (String[] c : caps) {
      dicts.putObject(c[0]).put("allocated_slabs", "0.04 MiB").put("capacity", c[1]);
    }
    long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    mem.putArray("workers_lua_vms").addObject()
        .put("http_allocated_gc", String.format(java.util.Locale.ROOT, "%.2f MiB", heap / 1048576.0))
        .put("pid", ProcessHandle.current().pid());
    ObjectNode server = body.putObject("server");
    server.put("connections_accepted", totalRequests).put("connections_active", 1)
        .put("connections_handled", totalRequests).put("connections_reading", 0).put("connections_waiting", 0)
        .put("connections_writing", 1).put("total_requests", totalRequests);
    return ApiResponse.json(200, body);
  }

  /** {@code kong/api/routes/upstreams.lua}: target health as the balancer reports it. */
  private ApiResponse health(ApiRequest req, String upstreamKey) {
    EntityKind upstreams = kinds.get("upstreams");
    ObjectNode up = find(upstreams, upstreamKey, null, null);
    if (up == null) {
      return notFound();
    }
    JsonNode hc = up.path("healthchecks");
    boolean checks = hc.path("active").path("healthy").path("interval").asDouble() > 0
        || hc.path("active").path("unhealthy").path("interval").asDouble() > 0
        || hc.path("passive").path("healthy").path("successes").asInt() > 0
        || hc.path("passive").path("unhealthy").path("http_failures").asInt() > 0
        || hc.path("passive").path("unhealthy").path("tcp_failures").asInt() > 0
        || hc.path("passive").path("unhealthy").path("timeouts").asInt() > 0;
    ArrayNode data = Json.arr();
    for (ObjectNode t : entities("targets", indexes.get("targets").children("upstream", up.get("id").asText()))) {
      int weight = t.path("weight").asInt();
      String health = weight == 0 || !checks ? "HEALTHCHECKS_OFF" : "HEALTHY";
      String target = t.path("target").asText();
      int colon = target.lastIndexOf(':');
      String host = target.substring(0, colon);
      int port = Integer.parseInt(target.substring(colon + 1));
      ObjectNode row = renderRead(kinds.get("targets"), t);
      row.put("health", health);
      ObjectNode d = row.putObject("data");
      d.putArray("addresses").addObject().put("health", health).put("ip", host.replace("[", "").replace("]", ""))
          .put("port", port).put("weight", weight);
      d.put("dns", host.contains(":") ? "AAAA" : "A");
      d.put("host", host);
      d.put("nodeWeight", weight);
      d.put("port", port);
      d.putObject("weight").put("available", weight).put("total", weight).put("unavailable", 0);
      data.add(row);
    }
    ObjectNode body = Json.obj();
    body.set("data", data);
    body.putNull("next");
    body.put("node_id", nodeId);
    return ApiResponse.json(200, body);
  }

  // ---------------------------------------------------------------- schemas

  private ApiResponse schemas(ApiRequest req, List<String> seg) {
    String m = req.method();
    // GET /schemas/plugins is the plugins entity's own schema: Lapis matches it to /schemas/:name
    // (kong/api/routes/kong.lua, kong.db["plugins"]); only deeper paths are kong/api/routes/plugins.lua's.
    if (seg.size() >= 3 && seg.get(1).equals("plugins")) {
      if (seg.size() == 3 && seg.get(2).equals("validate")) {
        return m.equals("POST") ? validateOnly(req, kinds.get("plugins")) : notAllowed();
      }
      if (seg.size() == 3) {
        if (!m.equals("GET")) {
          return notAllowed();
        }
        JsonNode s = plugins.served(seg.get(2));
        return s == null ? ApiResponse.message(404, "No plugin named '" + seg.get(2) + "'") : ApiResponse.json(200, s);
      }
      return notFound();
    }
    if (seg.size() == 2) {
      if (!m.equals("GET")) {
        return notAllowed();
      }
      EntityKind k = kinds.get(seg.get(1));
      return k == null ? ApiResponse.message(404, "No entity named '" + seg.get(1) + "'")
          : ApiResponse.json(200, k.schema());
    }
    if (seg.size() == 3 && seg.get(2).equals("validate")) {
      EntityKind k = kinds.get(seg.get(1));
      if (k == null) {
        return ApiResponse.message(404, "No entity named '" + seg.get(1) + "'");
      }
      return m.equals("POST") ? validateOnly(req, k) : notAllowed();
    }
    return notFound();
  }

  /** {@code POST /schemas/{entity}/validate}: insert-time defaults and validation, nothing stored. */
  private ApiResponse validateOnly(ApiRequest req, EntityKind kind) {
    ObjectNode e;
    try {
      e = parseBody(req, kind);
    } catch (JsonProcessingException | IllegalArgumentException ex) {
      return ApiResponse.message(400, "Cannot parse JSON body");
    }
    preprocess(kind, e);
    if (kind.name().equals("plugins")) {
      JsonNode name = e.get("name");
      if (name != null && name.isTextual() && !plugins.exists(name.asText())) {
        return KongError.schemaViolation(Json.obj().put("name",
            "plugin '" + name.asText() + "' not enabled; add it to the 'plugins' configuration property"));
      }
    }
    JsonNode schema = schemaFor(kind, e.path("name").asText());
    SchemaValidator.fillDefaults(schema.path("fields"), e);
    autoFields(kind, e, null);
    for (String[] fk : kind.foreignKeys()) {
      JsonNode v = e.get(fk[0]);
      if (v != null && v.isObject() && !v.has("id")) {
        ((ObjectNode) v).put("id", UUID.randomUUID().toString());
      }
    }
    ObjectNode errors = new SchemaValidator(schemaName(kind, e), rules).validate(schema, e);
    if (!errors.isEmpty()) {
      return KongError.schemaViolation(errors);
    }
    return ApiResponse.message(200, "schema validation successful");
  }

  /** Insert-time processing reused by the declarative loader (no storage, no FK checks). */
  ObjectNode prepareForLoad(EntityKind kind, ObjectNode e) {
    // kong/db/schema/init.lua process_auto_fields: a given created_at is kept, updated_at is always set anew
    e.remove("updated_at");
    preprocess(kind, e);
    JsonNode schema = schemaFor(kind, e.path("name").asText());
    SchemaValidator.fillDefaults(schema.path("fields"), e);
    autoFields(kind, e, null);
    return e;
  }

  ObjectNode validateEntity(EntityKind kind, ObjectNode e) {
    if (kind.name().equals("plugins") && e.path("name").isTextual() && !plugins.exists(e.path("name").asText())) {
      return Json.obj().put("name",
          "plugin '" + e.path("name").asText() + "' not enabled; add it to the 'plugins' configuration property");
    }
    return new SchemaValidator(schemaName(kind, e), rules).validate(schemaFor(kind, e.path("name").asText()), e);
  }
}
