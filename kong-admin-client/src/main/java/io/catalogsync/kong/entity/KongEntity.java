package io.catalogsync.kong.entity;

import java.util.List;

/**
 * One Kong Admin API entity as this project reads and writes it. Records keep the fields the daemon manages
 * plus Kong's bookkeeping ({@code id}, timestamps); unknown fields Kong returns are ignored on read.
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
}
