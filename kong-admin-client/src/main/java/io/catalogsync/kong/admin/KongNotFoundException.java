package io.catalogsync.kong.admin;

import com.fasterxml.jackson.databind.JsonNode;

/** 404, or Kong's code 6 `not found` on PATCH. */
public final class KongNotFoundException extends KongException {

    public KongNotFoundException(String method, String path, int status, Integer kongCode, String kongName, String kongMessage,
              JsonNode fields, Throwable cause) {
        super(method, path, status, kongCode, kongName, kongMessage, fields, cause);
    }

}
