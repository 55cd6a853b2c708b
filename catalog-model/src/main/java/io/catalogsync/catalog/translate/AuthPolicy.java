package io.catalogsync.catalog.translate;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code auth.type} and {@code auth.required}, becoming the auth plugin on the service. {@code auth.required=false}
 * lets unauthenticated requests through as the daemon-owned anonymous consumer: every one of these plugins has a
 * {@code config.anonymous} field taking a consumer id or username (kong/plugins/{jwt,key-auth,basic-auth,oauth2}/
 * schema.lua); the id is used so that renaming the consumer could never re-point it.
 *
 * @param type     the Kong plugin name
 * @param required false: anonymous access allowed
 */
record AuthPolicy(String type, boolean required) {

    static final List<String> TYPES = List.of("jwt", "key-auth", "basic-auth", "oauth2");

    /** Null when no auth plugin is wanted. */
    static AuthPolicy parse(Metadata md) {
        String type = md.oneOf("auth.type", TYPES);
        Boolean required = md.bool("auth.required");
        if (type == null) {
            if (!md.has("auth.type") && required != null) {
                md.warn("auth.required", "ignored: no auth.type is set");
            }
            return null;
        }
        return new AuthPolicy(type, required == null || required);
    }

    Map<String, Object> config(String anonymousConsumerId) {
        Map<String, Object> c = new TreeMap<>();
        switch (type) {
            case "jwt" -> {
                // The defaults the deployment this project replaces used; maximum_expiration > 0 requires
                // "exp" in claims_to_verify (jwt/schema.lua entity check).
                c.put("claims_to_verify", List.of("exp", "nbf"));
                c.put("key_claim_name", "iss");
                c.put("maximum_expiration", 86400);
                c.put("run_on_preflight", true);
            }
            // oauth2's schema refuses a config with no grant flow enabled; client credentials is the
            // service-to-service flow and needs no consent page.
            case "oauth2" -> c.put("enable_client_credentials", true);
            default -> {
                // key-auth and basic-auth: Kong's defaults (key in header/query "apikey"; Authorization: Basic).
            }
        }
        if (!required) {
            c.put("anonymous", anonymousConsumerId);
        }
        return c;
    }
}
