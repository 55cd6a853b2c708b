package io.catalogsync.kong.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What Kong's DAO knows about one entity beyond its schema fields: Admin API names, endpoint key,
 * unique fields and the composite {@code cache_key} uniqueness (plugins, targets). Taken from
 * {@code kong/db/schema/entities/*.lua} and the plugins' {@code daos.lua}.
 */
record EntityKind(String name, String apiName, String nestedName, String endpointKey, List<String> cacheKey,
    JsonNode schema) {

  static final List<String> ORDER = List.of("services", "routes", "consumers", "upstreams", "targets", "plugins",
      "jwt_secrets", "keyauth_credentials", "basicauth_credentials");

  static List<EntityKind> load() {
    List<EntityKind> kinds = new ArrayList<>();
    kinds.add(of("services", "services", null, "name", null));
    kinds.add(of("routes", "routes", null, "name", null));
    kinds.add(of("consumers", "consumers", null, "username", null));
    kinds.add(of("upstreams", "upstreams", null, "name", null));
    kinds.add(of("targets", "targets", null, "target", List.of("upstream", "target")));
    kinds.add(of("plugins", "plugins", null, "instance_name", List.of("name", "route", "service", "consumer")));
    kinds.add(of("jwt_secrets", "jwts", "jwt", "key", null));
    kinds.add(of("keyauth_credentials", "key-auths", "key-auth", "key", null));
    kinds.add(of("basicauth_credentials", "basic-auths", "basic-auth", "username", null));
    return kinds;
  }

  private static EntityKind of(String name, String api, String nested, String endpointKey, List<String> cacheKey) {
    JsonNode schema = Json.resource("/emulator/schemas/" + name + ".json");
    if (schema == null) {
      throw new IllegalStateException("missing emulator schema for " + name);
    }
    return new EntityKind(name, api, nested == null ? api : nested, endpointKey, cacheKey, schema);
  }

  JsonNode fields() {
    return schema.path("fields");
  }

  JsonNode field(String fieldName) {
    return Json.fieldDef(fields(), fieldName);
  }

  boolean hasField(String fieldName) {
    return field(fieldName) != null;
  }

  /** Foreign-key fields: name -> referenced collection. */
  List<String[]> foreignKeys() {
    List<String[]> out = new ArrayList<>();
    for (JsonNode f : fields()) {
      String n = Json.fieldName(f);
      if ("foreign".equals(f.get(n).path("type").asText())) {
        out.add(new String[] {n, f.get(n).path("reference").asText()});
      }
    }
    return out;
  }

  List<String> uniqueFields() {
    List<String> out = new ArrayList<>();
    for (JsonNode f : fields()) {
      String n = Json.fieldName(f);
      if (f.get(n).path("unique").asBoolean(false)) {
        out.add(n);
      }
    }
    return out;
  }

  /** Credentials and children with {@code on_delete = "cascade"} go with their parent. */
  boolean cascades(String fkField) {
    return "cascade".equals(field(fkField).path("on_delete").asText());
  }

  /** Kong stores timestamps of targets in milliseconds ({@code typedefs.auto_timestamp_ms}). */
  boolean millisTimestamps() {
    return name.equals("targets");
  }

  String singular() {
    return switch (name) {
      case "services" -> "service";
      case "routes" -> "route";
      case "consumers" -> "consumer";
      case "upstreams" -> "upstream";
      case "targets" -> "target";
      case "plugins" -> "plugin";
      case "jwt_secrets" -> "jwt_secret";
      case "keyauth_credentials" -> "keyauth_credential";
      case "basicauth_credentials" -> "basicauth_credential";
      default -> name;
    };
  }
}
