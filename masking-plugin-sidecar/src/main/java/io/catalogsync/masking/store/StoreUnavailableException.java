package io.catalogsync.masking.store;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The mapping store could not answer. The masking service turns this into a fail-secure rejection (HTTP 503):
 * a body is never returned partly masked.
 *
 * <p>Messages carry the cause class and Redis' own error text (host and port at most), never credentials.
 */
public final class StoreUnavailableException extends RuntimeException {

    /** Bounded set of causes, used as a metric tag. */
    public enum Kind {
        /** No connection (refused, reset, reconnecting). */
        CONNECTION,
        /** A command did not answer within the command timeout. */
        TIMEOUT,
        /** Redis answered with an error (NOAUTH, OOM, MOVED loops, ...). */
        COMMAND,
        /** Every token attempt for an original was taken by another original (never expected in practice). */
        COLLISIONS;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Kind kind;

    public StoreUnavailableException(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Wraps whatever a Lettuce future failed with, keeping an existing StoreUnavailableException as it is. */
    public static StoreUnavailableException from(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof StoreUnavailableException sue) {
            return sue;
        }
        Kind kind;
        if (t instanceof RedisCommandTimeoutException || t instanceof java.util.concurrent.TimeoutException) {
            kind = Kind.TIMEOUT;
        } else if (t instanceof RedisConnectionException || t instanceof java.io.IOException
                || isDisconnectedMessage(t.getMessage())) {
            kind = Kind.CONNECTION;
        } else {
            kind = Kind.COMMAND;
        }
        // The root cause says why (NOAUTH, WRONGPASS, NOPERM, handshake failure); Redis never echoes credentials.
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = "mapping store unavailable (" + kind.tag() + "): " + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + t.getMessage());
        if (root != t) {
            message += " (cause: " + root.getClass().getSimpleName()
                    + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
        }
        return new StoreUnavailableException(kind, message, t);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    // Lettuce reports a rejected command on a disconnected connection as a plain RedisException.
    private static boolean isDisconnectedMessage(String message) {
        return message != null && (message.contains("not connected") || message.contains("Connection closed")
                || message.contains("connection closed") || message.contains("Connection reset"));
    }
}
