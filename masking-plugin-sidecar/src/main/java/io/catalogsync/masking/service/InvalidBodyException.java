package io.catalogsync.masking.service;

/**
 * The body cannot be masked as it is: not strict UTF-8, not JSON, nested too deep, or (only in a body already
 * holding tokens) two keys of one object that would become equal. Rejected (HTTP 400) rather than passed on partly
 * masked. The message names the cause and the parse error's position, never the body's content.
 */
public final class InvalidBodyException extends RuntimeException {

    private final String field;

    public InvalidBodyException(String field, String message) {
        super(field == null ? message : field + ": " + message, null, false, false);
        this.field = field;
    }

    /** What is at fault when the document parsed ({@code object key}), or null for a parse error. */
    public String field() {
        return field;
    }
}
