package io.catalogsync.kong.admin;

import com.fasterxml.jackson.databind.JsonNode;

/** 5xx or 429 from Kong; retryable. For 429, {@code Retry-After} is honoured by the client's retry. */
public final class KongServerException extends KongException {

    public KongServerException(String method, String path, int status, Integer kongCode, String kongName, String kongMessage,
              JsonNode fields, Throwable cause) {
        super(method, path, status, kongCode, kongName, kongMessage, fields, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
