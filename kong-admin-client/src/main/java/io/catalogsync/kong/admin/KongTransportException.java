package io.catalogsync.kong.admin;

import com.fasterxml.jackson.databind.JsonNode;

/** No usable response: timeout, connection refused or reset, TLS failure, or a body that is not JSON. */
public final class KongTransportException extends KongException {

    public KongTransportException(String method, String path, int status, Integer kongCode, String kongName, String kongMessage,
              JsonNode fields, Throwable cause) {
        super(method, path, status, kongCode, kongName, kongMessage, fields, cause);
    }

    /** No usable answer; {@code detail} names the cause in a few words (never request data). */
    public KongTransportException(String method, String path, String detail, Throwable cause) {
        super(method, path, detail, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
