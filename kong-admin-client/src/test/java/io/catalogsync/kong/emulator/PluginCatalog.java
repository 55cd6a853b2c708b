package io.catalogsync.kong.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plugins bundled with Kong OSS ({@code kong/constants.lua} BUNDLED_PLUGINS, priorities from
 * each {@code handler.lua}) and the schemas of those the emulator models. A plugin without a
 * schema resource is accepted with its config stored as given. The list depends on the version: 3.4.2
 * bundles 37 plugins, 3.9.3 45 (both {@code GET /} recordings); a schema under
 * {@code /emulator/schemas/3.9/} replaces the 3.4 one from 3.9 on.
 */
final class PluginCatalog {
  private static final Map<String, Integer> PRIORITIES = new LinkedHashMap<>();
  /** Plugins bundled after 3.4: name -> {major, minor} of the first release bundling them. */
  private static final Map<String, int[]> SINCE = new LinkedHashMap<>();

  static {
    Object[][] p = {
        {"acl", 950}, {"acme", 1705}, {"aws-lambda", 750}, {"azure-functions", 749}, {"basic-auth", 1100},
        {"bot-detection", 2500}, {"correlation-id", 1}, {"cors", 2000}, {"datadog", 10}, {"file-log", 9},
        {"grpc-gateway", 998}, {"grpc-web", 3}, {"hmac-auth", 1030}, {"http-log", 12}, {"ip-restriction", 990},
        {"jwt", 1450}, {"key-auth", 1250}, {"ldap-auth", 1200}, {"loggly", 6}, {"oauth2", 1400},
        {"opentelemetry", 14}, {"post-function", -1000}, {"pre-function", 1000000}, {"prometheus", 13},
        {"proxy-cache", 100}, {"rate-limiting", 910}, {"request-size-limiting", 951},
        {"request-termination", 2}, {"request-transformer", 801}, {"response-ratelimiting", 900},
        {"response-transformer", 800}, {"session", 1900}, {"statsd", 11}, {"syslog", 4}, {"tcp-log", 7},
        {"udp-log", 8}, {"zipkin", 100000}};
    for (Object[] e : p) {
      PRIORITIES.put((String) e[0], (Integer) e[1]);
    }
    // 3.9.3's GET / (kong-transcripts/3.9.3/root-and-status.json) adds these eight; the AI plugins came with
    // 3.6, standard-webhooks with 3.8, redirect with 3.9. The recorder keeps names only, so the priorities
    // (from each plugin's handler.lua) are not checked by any recording.
    Object[][] later = {
        {"ai-prompt-decorator", 772, 3, 6}, {"ai-prompt-guard", 771, 3, 6}, {"ai-prompt-template", 773, 3, 6},
        {"ai-proxy", 770, 3, 6}, {"ai-request-transformer", 777, 3, 6}, {"ai-response-transformer", 768, 3, 6},
        {"standard-webhooks", 760, 3, 8}, {"redirect", 779, 3, 9}};
    for (Object[] e : later) {
      PRIORITIES.put((String) e[0], (Integer) e[1]);
      SINCE.put((String) e[0], new int[] {(Integer) e[2], (Integer) e[3]});
    }
  }

  private final String version;
  private final EmulatorOptions options;
  private final JsonNode base;
  private final Map<String, JsonNode> served = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> full = new ConcurrentHashMap<>();

  PluginCatalog(EmulatorOptions options, JsonNode basePluginSchema) {
    this.options = options;
    this.version = options.version();
    this.base = basePluginSchema;
  }

  List<String> names() {
    return PRIORITIES.keySet().stream().filter(this::exists).toList();
  }

  boolean exists(String name) {
    int[] since = SINCE.get(name);
    return PRIORITIES.containsKey(name) && (since == null || options.atLeast(since[0], since[1]));
  }

  ObjectNode availableOnServer() {
    ObjectNode out = Json.obj();
    names().forEach(n -> out.set(n, Json.obj().put("priority", PRIORITIES.get(n)).put("version", version)));
    return out;
  }

  /** The document {@code GET /schemas/plugins/{name}} serves, or null when not modelled. */
  JsonNode served(String name) {
    if (!exists(name)) {
      return null;
    }
    return served.computeIfAbsent(name, n -> {
      JsonNode s = options.atLeast(3, 9) ? Json.resource("/emulator/schemas/3.9/plugins/" + n + ".json") : null;
      boolean recorded39 = s != null;
      if (s == null) {
        s = Json.resource("/emulator/schemas/plugins/" + n + ".json");
      }
      if (s == null) {
        ObjectNode open = Json.obj();
        open.putArray("fields").addObject().putObject("config").put("type", "record").put("required", true)
            .put("emulator_open", true).putArray("fields");
        open.putArray("entity_checks");
        s = open;
      } else if (!recorded39 && n.equals("rate-limiting") && RateLimitingShape.nested(version)) {
        s = RateLimitingShape.nestedSchema(s);
      } else if (!recorded39 && n.equals("cors") && atLeast(version, 3, 5)) {
        // Kong 3.5 added config.private_network (kong/plugins/cors/schema.lua; recorded in
        // kong-transcripts/3.9.3/schemas.json): Kong fills its default in, and the differ compares it. From 3.9
        // the recorded schema already holds it.
        s = s.deepCopy();
        for (JsonNode f : s.path("fields")) {
          if (f.has("config")) {
            ((ArrayNode) f.path("config").path("fields")).addObject().putObject("private_network")
                .put("default", false).put("description", "Flag to determine whether the "
                    + "`Access-Control-Allow-Private-Network` header should be sent with `true` as the value.")
                .put("required", true).put("type", "boolean");
          }
        }
      }
      return s;
    });
  }

  private static boolean atLeast(String version, int major, int minor) {
    String[] p = version.split("[.-]");
    try {
      int ma = Integer.parseInt(p[0]);
      int mi = p.length > 1 ? Integer.parseInt(p[1]) : 0;
      return ma > major || ma == major && mi >= minor;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The plugins entity schema with the plugin's own fields specialised in (Kong's subschemas). */
  JsonNode full(String name) {
    JsonNode own = served(name);
    if (own == null) {
      return null;
    }
    return full.computeIfAbsent(name, n -> {
      ObjectNode merged = Json.obj();
      ArrayNode fields = merged.putArray("fields");
      for (JsonNode entry : base.path("fields")) {
        String fname = Json.fieldName(entry);
        ObjectNode override = Json.fieldDef(own.path("fields"), fname);
        fields.add(override == null ? entry.deepCopy() : Json.obj().set(fname, override.deepCopy()));
      }
      ArrayNode checks = merged.putArray("entity_checks");
      own.path("entity_checks").forEach(c -> checks.add(c.deepCopy()));
      return merged;
    });
  }
}
