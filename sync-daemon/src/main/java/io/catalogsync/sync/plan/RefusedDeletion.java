package io.catalogsync.sync.plan;

/**
 * Deletions a guard held back this cycle, and why. Shown on {@code /status} and counted in metrics;
 * {@code --force} lifts the empty-catalog and ratio guards.
 */
public record RefusedDeletion(Reason reason, String message, int count) {

    public enum Reason {
        /** The catalog lists no service while Kong holds owned entities: more likely a broken catalog than intent. */
        EMPTY_CATALOG,
        /** The plan would delete more than {@code --max-delete-ratio} of the owned entities. */
        DELETE_RATIO,
        /**
         * Entities without the owner tag depend on these (a foreign plugin on an owned route, a foreign target in
         * an owned upstream): deleting them would delete or break what the daemon does not own. Not lifted by
         * {@code --force}.
         */
        UNOWNED_DEPENDENTS
    }
}
