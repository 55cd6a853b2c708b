package io.catalogsync.kong.admin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * 400 code 2 `schema violation` (or 1 `invalid primary key`, 3 `primary key violation`, 7 `invalid offset`,
 * 9 `invalid size`, 10 `invalid unique`, 11 `invalid options`): see {@link #fields()}.
 */
public final class KongSchemaViolationException extends KongException {

    public KongSchemaViolationException(String method, String path, int status, Integer kongCode, String kongName, String kongMessage,
              JsonNode fields, Throwable cause) {
        super(method, path, status, kongCode, kongName, kongMessage, fields, cause);
    }

}
