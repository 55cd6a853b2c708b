package io.catalogsync.catalog.translate;

/**
 * Why a catalog service was rejected: one problem with one field. A service may have several.
 *
 * @param service the catalog service name, or {@code catalog[i]} when the service has no usable name
 * @param field   where the problem is: {@code name}, {@code endpoints}, {@code endpoints[0].port},
 *                {@code metadata rateLimit.minute}, ...
 * @param message what is wrong, quoting the offending value (catalog values are not secrets)
 */
public record ServiceError(String service, String field, String message) {

    /** E.g. {@code my-service: metadata rateLimit.minute: "ten" is not a whole number}. */
    @Override
    public String toString() {
        return service + ": " + field + ": " + message;
    }
}
