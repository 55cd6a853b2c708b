package io.catalogsync.kong.entity;

import java.util.List;
import java.util.Map;

/**
 * One Kong Admin API entity as this project reads and writes it. Records keep the fields the daemon manages
 * plus Kong's bookkeeping ({@code id}, timestamps); every other field Kong returns is kept in {@link #extra()}.
 *
 * <p>Serialised with Kong's snake_case names; {@code null} fields are left out of request bodies so that Kong
 * fills its own schema defaults.
 */
public sealed interface KongEntity permits Service, Route, Plugin, Consumer, Upstream, Target {

    String id();

    List<String> tags();

    EntityType type();

    /**
     * The natural key Kong also accepts in paths: name (services, routes, upstreams), username (consumers),
     * {@code host:port} (targets, within their upstream), instance name or the id (plugins).
     */
    String key();

    /** The same entity with another id (each record narrows the return type to itself). */
    KongEntity withId(String newId);

    /**
     * The fields Kong returned that the record does not model, by Kong's name, without those Kong answered null
     * (null and absent both mean Kong's default); written back as they are, so that an entity read from Kong and
     * pushed again stays whole. Empty for entities the translation builds.
     */
    Map<String, Object> extra();

    /**
     * The same entity with exactly these unmodelled fields, nulls included (sent as JSON null); each record
     * narrows the return type to itself.
     */
    KongEntity withExtra(Map<String, Object> newExtra);
}
