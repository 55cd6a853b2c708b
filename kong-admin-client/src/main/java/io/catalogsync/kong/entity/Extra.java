package io.catalogsync.kong.entity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code extra} component of the entity records: every field Kong returned that the record does not model
 * ({@code tls_verify}, a route's {@code snis}, an upstream's {@code hash_on_cookie_path}...), kept so that the
 * differ can compare them with Kong's schema defaults and so that an entity read from Kong is written back whole.
 * Read-only; empty for entities the translation builds.
 */
final class Extra {

    /** The class of {@link #exact}'s maps, which {@link #of} keeps as they are. */
    private static final Class<?> EXACT = Collections.unmodifiableMap(new LinkedHashMap<>()).getClass();

    private Extra() {
    }

    /**
     * Exactly {@code m}, nulls included: {@code withExtra} on a record, where a null says "send null" (an update
     * resetting a field that has no default). Jackson's maps go through {@link #of} instead.
     */
    static Map<String, Object> exact(Map<String, Object> m) {
        return m == null || m.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /**
     * Without Kong's nulls: an unset field and an absent one mean the same to Kong (its schema default fills an
     * absent one on write) and to the differ, and most unmodelled fields are null (a service's {@code tls_verify},
     * {@code client_certificate}, a route's {@code snis}...), so most entities keep an empty map and the differ's
     * per-plan walk over 43,500 entities stays cheap.
     */
    static Map<String, Object> of(Map<String, Object> m) {
        if (m == null || m.isEmpty()) {
            return Map.of();
        }
        if (m.getClass() == EXACT) {
            return m;
        }
        Map<String, Object> kept = null;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (e.getValue() != null) {
                kept = kept != null ? kept : new LinkedHashMap<>();
                kept.put(e.getKey(), e.getValue());
            }
        }
        return kept == null ? Map.of() : Collections.unmodifiableMap(kept);
    }
}
