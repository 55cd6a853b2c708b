package io.catalogsync.sync;

import io.catalogsync.sync.apply.Applier;
import io.catalogsync.sync.guard.DeleteBudget;
import io.catalogsync.sync.guard.DeletionGuard;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Per-cycle switches.
 *
 * @param dryRun         plan only: read the catalog and Kong, write nothing
 * @param force          lift the deletion guards (empty catalog, {@code maxDeleteRatio}, delete budget)
 * @param maxDeleteRatio share of the owned entities one cycle may delete, 0..1 (default 0.25)
 * @param parallelism    Admin API requests in flight while applying and reading, 1..256 (default 16)
 * @param deleteBudget   deletions allowed over a sliding window across cycles ({@link DeleteBudget#OFF} for none)
 * @param services       a targeted run ({@code --service a,b}): only these catalog services are created, updated or
 *                       deleted, and nothing outside them is ever deleted; empty for the whole catalog
 */
public record ReconcileOptions(boolean dryRun, boolean force, double maxDeleteRatio, int parallelism,
                               DeleteBudget deleteBudget, Set<String> services) {

    public ReconcileOptions {
        if (!(maxDeleteRatio >= 0.0 && maxDeleteRatio <= 1.0)) {
            throw new IllegalArgumentException("max delete ratio must be between 0 and 1, was " + maxDeleteRatio);
        }
        if (parallelism < 1 || parallelism > 256) {
            throw new IllegalArgumentException("parallelism must be 1..256, was " + parallelism);
        }
        Objects.requireNonNull(deleteBudget, "deleteBudget");
        services = services == null ? Set.of() : Set.copyOf(services);
    }

    public ReconcileOptions(boolean dryRun, boolean force, double maxDeleteRatio, int parallelism,
                            DeleteBudget deleteBudget) {
        this(dryRun, force, maxDeleteRatio, parallelism, deleteBudget, Set.of());
    }

    /** With the default delete budget. */
    public ReconcileOptions(boolean dryRun, boolean force, double maxDeleteRatio, int parallelism) {
        this(dryRun, force, maxDeleteRatio, parallelism, DeleteBudget.DEFAULT);
    }

    public static ReconcileOptions defaults() {
        return new ReconcileOptions(false, false, DeletionGuard.DEFAULT_MAX_DELETE_RATIO, Applier.DEFAULT_PARALLELISM);
    }

    public ReconcileOptions withDryRun(boolean v) {
        return new ReconcileOptions(v, force, maxDeleteRatio, parallelism, deleteBudget, services);
    }

    public ReconcileOptions withForce(boolean v) {
        return new ReconcileOptions(dryRun, v, maxDeleteRatio, parallelism, deleteBudget, services);
    }

    public ReconcileOptions withDeleteBudget(int maxDeletes, Duration window) {
        return new ReconcileOptions(dryRun, force, maxDeleteRatio, parallelism, new DeleteBudget(maxDeletes, window),
                services);
    }

    /** A targeted run of these catalog services only (empty: the whole catalog). */
    public ReconcileOptions withServices(Set<String> names) {
        return new ReconcileOptions(dryRun, force, maxDeleteRatio, parallelism, deleteBudget, names);
    }

    /** Whether this is a targeted run ({@code --service}). */
    public boolean targeted() {
        return !services.isEmpty();
    }
}
