package io.catalogsync.catalog;

/**
 * The catalog document could not be read: bad JSON/YAML syntax, an unexpected top-level shape, or a value of the
 * wrong type. The message names the source and the place (line/column for syntax errors, a path like
 * {@code services[2].endpoints[0].port} for type errors). A catalog that does not parse must never be treated as
 * empty: callers skip deletions for that cycle.
 */
public final class CatalogParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CatalogParseException(String message) {
        super(message);
    }

    public CatalogParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
