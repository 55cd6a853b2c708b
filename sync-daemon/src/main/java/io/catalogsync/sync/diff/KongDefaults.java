package io.catalogsync.sync.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.catalogsync.kong.entity.EntityType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kong's schema defaults for the fields the daemon sets only sometimes. When the catalog stops asking for such
 * a field (a service loses {@code timeout.read}, a rate limit drops {@code rateLimit.hour}), the desired
 * entity simply omits it; comparing only the fields the desired entity has would then miss the change. For
 * these fields an omission means "Kong's default", so the differ compares the actual value with that default.
 *
 * <p>Only defaults that are the same in Kong 3.4, 3.6 and 3.9 are listed; anything else Kong fills in is ignored,
 * which is what keeps a second sync from writing again. A field Kong does not echo at all counts as its default.
 * Fields the entity records do not model (a service's {@code tls_verify}, a route's {@code snis}, an upstream's
 * {@code hash_on_cookie_path}...) are listed too, with the defaults Kong 3.4.2 and 3.9.3 declare alike.
 * Sources (Kong 3.4.2): kong/db/schema/entities/services.lua, routes.lua, upstreams.lua, targets.lua,
 * consumers.lua, plugins.lua; kong/plugins/{rate-limiting,cors,jwt,key-auth,basic-auth,oauth2}/schema.lua;
 * kong/tools/redis/schema.lua (3.6).
 */
final class KongDefaults {

    private static final Map<EntityType, Map<String, JsonNode>> ENTITY = Map.of(
            EntityType.SERVICE, map(
                    "path", null, "retries", 5, "connect_timeout", 60000, "write_timeout", 60000,
                    "read_timeout", 60000, "enabled", true,
                    // Not modelled by the Service record (kept in its extra()), never set by the daemon.
                    "client_certificate", null, "tls_verify", null, "tls_verify_depth", null, "ca_certificates", null),
            EntityType.ROUTE, map(
                    "hosts", null, "methods", null, "headers", null, "strip_path", true, "preserve_host", false,
                    "regex_priority", 0, "path_handling", "v0", "https_redirect_status_code", 426,
                    "request_buffering", true, "response_buffering", true,
                    "snis", null, "sources", null, "destinations", null),
            EntityType.UPSTREAM, map("host_header", null, "hash_on", "none", "hash_fallback", "none",
                    "algorithm", "round-robin",
                    // Health checks off, as Kong's healthchecks_defaults have them (interval/thresholds 0).
                    "healthchecks.active.healthy.interval", 0, "healthchecks.active.unhealthy.interval", 0,
                    "healthchecks.passive.unhealthy.http_failures", 0,
                    "healthchecks.passive.unhealthy.tcp_failures", 0,
                    "healthchecks.passive.unhealthy.timeouts", 0,
                    "hash_on_header", null, "hash_fallback_header", null, "hash_on_cookie", null,
                    "hash_on_cookie_path", "/", "hash_on_query_arg", null, "hash_fallback_query_arg", null,
                    "hash_on_uri_capture", null, "hash_fallback_uri_capture", null, "client_certificate", null,
                    "use_srv_name", false),
            EntityType.TARGET, map("weight", 100),
            EntityType.CONSUMER, map("custom_id", null),
            EntityType.PLUGIN, map("instance_name", null, "service", null, "route", null, "consumer", null,
                    "enabled", true));

    private static final Map<String, Map<String, JsonNode>> PLUGIN_CONFIG = Map.of(
            "rate-limiting", map(
                    "second", null, "minute", null, "hour", null, "day", null, "month", null, "year", null,
                    "header_name", null, "path", null, "limit_by", "consumer", "policy", "local",
                    "fault_tolerant", true, "hide_client_headers", false,
                    // Redis settings, compared in the nested shape (see RedisShape).
                    "redis.host", null, "redis.port", 6379, "redis.timeout", 2000, "redis.username", null,
                    "redis.password", null, "redis.ssl", false, "redis.ssl_verify", false, "redis.server_name", null,
                    "redis.database", 0),
            "cors", map("origins", null, "headers", null, "exposed_headers", null, "max_age", null,
                    "credentials", false, "preflight_continue", false,
                    "methods", List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE", "CONNECT")),
            "jwt", map("claims_to_verify", null, "anonymous", null, "run_on_preflight", true,
                    "secret_is_base64", false, "key_claim_name", "iss", "maximum_expiration", 0),
            "key-auth", map("anonymous", null, "hide_credentials", false, "run_on_preflight", true),
            "basic-auth", map("anonymous", null, "hide_credentials", false),
            "oauth2", map("anonymous", null, "hide_credentials", false),
            "pre-function", map("access", List.of(), "header_filter", List.of(), "body_filter", List.of()));

    private KongDefaults() {
    }

    static Map<String, JsonNode> entity(EntityType type) {
        return ENTITY.getOrDefault(type, Map.of());
    }

    /** Defaults of a plugin's config, by dotted path inside {@code config}. */
    static Map<String, JsonNode> pluginConfig(String pluginName) {
        return pluginName == null ? Map.of() : PLUGIN_CONFIG.getOrDefault(pluginName, Map.of());
    }

    private static Map<String, JsonNode> map(Object... kv) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            JsonNode n;
            if (v == null) {
                n = NullNode.getInstance();
            } else if (v instanceof Boolean b) {
                n = BooleanNode.valueOf(b);
            } else if (v instanceof Integer x) {
                n = IntNode.valueOf(x);
            } else if (v instanceof List<?> list) {
                ArrayNode a = JsonNodeFactory.instance.arrayNode();
                list.forEach(x -> a.add((String) x));
                n = a;
            } else {
                n = TextNode.valueOf((String) v);
            }
            m.put((String) kv[i], n);
        }
        return Map.copyOf(m);
    }
}
