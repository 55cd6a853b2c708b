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

    public String method() {
        return method;
    }

    /** The request path (never the query string, which may hold filter values only). */
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

    /** Kong's {@code fields} object (per-field errors), or null. */
    public JsonNode fields() {
        return fields;
    }

    /** Whether retrying the same idempotent request may succeed (5xx, 429, transport). */
    public boolean retryable() {
        return false;
    }
}
