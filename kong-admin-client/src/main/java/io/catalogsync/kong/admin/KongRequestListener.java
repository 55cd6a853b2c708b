package io.catalogsync.kong.admin;

import java.time.Duration;

/**
 * Told about every Admin API request the client makes (each retry counts), so that callers can export
 * metrics without the client depending on a metrics library. Called on the event loop: keep it cheap.
 *
 * @see KongAdminOptions#setListener
 */
@FunctionalInterface
public interface KongRequestListener {

    KongRequestListener NONE = (method, pathTemplate, status, duration) -> { };

    /**
     * @param method       HTTP method
     * @param pathTemplate the path with ids and names replaced by placeholders ({@code /services/{id}}), so
     *                     that it is a bounded metric tag
     * @param status       HTTP status, or 0 when there was no response (timeout, connection error)
     * @param duration     time from sending to the end of the response or the failure
     */
    void onRequest(String method, String pathTemplate, int status, Duration duration);
}
