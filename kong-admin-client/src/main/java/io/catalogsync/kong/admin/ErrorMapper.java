package io.catalogsync.kong.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Turns Kong's error answers and transport failures into the typed {@link KongException}s. Kong's error body is
 * {@code {code, name, message, fields}} (kong/db/errors.lua, {@code ERRORS} and {@code ERRORS_NAMES}); answers that
 * do not come from the DAO (a plain 404, 405 "Method not allowed", nginx's HTML 415) only have a
 * {@code message}, or no JSON at all. Only the parsed error fields and the reason phrase go into an exception,
 * never a raw body, so nothing Kong echoes back from a request can end up in a message.
 */
final class ErrorMapper {

    // kong/db/errors.lua error codes.
    static final int INVALID_PRIMARY_KEY = 1;
    static final int SCHEMA_VIOLATION = 2;
    static final int PRIMARY_KEY_VIOLATION = 3;
    static final int FOREIGN_KEY_VIOLATION = 4;
    static final int UNIQUE_VIOLATION = 5;
    static final int NOT_FOUND = 6;
    static final int INVALID_OFFSET = 7;
    static final int INVALID_SIZE = 9;
    static final int INVALID_UNIQUE = 10;
    static final int INVALID_OPTIONS = 11;
    static final int OPERATION_UNSUPPORTED = 12;
    static final int FOREIGN_KEYS_UNRESOLVED = 13;
    static final int DECLARATIVE_CONFIG = 14;
    static final int INVALID_FOREIGN_KEY = 16;
    static final int REFERENCED_BY_OTHERS = 19;

    private ErrorMapper() {
    }

    /** The exception for a non-2xx answer. */
    static KongException fromResponse(String method, String path, KongResponse response) {
        int status = response.status();
        JsonNode body = response.json();
        Integer code = null;
        String name = null;
        String message = null;
        JsonNode fields = null;
        if (body != null && body.isObject()) {
            JsonNode c = body.get("code");
            code = c != null && c.canConvertToInt() ? c.asInt() : null;
            name = text(body.get("name"));
            message = text(body.get("message"));
            fields = present(body.get("fields"));
            if (fields == null) {
                // code 11 `invalid options` puts its per-option errors under `options` instead.
                fields = present(body.get("options"));
            }
        }
        if (message == null) {
            // Not a Kong body (nginx's HTML 415, a proxy's 502): keep only the reason phrase.
            message = response.statusMessage();
        }
        int c = code == null ? -1 : code;
        if (status == 404 || c == NOT_FOUND) {
            return new KongNotFoundException(method, path, status, code, name, message, fields, null);
        }
        if (status == 409 || c == UNIQUE_VIOLATION) {
            return new KongConflictException(method, path, status, code, name, message, fields, null);
        }
        if (status == 401 || status == 403) {
            return new KongAuthException(method, path, status, code, name, message, fields, null);
        }
        if (status == 405 || c == OPERATION_UNSUPPORTED) {
            return new KongUnsupportedException(method, path, status, code, name, message, fields, null);
        }
        if (status == 429 || status >= 500) {
            return new KongServerException(method, path, status, code, name, message, fields, null);
        }
        if (status == 400) {
            switch (c) {
                case INVALID_PRIMARY_KEY:
                case SCHEMA_VIOLATION:
                case PRIMARY_KEY_VIOLATION:
                case INVALID_OFFSET:
                case INVALID_SIZE:
                case INVALID_UNIQUE:
                case INVALID_OPTIONS:
                    return new KongSchemaViolationException(method, path, status, code, name, message, fields, null);
                case FOREIGN_KEY_VIOLATION:
                case FOREIGN_KEYS_UNRESOLVED:
                case INVALID_FOREIGN_KEY:
                case REFERENCED_BY_OTHERS:
                    return new KongForeignKeyException(method, path, status, code, name, message, fields, null);
                default:
                    break;
            }
        }
        return new KongBadRequestException(method, path, status, code, name, message, fields, null);
    }

    /** The exception for an attempt that got no usable answer. */
    static KongTransportException transport(String method, String path, Throwable cause) {
        if (cause instanceof KongTransportException kte) {
            return kte;
        }
        return new KongTransportException(method, path, describe(cause), cause);
    }

    /** Whether the request provably never reached Kong, so that even a non-idempotent request may be resent. */
    static boolean neverSent(Throwable failure) {
        Throwable t = failure instanceof KongTransportException ? failure.getCause() : failure;
        for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /**
     * A few words about the cause. Netty and Vert.x messages name the peer address and at most the request URI,
     * never headers or bodies.
     */
    static String describe(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException || (t instanceof DecoderException && t.getCause() instanceof SSLException)) {
                return "TLS failure: " + t.getMessage();
            }
        }
        if (cause instanceof TimeoutException
                || (cause != null && cause.getClass().getSimpleName().contains("Timeout"))) {
            return "timed out: " + cause.getMessage();
        }
        if (cause instanceof ConnectException) {
            return "connection failed: " + cause.getMessage();
        }
        if (cause instanceof UnknownHostException) {
            return "unknown host: " + cause.getMessage();
        }
        if (cause instanceof ClosedChannelException || (cause != null
                && cause.getClass().getSimpleName().equals("HttpClosedException"))) {
            return "connection closed by Kong before a complete response";
        }
        if (cause instanceof IOException && cause.getMessage() != null && cause.getMessage().contains("reset")) {
            return "connection reset: " + cause.getMessage();
        }
        if (cause instanceof IOException) {
            return "I/O error: " + cause.getMessage();
        }
        return cause == null ? "unknown failure" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        return n.isTextual() ? n.asText() : n.toString();
    }

    private static JsonNode present(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n;
    }
}
