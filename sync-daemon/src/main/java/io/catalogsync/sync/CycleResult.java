package io.catalogsync.sync;

import io.catalogsync.catalog.translate.Warning;
import io.catalogsync.sync.apply.ApplyResult;
import io.catalogsync.sync.dump.Conflict;
import io.catalogsync.sync.plan.Plan;
import io.catalogsync.sync.plan.RefusedDeletion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one reconcile cycle did, for the CLI, logs, {@code /status} and metrics.
 *
 * @param outcome          see {@link Outcome}
 * @param failure          why the cycle could not complete (then {@code outcome} is {@link Outcome#FAILED}), else
 *                         null
 * @param plan             the plan after guards (empty when the cycle stopped before planning)
 * @param applied          how each operation ended ({@link ApplyResult#EMPTY} for dry runs and failed cycles)
 * @param errors           per catalog service: validation errors, conflicts, Kong refusals
 * @param warnings         ignored catalog input (unknown metadata keys, ...), and source warnings
 * @param conflicts        desired entities held by unowned entities, skipped with their dependents
 * @param refusedDeletions deletions a guard held back
 * @param catalog          what the catalog looked like
 * @param kong             which Kong this cycle talked to (null when it could not be reached)
 * @param configPushes     DB-less only: {@code POST /config} requests made (0 when nothing changed)
 */
public record CycleResult(Instant startedAt, Instant finishedAt, Outcome outcome, boolean dryRun,
                          Failure failure, Plan plan, ApplyResult applied, List<SyncError> errors,
                          List<Warning> warnings, List<Conflict> conflicts, List<RefusedDeletion> refusedDeletions,
                          CatalogSummary catalog, KongSummary kong, int configPushes) {

    public CycleResult {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        conflicts = List.copyOf(conflicts);
        refusedDeletions = List.copyOf(refusedDeletions);
    }

    /**
     * <ul>
     *   <li>{@code SUCCESS}: changes written, nothing failed, nothing held back</li>
     *   <li>{@code NO_CHANGES}: Kong already matched the catalog, nothing held back</li>
     *   <li>{@code PARTIAL}: the cycle ran, but something did not converge: a write failed or was skipped, a
     *       catalog service was rejected, a conflict, or refused deletions</li>
     *   <li>{@code FAILED}: nothing was written: the catalog or Kong could not be read, or every write failed</li>
     *   <li>{@code PLANNED}: a dry run found changes to make</li>
     * </ul>
     * A dry run ends in {@code PLANNED} or {@code NO_CHANGES} (or {@code FAILED}).
     */
    public enum Outcome { SUCCESS, NO_CHANGES, PARTIAL, FAILED, PLANNED }

    /** Why a cycle stopped. */
    public record Failure(Kind kind, String message) {
        public enum Kind {
            /** The catalog could not be reached (connection, timeout, non-2xx). */
            CATALOG_UNAVAILABLE,
            /** The catalog answered something unusable (syntax, shape, size): nothing is deleted. */
            CATALOG_INVALID,
            /** Kong's Admin API could not be reached or refused to be read. */
            KONG_UNAVAILABLE,
            /** Kong refused every write (DB-less: the configuration as a whole). */
            KONG_REJECTED,
            /** A bug: an unexpected exception. */
            INTERNAL
        }
    }

    /**
     * @param source       where the catalog was read from (no credentials)
     * @param etag         the validator of the catalog used (null when none)
     * @param notModified  the catalog API answered 304 and the last good catalog was used again
     * @param services     services listed
     * @param valid        services translated
     * @param rejected     services rejected by validation
     */
    public record CatalogSummary(String source, String etag, boolean notModified, int services, int valid,
                                 int rejected) {
    }

    /**
     * @param mode {@code db} or {@code dbless}
     */
    public record KongSummary(String version, String mode, int ownedEntities) {
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    /** Whether the plan has operations (for {@code plan --detailed-exitcode}). */
    public boolean changesPending() {
        return !plan.isEmpty();
    }
}
