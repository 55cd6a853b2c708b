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
      "jwt_secrets", "keyauth_credentials", "basicauth_credentials", "certificates", "snis", "acls",
      "hmacauth_credentials", "oauth2_credentials", "ca_certificates", "vaults", "key_sets", "keys");

  /**
   * The entity kinds of the emulated version: from 3.9 on, a schema under {@code /emulator/schemas/3.9/}
   * (taken from the 3.9.3 recording's {@code GET /schemas/...} answers) replaces the 3.4 one.
   */
  static List<EntityKind> load(EmulatorOptions options) {
    String overlay = options.atLeast(3, 9) ? "/emulator/schemas/3.9/" : null;
    List<EntityKind> kinds = new ArrayList<>();
    kinds.add(of(overlay, "services", "services", null, "name", null));
    kinds.add(of(overlay, "routes", "routes", null, "name", null));
    kinds.add(of(overlay, "consumers", "consumers", null, "username", null));
    kinds.add(of(overlay, "upstreams", "upstreams", null, "name", null));
    kinds.add(of(overlay, "targets", "targets", null, "target", List.of("upstream", "target")));
    kinds.add(of(overlay, "plugins", "plugins", null, "instance_name", List.of("name", "route", "service", "consumer")));
    kinds.add(of(overlay, "jwt_secrets", "jwts", "jwt", "key", null));
    kinds.add(of(overlay, "keyauth_credentials", "key-auths", "key-auth", "key", null));
    kinds.add(of(overlay, "basicauth_credentials", "basic-auths", "basic-auth", "username", null));
    // kong/db/schema/entities/certificates.lua and snis.lua: modelled for DB-less storage and export (and plain
    // CRUD); PEM parsing and the cert/key match check are not.
    kinds.add(of(overlay, "certificates", "certificates", null, null, null));
    kinds.add(of(overlay, "snis", "snis", null, "name", null));
    // The other collections Kong's declarative export holds (kong/plugins/{acl,hmac-auth,oauth2}/daos.lua,
    // kong/db/schema/entities/{ca_certificates,vaults,key_sets,keys}.lua): stored, listed and exported so that a
    // DB-less client can be checked to keep them; only their basic field types are validated (no PEM or JWK
    // parsing, no vault config by vault type).
    kinds.add(of(overlay, "acls", "acls", "acls", null, null));
    kinds.add(of(overlay, "hmacauth_credentials", "hmac-auths", "hmac-auth", "username", null));
    kinds.add(of(overlay, "oauth2_credentials", "oauth2", "oauth2", "client_id", null));
    kinds.add(of(overlay, "ca_certificates", "ca_certificates", null, null, null));
    kinds.add(of(overlay, "vaults", "vaults", null, "prefix", null));
    kinds.add(of(overlay, "key_sets", "key-sets", null, "name", null));
    kinds.add(of(overlay, "keys", "keys", null, "name", null));
    return kinds;
  }

  private static EntityKind of(String overlay, String name, String api, String nested, String endpointKey,
      List<String> cacheKey) {
    JsonNode schema = overlay == null ? null : Json.resource(overlay + name + ".json");
    if (schema == null) {
      schema = Json.resource("/emulator/schemas/" + name + ".json");
    }
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
      case "certificates" -> "certificate";
      case "snis" -> "sni";
      case "acls" -> "acl";
      case "hmacauth_credentials" -> "hmacauth_credential";
      case "oauth2_credentials" -> "oauth2_credential";
      case "ca_certificates" -> "ca_certificate";
      case "vaults" -> "vault";
      case "key_sets" -> "key_set";
      case "keys" -> "key";
      default -> name;
    };
  }
}
