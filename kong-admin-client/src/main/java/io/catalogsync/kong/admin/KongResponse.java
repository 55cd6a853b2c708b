package io.catalogsync.kong.admin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What Kong answered to one attempt: the status, the body parsed as JSON (null when empty, or when an error
 * status came with a body that is not JSON, like nginx's HTML 415 page), and the reason phrase.
 *
 * @param value a 2xx body read straight into what the request's {@link RequestExecutor.BodyReader} makes (then
 *              {@code json} is null); null for requests read into a tree
 */
record KongResponse(int status, String statusMessage, JsonNode json, String retryAfter, Object value) {

    KongResponse(int status, String statusMessage, JsonNode json, String retryAfter) {
        this(status, statusMessage, json, retryAfter, null);
    }

    boolean success() {
        return status >= 200 && status < 300;
    }
}
