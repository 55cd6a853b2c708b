package io.catalogsync.kong.admin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What Kong answered to one attempt: the status, the body parsed as JSON (null when empty, or when an error
 * status came with a body that is not JSON, like nginx's HTML 415 page), and the reason phrase.
 */
record KongResponse(int status, String statusMessage, JsonNode json, String retryAfter) {

    boolean success() {
        return status >= 200 && status < 300;
    }
}
