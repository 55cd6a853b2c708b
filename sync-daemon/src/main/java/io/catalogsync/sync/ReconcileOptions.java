package io.catalogsync.sync;

import io.catalogsync.sync.apply.Applier;
import io.catalogsync.sync.plan.DeletionGuard;

/**
 * Per-cycle switches.
 *
 * @param dryRun         plan only: read the catalog and Kong, write nothing
 * @param force          lift the deletion guards (empty catalog, {@code maxDeleteRatio})
 * @param maxDeleteRatio share of the owned entities one cycle may delete, 0..1 (default 0.25)
 * @param parallelism    Admin API requests in flight while applying and reading, 1..256 (default 16)
 */
public record ReconcileOptions(boolean dryRun, boolean force, double maxDeleteRatio, int parallelism) {

    public ReconcileOptions {
        if (!(maxDeleteRatio >= 0.0 && maxDeleteRatio <= 1.0)) {
            throw new IllegalArgumentException("max delete ratio must be between 0 and 1, was " + maxDeleteRatio);
        }
        if (parallelism < 1 || parallelism > 256) {
            throw new IllegalArgumentException("parallelism must be 1..256, was " + parallelism);
        }
    }

    public static ReconcileOptions defaults() {
        return new ReconcileOptions(false, false, DeletionGuard.DEFAULT_MAX_DELETE_RATIO, Applier.DEFAULT_PARALLELISM);
    }

    public ReconcileOptions withDryRun(boolean v) {
        return new ReconcileOptions(v, force, maxDeleteRatio, parallelism);
    }

    public ReconcileOptions withForce(boolean v) {
        return new ReconcileOptions(dryRun, v, maxDeleteRatio, parallelism);
    }
}
