package io.catalogsync.kong.entity;

import java.util.Locale;

/** Kong entity collections this project touches, with their Admin API path segment. */
public enum EntityType {
    UPSTREAM("upstreams"),
    TARGET("targets"),
    SERVICE("services"),
    ROUTE("routes"),
    CONSUMER("consumers"),
    PLUGIN("plugins");

    private final String collection;

    EntityType(String collection) {
        this.collection = collection;
    }

    /** The Admin API collection name, e.g. {@code services}. */
    public String collection() {
        return collection;
    }

    /**
     * The kind as reports, logs and metric tags spell it: lowercase singular ({@code service}, {@code route}).
     * The one place the enum name becomes text, so that no caller lowercases it by hand.
     */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A key unique across kinds for an entity of this kind ({@code service:<id>}), for maps over mixed kinds. */
    public String key(String id) {
        return tag() + ":" + id;
    }
}
