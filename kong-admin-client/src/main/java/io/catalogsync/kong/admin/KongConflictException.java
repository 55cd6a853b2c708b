package io.catalogsync.kong.admin;

import com.fasterxml.jackson.databind.JsonNode;

/** 409, code 5 `unique constraint violation`: another entity holds the name or key. */
public final class KongConflictException extends KongException {

    public KongConflictException(String method, String path, int status, Integer kongCode, String kongName, String kongMessage,
              JsonNode fields, Throwable cause) {
        super(method, path, status, kongCode, kongName, kongMessage, fields, cause);
    }

}
