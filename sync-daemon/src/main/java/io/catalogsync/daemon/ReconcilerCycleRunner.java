package io.catalogsync.daemon;

import io.catalogsync.catalog.translate.TranslateOptions;
import io.catalogsync.catalog.translate.Warning;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongAdminOptions;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.ReconcileOptions;
import io.catalogsync.sync.Reconciler;
import io.catalogsync.sync.SyncError;
import io.catalogsync.sync.apply.ApplyResult;
import io.catalogsync.sync.dump.Conflict;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.RefusedDeletion;
import io.catalogsync.sync.source.CatalogSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Runs the engine's {@link Reconciler} for the daemon and turns its {@link CycleResult} into a
 * {@link CycleSummary}. A standby replica's cycles run as dry runs.
 */
public final class ReconcilerCycleRunner implements CycleRunner {

    private final Reconciler reconciler;
    private final ReconcileOptions options;
    private final TimedCatalogSource source;
    private final OwnedEntityTally tally;

    ReconcilerCycleRunner(Reconciler reconciler, ReconcileOptions options, TimedCatalogSource source,
                          OwnedEntityTally tally) {
        this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
        this.options = Objects.requireNonNull(options, "options");
        this.source = source;
        this.tally = tally;
    }

    /**
     * Wires the engine for the daemon: the catalog source timed into the metrics, the Kong client with the
     * Admin API request meters and behind the write gate, owned entities counted from the engine's own reads.
     *
     * @param sources     builds the catalog source on the daemon's Vert.x
     * @param kongOptions how to reach Kong; its request listener is replaced by the daemon's meters
     * @param translate   owner tag, masking and Redis settings
     * @param options     dry run, force, max delete ratio, parallelism; a standby's cycles are dry runs whatever
     *                    this says
     */
    public static Daemon.RunnerFactory factory(Function<Vertx, CatalogSource> sources, KongAdminOptions kongOptions,
                                               TranslateOptions translate, ReconcileOptions options) {
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(kongOptions, "kongOptions");
        Objects.requireNonNull(translate, "translate");
        Objects.requireNonNull(options, "options");
        return ctx -> {
            TimedCatalogSource source = new TimedCatalogSource(sources.apply(ctx.vertx()), ctx.registry());
            OwnedEntityTally tally = new OwnedEntityTally(translate.ownerTag());
            kongOptions.setListener(ctx.kongListener());
            KongAdminClient kong = new WriteGatedKongAdminClient(
                    tally.observe(KongAdminClient.create(ctx.vertx(), kongOptions)), ctx.gate());
            return new ReconcilerCycleRunner(
                    new Reconciler(ctx.vertx(), source, kong, translate).countDriftIn(ctx.registry()), options, source,
                    tally);
        };
    }

    @Override
    public Future<CycleSummary> run(CycleRequest request) {
        if (tally != null) {
            tally.reset();
        }
        ReconcileOptions o = options.withDryRun(options.dryRun() || request.dryRun());
        return reconciler.reconcile(o).map(r -> report(request, r));
    }

