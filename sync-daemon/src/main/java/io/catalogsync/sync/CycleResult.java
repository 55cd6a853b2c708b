package io.catalogsync.sync;

import io.catalogsync.catalog.translate.Warning;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.sync.apply.ApplyResult;
import io.catalogsync.sync.read.Conflict;
import io.catalogsync.sync.plan.Plan;
import io.catalogsync.sync.plan.RefusedDeletion;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one reconcile cycle did: the one record of a cycle. The CLI prints it, the daemon's {@code /status} shows
 * it (with the loop's own fields around it), metrics, readiness and backoff read it.
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
 * @param contested        owned entities this process wrote in the previous cycle and had to write again to the
 *                         same state: another writer undoes the daemon's writes; reported, without changing the
 *                         outcome (a Kong restarted empty is rebuilt the same way once) (at most
 *                         {@code ContestedWrites.EXAMPLES} named; {@code contestedCount} counts them all)
 * @param contestedInCycle of {@code contestedCount}, those seen within this cycle: creates that met an entity with
 *                         this daemon's owner tag and other content, created by another writer after this cycle's
 *                         read ({@code ConcurrentCreates}); the rest are writes of the previous cycle undone
 */
public record CycleResult(Instant startedAt, Instant finishedAt, Outcome outcome, boolean dryRun,
                          Failure failure, Plan plan, ApplyResult applied, List<SyncError> errors,
                          List<Warning> warnings, List<Conflict> conflicts, List<RefusedDeletion> refusedDeletions,
                          CatalogSummary catalog, KongSummary kong, int configPushes, int contestedCount,
                          List<String> contested, int contestedInCycle) {

    /** A result with no other writer seen within the cycle. */
    public CycleResult(Instant startedAt, Instant finishedAt, Outcome outcome, boolean dryRun, Failure failure,
                       Plan plan, ApplyResult applied, List<SyncError> errors, List<Warning> warnings,
                       List<Conflict> conflicts, List<RefusedDeletion> refusedDeletions, CatalogSummary catalog,
                       KongSummary kong, int configPushes, int contestedCount, List<String> contested) {
        this(startedAt, finishedAt, outcome, dryRun, failure, plan, applied, errors, warnings, conflicts,
                refusedDeletions, catalog, kong, configPushes, contestedCount, contested, 0);
    }

    public CycleResult {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        conflicts = List.copyOf(conflicts);
        refusedDeletions = List.copyOf(refusedDeletions);
        contested = List.copyOf(contested);
    }

    /**
     * <ul>
     *   <li>{@code SUCCESS}: changes written, nothing failed, nothing held back</li>
     *   <li>{@code NO_CHANGES}: Kong already matched the catalog, nothing held back</li>
     *   <li>{@code PARTIAL}: the cycle ran, but some catalog services did not converge: Kong refused their writes
     *       (4xx), they were rejected by validation, a conflict, or refused deletions. The others are in sync,
     *       however large the share of refused writes: one bad service never degrades the rest</li>
     *   <li>{@code FAILED}: a failure touching everything: the catalog or Kong could not be read, or Kong itself
     *       failed while writing (5xx, connection resets, timeouts) for more than one catalog service or for a
     *       shared entity, whatever share of writes succeeded</li>
     *   <li>{@code PLANNED}: a dry run found changes to make, or deletions a guard holds back</li>
     * </ul>
     * A dry run ends in {@code PLANNED} or {@code NO_CHANGES} (or {@code FAILED}).
     */
    public enum Outcome {
        SUCCESS, NO_CHANGES, PARTIAL, FAILED, PLANNED;

        /** The report and metric spelling: {@code no_changes}. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Counts as a sync for readiness: everything but {@code FAILED}. */
        public boolean synced() {
            return this != FAILED;
        }
    }

    /** Why a cycle stopped. */
    public record Failure(Kind kind, String message) {
        public enum Kind {
            /** The catalog could not be reached (connection, timeout, non-2xx). */
            CATALOG_UNAVAILABLE,
            /** The catalog answered something unusable (syntax, shape, size): nothing is deleted. */
            CATALOG_INVALID,
            /** Kong's Admin API could not be reached or refused to be read. */
            KONG_UNAVAILABLE,
            /** DB-less: Kong refused the configuration as a whole. */
            KONG_REJECTED,
            /** Kong itself failed while writing (5xx, resets, timeouts) across catalog services. */
            KONG_FAILED,
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
     * @param mode          {@code db} or {@code dbless}
     * @param ownedEntities entities carrying the owner tag when the cycle read Kong
     * @param ownedByType   entities carrying the owner tag after the cycle, by type: what was read, plus the
     *                      creates and minus the deletes Kong accepted (every type present); empty when the cycle
     *                      stopped before reading the owned state
     */
    public record KongSummary(String version, String mode, int ownedEntities, Map<EntityType, Integer> ownedByType) {
        public KongSummary {
            ownedByType = ownedByType.isEmpty() ? Map.of() : Collections.unmodifiableMap(complete(ownedByType));
        }
    }

    /**
     * A cycle that stopped before the engine could say more (the daemon's record of an unexpected exception).
     *
     * @param source where the catalog would have been read from
     */
    public static CycleResult failed(Instant start, Instant end, boolean dryRun, Failure.Kind kind, String message,
                                     String source) {
        return new CycleResult(start, end, Outcome.FAILED, dryRun, new Failure(kind, message), Plan.EMPTY,
                ApplyResult.EMPTY, List.of(), List.of(), List.of(), List.of(),
                new CatalogSummary(source, null, false, 0, 0, 0), null, 0, 0, List.of());
    }

    private static Map<EntityType, Integer> complete(Map<EntityType, Integer> byType) {
        Map<EntityType, Integer> all = new EnumMap<>(EntityType.class);
        for (EntityType t : EntityType.values()) {
            all.put(t, byType.getOrDefault(t, 0));
        }
        return all;
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    /**
     * Whether anything is left to do: operations planned, or deletions a guard holds back (for
     * {@code plan --detailed-exitcode}).
     */
    public boolean changesPending() {
        return !plan.isEmpty() || !refusedDeletions.isEmpty();
    }

    /** The catalog services whose writes Kong refused or that were skipped this cycle (not validation). */
    public Set<String> failedServices() {
        Set<String> out = new TreeSet<>();
        applied.failed().forEach(f -> out.add(f.operation().catalogService() == null ? "(shared)"
                : f.operation().catalogService()));
        applied.skipped().forEach(f -> out.add(f.operation().catalogService() == null ? "(shared)"
                : f.operation().catalogService()));
        return out;
    }
}
