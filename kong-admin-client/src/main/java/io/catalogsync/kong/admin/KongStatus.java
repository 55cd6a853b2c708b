package io.catalogsync.kong.admin;

/**
 * What {@code GET /status} says: in DB mode whether the database is reachable ({@code null} in DB-less
 * mode, which has no {@code database} key); in DB-less mode the {@code configuration_hash}.
 */
public record KongStatus(Boolean databaseReachable, String configurationHash) {

    /** Kong's hash of an empty DB-less configuration. */
    public static final String EMPTY_CONFIGURATION_HASH = "00000000000000000000000000000000";
}