    CycleSummary report(CycleRequest request, CycleResult r) {
        List<CycleSummary.OpCount> plan = new ArrayList<>();
        r.plan().counts().forEach((kind, byType) -> byType.forEach((type, n) -> {
            if (n > 0) {
                plan.add(new CycleSummary.OpCount(entity(type), kind(kind), null, n));
            }
        }));
        Map<String, Integer> executed = new LinkedHashMap<>();
        ApplyResult applied = r.applied();
        applied.applied().forEach(op -> executed.merge(key(op, "ok"), 1, Integer::sum));
        applied.failed().forEach(f -> executed.merge(key(f.operation(), "failed"), 1, Integer::sum));
        applied.skipped().forEach(s -> executed.merge(key(s.operation(), "skipped"), 1, Integer::sum));
        List<CycleSummary.OpCount> operations = new ArrayList<>();
        executed.forEach((k, n) -> {
            String[] p = k.split("/", 3);
            operations.add(new CycleSummary.OpCount(p[0], p[1], p[2], n));
        });

        CycleResult.CatalogSummary c = r.catalog();
        boolean catalogKnown = c != null && (r.outcome() != CycleResult.Outcome.FAILED
                || (c.services() > 0 && c.valid() + c.rejected() == c.services()));
        TimedCatalogSource.LastFetch last = source == null ? null : source.last();
        String fetchResult = last != null ? last.result() : c != null && c.notModified() ? "not_modified" : "unknown";
        CycleSummary.Catalog catalog = new CycleSummary.Catalog(fetchResult, last == null ? null : last.duration(),
                c == null ? null : c.etag(), catalogKnown ? c.valid() : -1, catalogKnown ? c.rejected() : -1);

        List<CycleSummary.ServiceError> errors = new ArrayList<>();
        for (SyncError e : r.errors()) {
            errors.add(new CycleSummary.ServiceError(e.service() == null ? "(shared)" : e.service(),
                    e.stage().name().toLowerCase(Locale.ROOT),
                    e.subject() == null ? e.message() : e.subject() + ": " + e.message()));
        }
        List<String> conflicts = new ArrayList<>();
        for (Conflict x : r.conflicts()) {
            conflicts.add(entity(x.type()) + " " + x.key() + " (" + x.catalogService() + "): " + x.message());
        }
        List<CycleSummary.RefusedDeletions> refused = new ArrayList<>();
        for (RefusedDeletion d : r.refusedDeletions()) {
            refused.add(new CycleSummary.RefusedDeletions(
                    d.reason() == RefusedDeletion.Reason.EMPTY_CATALOG ? "empty_catalog" : "max_delete_ratio",
                    d.count(), d.message()));
        }
        return new CycleSummary(request.id(), request.trigger(), r.dryRun(), r.startedAt(), r.finishedAt(),
                result(r.outcome()), r.failure() == null ? null
                        : r.failure().kind().name().toLowerCase(Locale.ROOT) + ": " + r.failure().message(),
                plan, operations, owned(r), catalog, errors, r.warnings().stream().map(Warning::toString).toList(),
                conflicts, refused, r.kong() == null ? null : new CycleSummary.KongNode(r.kong().version(), r.kong().mode()),
                new JsonObject(io.catalogsync.sync.report.CycleReport.toJson(r, false).toString()));
    }

    /**
     * Owned entities in Kong after the cycle, by type: what the engine's reads returned, plus the creates and
     * minus the deletes that Kong accepted. Empty when the cycle did not get as far as reading Kong.
     */
    private Map<String, Integer> owned(CycleResult r) {
        if (tally == null || r.kong() == null) {
            return Map.of();
        }
        Map<EntityType, Integer> before = tally.snapshot();
        if (before.isEmpty()) {
            return Map.of();
        }
        Map<EntityType, Integer> after = new EnumMap<>(EntityType.class);
        for (EntityType t : EntityType.values()) {
            after.put(t, before.getOrDefault(t, 0));
        }
        for (Operation op : r.applied().applied()) {
            if (op.kind() == Operation.Kind.CREATE) {
                after.merge(op.type(), 1, Integer::sum);
            } else if (op.kind() == Operation.Kind.DELETE) {
                after.merge(op.type(), -1, Integer::sum);
            }
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        after.forEach((t, n) -> out.put(entity(t), Math.max(0, n)));
        return out;
    }

    static CycleSummary.Result result(CycleResult.Outcome outcome) {
        return switch (outcome) {
            case SUCCESS -> CycleSummary.Result.SUCCESS;
            case NO_CHANGES -> CycleSummary.Result.NO_CHANGES;
            case PLANNED -> CycleSummary.Result.PLANNED;
            case PARTIAL -> CycleSummary.Result.PARTIAL;
            default -> CycleSummary.Result.FAILED;
        };
    }

    private static String key(Operation op, String result) {
        return entity(op.type()) + "/" + kind(op.kind()) + "/" + result;
    }

    private static String entity(EntityType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    private static String kind(Operation.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
