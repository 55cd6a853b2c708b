package io.catalogsync.kong.entity;

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
}
