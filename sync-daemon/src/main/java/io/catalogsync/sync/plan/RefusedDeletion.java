package io.catalogsync.sync.plan;

/**
 * Deletions a guard held back this cycle, and why. Shown on {@code /status} and counted in metrics;
 * {@code --force} lifts the guard.
 */
public record RefusedDeletion(Reason reason, String message, int count) {

    public enum Reason {
        /** The catalog lists no service while Kong holds owned entities: more likely a broken catalog than intent. */
        EMPTY_CATALOG,
        /** The plan would delete more than {@code --max-delete-ratio} of the owned entities. */
        DELETE_RATIO
    }
}
