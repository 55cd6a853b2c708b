package io.catalogsync.kong.admin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * 400 code 4 `foreign key violation` (missing parent, or a delete blocked by `@referenced_by`), 13 `foreign keys
 * unresolved`, and the newer 16 `invalid foreign key` and 19 `referenced by others` (kong/db/errors.lua).
 */
public final class KongForeignKeyException extends KongException {

    public KongForeignKeyException(String method, String path, int status, Integer kongCode, String kongName, String kongMessage,
              JsonNode fields, Throwable cause) {
        super(method, path, status, kongCode, kongName, kongMessage, fields, cause);
    }

}
