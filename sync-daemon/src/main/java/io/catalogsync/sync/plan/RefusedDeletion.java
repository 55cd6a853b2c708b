package io.catalogsync.sync.plan;

import java.util.List;

/**
 * Deletions a guard held back this cycle, and why. Shown on {@code /status}, by {@code plan}, and counted in
 * metrics under {@link Reason#tag()}; {@code --force} lifts the empty-catalog, ratio and budget guards.
 *
 * @param held the deletions held back, so that {@code plan} can list each of them
 */
public record RefusedDeletion(Reason reason, String message, List<Operation> held) {

    public RefusedDeletion {
        held = List.copyOf(held);
    }

    public int count() {
        return held.size();
    }

    public enum Reason {
        /** The catalog lists no service while Kong holds owned entities: more likely a broken catalog than intent. */
        EMPTY_CATALOG("empty_catalog"),
        /** The plan would delete more than {@code --max-delete-ratio} of the owned entities. */
        DELETE_RATIO("max_delete_ratio"),
        /**
         * The deletions of recent cycles plus this plan's would exceed {@code --max-deletes-per-window}: a catalog
         * flapping under the ratio would otherwise delete and recreate entities every flap.
         */
        DELETE_BUDGET("delete_budget"),
        /**
         * Entities without the owner tag depend on these (a foreign plugin on an owned route, a foreign target in
         * an owned upstream), or a kept entity needs them: deleting them would delete or break what the daemon
         * does not own. Not lifted by {@code --force}.
         */
        UNOWNED_DEPENDENTS("unowned_dependents");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        /** The metric tag and report spelling; {@code max_delete_ratio} keeps the name dashboards already use. */
        public String tag() {
            return tag;
        }
    }
}
