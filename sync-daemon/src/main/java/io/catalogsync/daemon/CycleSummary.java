package io.catalogsync.daemon;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What one cycle did, in the shape the daemon exports: /status serialises it, metrics count it, readiness and
 * backoff look at its {@link Result}. Every text in it comes from the engine's report, which never carries
 * request headers or bodies, so it holds no secret.
 *
 * @param id               the cycle number ({@link CycleRequest#id()})
 * @param trigger          why it ran
 * @param dryRun           planned only (a standby replica, or {@code --dry-run})
 * @param start            when it started
 * @param end              when it ended
 * @param result           how it went
 * @param error            why the whole cycle failed, or null
 * @param plan             operations planned, by entity type and kind
 * @param operations       operations executed, by entity type, kind and result
 * @param ownedEntities    entities carrying the owner tag in Kong after the cycle, by entity type (empty when unknown)
 * @param catalog          what the catalog fetch returned
 * @param serviceErrors    catalog services that did not sync, and why
 * @param warnings         plan warnings (unknown metadata keys and the like)
 * @param conflicts        names held by unowned Kong entities, skipped
 * @param refusedDeletions deletions the guards refused this cycle
 * @param kong             the Kong node the cycle talked to, or null when it was not reached
 * @param engineReport     the engine's own report of the cycle, as {@code run --once --output json} prints it
 *                         (without the operations), or null
 */
public record CycleSummary(long id, CycleRequest.Trigger trigger, boolean dryRun, Instant start, Instant end,
                          Result result, String error, List<OpCount> plan, List<OpCount> operations,
                          Map<String, Integer> ownedEntities, Catalog catalog, List<ServiceError> serviceErrors,
                          List<String> warnings, List<String> conflicts, List<RefusedDeletions> refusedDeletions,
                          KongNode kong, JsonObject engineReport) {

    public CycleSummary {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(result, "result");
        plan = List.copyOf(plan);
        operations = List.copyOf(operations);
        ownedEntities = Map.copyOf(ownedEntities);
        Objects.requireNonNull(catalog, "catalog");
        serviceErrors = List.copyOf(serviceErrors);
        warnings = List.copyOf(warnings);
        conflicts = List.copyOf(conflicts);
        refusedDeletions = List.copyOf(refusedDeletions);
    }

    /** A report for a cycle that failed before the engine could say anything more. */
    public static CycleSummary failed(CycleRequest request, Instant start, Instant end, String error) {
        return new CycleSummary(request.id(), request.trigger(), request.dryRun(), start, end, Result.FAILED, error,
                List.of(), List.of(), Map.of(), Catalog.UNKNOWN, List.of(), List.of(), List.of(), List.of(), null, null);
    }

    public Duration duration() {
        return Duration.between(start, end);
    }

    /**
     * How a cycle went, as the engine reports it; the lowercase name is the {@code result} tag on metrics.
     * Refused deletions do not make a result of their own: the engine reports them as {@link #PARTIAL}, and they
     * are counted in {@code kong_catalog_sync_refused_deletions_total} and listed on /status.
     */
    public enum Result {
        /** Changes written, nothing failed, nothing held back. */
        SUCCESS(true, false),
        /** Kong already matched the catalog: nothing to write. */
        NO_CHANGES(true, false),
        /** A dry run (standby replica, {@code --dry-run}) found changes to make. */
        PLANNED(true, false),
        /**
         * The cycle ran but something did not converge: a service rejected by validation, a conflict, a write
         * Kong refused, refused deletions. Not a reason to back off: the same entries would fail again, and the
         * healthy ones must keep syncing.
         */
        PARTIAL(true, false),
        /**
         * Nothing was written: the catalog or Kong could not be read, every write failed, or the lease was lost
         * mid-cycle. Backs off.
         */
        FAILED(false, true);

        private final boolean synced;
        private final boolean backOff;

        Result(boolean synced, boolean backOff) {
            this.synced = synced;
            this.backOff = backOff;
        }

        /** Counts as a successful sync for /readyz and {@code kong_catalog_sync_last_success_timestamp_seconds}. */
        public boolean synced() {
            return synced;
        }

        /** The next cycle waits for the backoff instead of the interval. */
        public boolean backOff() {
            return backOff;
        }

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A number of operations of one entity type and kind.
     *
     * @param entity Kong entity type, lowercase singular ({@code service}, {@code route}, {@code plugin}...)
     * @param kind   {@code create}, {@code update} or {@code delete}
     * @param result {@code ok}, {@code failed} or {@code skipped} for executed operations; null in a plan
     */
    public record OpCount(String entity, String kind, String result, int count) {
        public OpCount {
            Objects.requireNonNull(entity, "entity");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /**
     * The catalog fetch of a cycle.
     *
     * @param result        {@code ok}, {@code not_modified}, {@code unavailable}, {@code invalid} or {@code unknown}
     * @param duration      how long the fetch took, or null when unknown
     * @param etag          the catalog's ETag, or null
     * @param validServices services that passed validation (-1 when unknown)
     * @param invalidServices services rejected by validation (-1 when unknown)
     */
    public record Catalog(String result, Duration duration, String etag, int validServices,
                               int invalidServices) {
        public static final Catalog UNKNOWN = new Catalog("unknown", null, null, -1, -1);

        public Catalog {
            Objects.requireNonNull(result, "result");
        }
    }

    /** One catalog service that did not sync; {@code stage} is {@code validate}, {@code conflict} or {@code apply}. */
    public record ServiceError(String service, String stage, String message) {
    }

    /**
     * Deletions a guard refused.
     *
     * @param reason  {@code empty_catalog} or {@code max_delete_ratio}
     * @param count   how many deletions were held back
     * @param message the engine's explanation, naming the override
     */
    public record RefusedDeletions(String reason, int count, String message) {
    }

    /** The Kong node a cycle talked to: version and {@code db} or {@code dbless}. */
    public record KongNode(String version, String mode) {
    }
}
