package io.catalogsync.masking.service;

/**
 * The body cannot be masked as it is: not JSON, or JSON of a shape in which text could hide where the masker
 * does not look. Rejected (HTTP 400) rather than passed on partly masked. The message names the field or the
 * parse error's position, never the body's content.
 */
public final class InvalidBodyException extends RuntimeException {

    private final String field;

    public InvalidBodyException(String field, String message) {
        super(field == null ? message : field + ": " + message, null, false, false);
        this.field = field;
    }

    /** JSON path of the offending field ({@code messages[2].content}), or null for a parse error. */
    public String field() {
        return field;
    }
}
