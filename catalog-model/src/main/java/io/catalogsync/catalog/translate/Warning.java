package io.catalogsync.catalog.translate;

/**
 * Something in a catalog service that was ignored (an unknown metadata key, a setting that has no effect).
 * Never blocks the service.
 */
public record Warning(String service, String field, String message) {

    @Override
    public String toString() {
        return service + ": " + field + ": " + message;
    }
}
