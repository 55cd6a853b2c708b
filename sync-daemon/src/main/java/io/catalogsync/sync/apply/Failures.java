package io.catalogsync.sync.apply;

import io.catalogsync.kong.admin.KongException;
import io.catalogsync.sync.plan.Operation;

/** Turns a write failure into a report line, keeping Kong's own message. */
final class Failures {

    private Failures() {
    }

    static ApplyResult.FailedOperation failed(Operation op, Throwable cause) {
        if (cause instanceof KongException k) {
            // KongException's message is "METHOD path -> status: Kong's message", never a body or a header.
            return new ApplyResult.FailedOperation(op, k.getMessage(), k.status());
        }
        String msg = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return new ApplyResult.FailedOperation(op, msg, 0);
    }
}
