package io.catalogsync.kong.admin;

import com.fasterxml.jackson.databind.JsonNode;

/** Any other 4xx Kong answered (including 415 for a wrong Content-Type). */
public final class KongBadRequestException extends KongException {

    public KongBadRequestException(String method, String path, int status, Integer kongCode, String kongName, String kongMessage,
              JsonNode fields, Throwable cause) {
        super(method, path, status, kongCode, kongName, kongMessage, fields, cause);
    }

}
