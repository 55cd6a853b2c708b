package io.catalogsync.kong.entity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code extra} component of the entity records: every field Kong returned that the record does not model
 * ({@code tls_verify}, a route's {@code snis}, an upstream's {@code hash_on_cookie_path}...), kept so that the
 * differ can compare them with Kong's schema defaults and so that an entity read from Kong is written back whole.
 * Read-only and in Kong's order; empty for entities the translation builds.
 */
final class Extra {

    private Extra() {
    }

    static Map<String, Object> of(Map<String, Object> m) {
        if (m == null || m.isEmpty()) {
            return Map.of();
        }
        // Jackson hands over the map it filled (a LinkedHashMap); Map.copyOf would refuse Kong's null values.
        return Collections.unmodifiableMap(m instanceof LinkedHashMap<String, Object> ? m : new LinkedHashMap<>(m));
    }
}
