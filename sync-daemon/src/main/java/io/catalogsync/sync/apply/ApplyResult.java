package io.catalogsync.sync.apply;

import io.catalogsync.sync.plan.Operation;
import java.util.List;

/**
 * How each operation of a plan ended: applied, failed (with Kong's message and HTTP status, 0 when Kong did
 * not answer), or skipped because something it depends on failed.
 */
public record ApplyResult(List<Operation> applied, List<FailedOperation> failed, List<SkippedOperation> skipped) {

    public static final ApplyResult EMPTY = new ApplyResult(List.of(), List.of(), List.of());

    public ApplyResult {
        applied = List.copyOf(applied);
        failed = List.copyOf(failed);
        skipped = List.copyOf(skipped);
    }

    public boolean clean() {
        return failed.isEmpty() && skipped.isEmpty();
    }

    public record FailedOperation(Operation operation, String message, int status) {
    }

    public record SkippedOperation(Operation operation, String reason) {
    }
}
