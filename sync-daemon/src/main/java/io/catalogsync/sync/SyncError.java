package io.catalogsync.sync;

/**
 * One problem of one catalog service in a cycle: the catalog entry is invalid ({@link Stage#VALIDATION}), an
 * entity it needs is held by an unowned entity ({@link Stage#CONFLICT}), or Kong refused a write
 * ({@link Stage#KONG}; skipped dependents are reported as such too).
 *
 * @param service the catalog service, or null for shared entities (the anonymous consumer)
 * @param subject what the problem is about: a catalog field ({@code metadata rateLimit.minute}) or a Kong entity
 *                ({@code route orders~api.v1})
 */
public record SyncError(String service, Stage stage, String subject, String message) {

    public enum Stage { VALIDATION, CONFLICT, KONG }
}
