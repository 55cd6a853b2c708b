package io.catalogsync.kong.admin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A failed Admin API call. Keeps Kong's own error body: {@code code} (Kong's numeric error code, e.g. 5 for a
 * unique violation), {@code name}, {@code message} and {@code fields} (kong/db/errors.lua). Transport failures
 * have status 0 and no Kong fields.
 *
 * <p>The exception message never contains request bodies or headers, so it cannot carry a secret.
 */
public abstract class KongException extends RuntimeException {

    private final String method;
    private final String path;
    private final int status;
    private final Integer kongCode;
    private final String kongName;
    private final String kongMessage;
    private final JsonNode fields;

    protected KongException(String method, String path, int status, Integer kongCode, String kongName,
                            String kongMessage, JsonNode fields, Throwable cause) {
        super(method + " " + path + " -> " + (status == 0 ? "no response" : String.valueOf(status))
                + (kongMessage != null ? ": " + kongMessage : ""), cause);
        this.method = method;
        this.path = path;
        this.status = status;
        this.kongCode = kongCode;
        this.kongName = kongName;
        this.kongMessage = kongMessage;
        this.fields = fields;
    }

    /**
     * A failure without a Kong answer (transport). {@code detail} says what went wrong in a few words taken from
     * the cause (timeout, refused, TLS, a body that is not JSON); it is built by the client and never holds
     * request bodies or headers.
     */
    protected KongException(String method, String path, String detail, Throwable cause) {
        super(method + " " + path + " -> no usable response: " + detail, cause);
        this.method = method;
        this.path = path;
        this.status = 0;
        this.kongCode = null;
        this.kongName = null;
        this.kongMessage = null;
        this.fields = null;
    }

    public String method() {
        return method;
    }

    /**
     * The Admin API path as Kong routes it ({@code /services/billing}): without the base URL's prefix and the
     * workspace, and never with the query string.
     */
    public String path() {
        return path;
    }

    /** HTTP status, 0 for transport failures. */
    public int status() {
        return status;
    }

    /** Kong's numeric error code ({@code code} in the body), or null. */
    public Integer kongCode() {
        return kongCode;
    }

    /** Kong's error name, e.g. {@code unique constraint violation}, or null. */
    public String kongName() {
        return kongName;
    }

    /** Kong's {@code message}, or null. */
    public String kongMessage() {
        return kongMessage;
    }

    /**
     * Kong's {@code fields} object (per-field errors), or null. For code 11 {@code invalid options}, which has no
     * {@code fields}, Kong's {@code options} object (per-option errors).
     */
    public JsonNode fields() {
        return fields;
    }

    /** Whether retrying the same idempotent request may succeed (5xx, 429, transport). */
    public boolean retryable() {
        return false;
    }
}
