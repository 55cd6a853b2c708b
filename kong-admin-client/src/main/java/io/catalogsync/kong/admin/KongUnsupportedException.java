package io.catalogsync.kong.admin;

import com.fasterxml.jackson.databind.JsonNode;

/** 405, with code 12 `operation unsupported` (e.g. a write to a DB-less Kong) or Kong's plain "Method not allowed". */
public final class KongUnsupportedException extends KongException {

    public KongUnsupportedException(String method, String path, int status, Integer kongCode, String kongName, String kongMessage,
              JsonNode fields, Throwable cause) {
        super(method, path, status, kongCode, kongName, kongMessage, fields, cause);
    }

}
