package io.catalogsync.kong.admin;

import com.fasterxml.jackson.databind.JsonNode;

/** 401 or 403: missing or wrong `Kong-Admin-Token`, or RBAC refused. */
public final class KongAuthException extends KongException {

    public KongAuthException(String method, String path, int status, Integer kongCode, String kongName, String kongMessage,
              JsonNode fields, Throwable cause) {
        super(method, path, status, kongCode, kongName, kongMessage, fields, cause);
    }

}
