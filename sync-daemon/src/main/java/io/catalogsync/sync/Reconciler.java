package io.catalogsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.translate.ServiceError;
import io.catalogsync.catalog.translate.TranslateOptions;
import io.catalogsync.catalog.translate.Translation;
import io.catalogsync.catalog.translate.TranslationCache;
import io.catalogsync.catalog.translate.Translator;
import io.catalogsync.catalog.translate.Warning;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongInfo;
import io.catalogsync.kong.admin.KongVersion;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.sync.apply.Applier;
import io.catalogsync.sync.apply.ApplyResult;
import io.catalogsync.sync.apply.ConcurrentCreates;
import io.catalogsync.sync.dbless.DbLessSync;
import io.catalogsync.sync.dbless.UnownedReader;
import io.catalogsync.sync.diff.DiffScope;
import io.catalogsync.sync.diff.Differ;
import io.catalogsync.sync.read.Conflict;
import io.catalogsync.sync.read.ConflictCheck;
import io.catalogsync.sync.read.ConflictDetector;
import io.catalogsync.sync.read.OwnedState;
import io.catalogsync.sync.read.KongSchemaCache;
import io.catalogsync.sync.read.OwnedStateReader;
import io.catalogsync.sync.read.TargetCache;
import io.catalogsync.sync.guard.DeleteLedger;
import io.catalogsync.sync.guard.DeletionGuard;
import io.catalogsync.sync.guard.MaskingOverrides;
import io.catalogsync.sync.guard.UnownedDependents;
import io.catalogsync.sync.kind.Kinds;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Plan;
import io.catalogsync.sync.source.CatalogFetch;
import io.catalogsync.sync.source.CatalogSource;
import io.catalogsync.sync.validate.PluginValidation;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One level-triggered reconcile cycle, the one place where the stages are wired: source -> translate -> dump
 * (owned Kong state, conflicts) -> diff -> plan (guards; deletions unowned entities depend on) -> apply (Admin
 * API, or DB-less {@code /config}).
 * Every cycle re-reads the catalog and Kong; nothing is carried over except the last good catalog, which a
 * {@code 304 Not Modified} reuses.
 *
 * <p>Safe to reuse across cycles by a long-running daemon, as long as cycles do not overlap (the caller
 * serialises them). Never blocks the event loop: translation and diffing run on a worker thread, everything else
 * is asynchronous. The returned future always succeeds: failures are a {@link CycleResult.Outcome#FAILED} result.
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final Vertx vertx;
    private final CatalogSource source;
    private final KongAdminClient kong;
    private final TranslateOptions translateOptions;
    private final Clock clock;
    private final DeleteLedger deletions;
    private final ContestedWrites contestedWrites = new ContestedWrites();
    private volatile CatalogFetch.Fetched lastGood;
    /**
     * The last applied cycle met a conflict: the next one looks names up before planning, so that what depends on
     * the conflicting name (owned entities under a foreign holder) is planned as a dry run plans it. Without this,
     * a write-time conflict would leave such entities in place on every run while {@code plan} lists them.
     */
    private volatile boolean conflictsLastCycle;
    /** Kong's schema defaults the diff compares with, read once per Kong version. */
    private final KongSchemaCache schemas;
    private volatile DriftRepairs drift = new DriftRepairs(null);
    /** Targets of owned upstreams across cycles: a no-op cycle reads a rotating tenth of them (TargetCache). */
    private final TargetCache targetCache = new TargetCache();
    /** Kong's verdicts on plugin configurations, per Kong version, across cycles. */
    private final PluginValidation pluginValidation;
    /** Unowned pre-functions overriding the masking hook, as the last applied cycle found them. */
    private final AtomicInteger maskingOverridden = new AtomicInteger();
    /** Each catalog service's translation, reused while the service and the options are unchanged (issue 12). */
    private final TranslationCache translations = new TranslationCache();

    /**
     * @param translateOptions owner tag, masking and Redis settings; its Kong version is replaced by the version
     *                         Kong reports each cycle
     */
    public Reconciler(Vertx vertx, CatalogSource source, KongAdminClient kong, TranslateOptions translateOptions) {
        this(vertx, source, kong, translateOptions, Clock.systemUTC());
    }

    public Reconciler(Vertx vertx, CatalogSource source, KongAdminClient kong, TranslateOptions translateOptions,
                      Clock clock) {
        this.vertx = vertx;
        this.source = source;
        this.kong = kong;
        this.translateOptions = translateOptions;
        this.clock = clock;
        this.deletions = new DeleteLedger(clock);
        this.schemas = new KongSchemaCache(kong);
        this.pluginValidation = new PluginValidation(kong);
    }

    /**
     * Counts drift repairs in {@code registry} ({@code kong_catalog_sync_drift_repaired_total{entity}}); without
     * it they are only logged.
     */
    public Reconciler countDriftIn(MeterRegistry registry) {
        this.drift = new DriftRepairs(registry);
        return this;
    }

    /**
     * Shows in {@code registry} how many unowned {@code pre-function} plugins the last cycle found running instead of
     * the masking hook ({@code kong_catalog_sync_masking_overrides}; see {@link MaskingOverrides}).
     */
    public Reconciler countMaskingOverridesIn(MeterRegistry registry) {
        Gauge.builder("kong.catalog.sync.masking.overrides", maskingOverridden, AtomicInteger::get)
                .description("Unowned pre-function plugins Kong runs instead of the masking hook on a masked route")
                .register(registry);
        return this;
    }

    public String ownerTag() {
        return translateOptions.ownerTag();
    }

    public Future<CycleResult> reconcile(ReconcileOptions options) {
        Cycle cycle = new Cycle(options, clock.instant());
        return cycle.run().recover(e -> {
            if (e instanceof Stop stop) {
                return Future.succeededFuture(cycle.failed(stop.kind, stop.getMessage()));
            }
            LOG.error("reconcile cycle failed unexpectedly", e);
            return Future.succeededFuture(cycle.failed(CycleResult.Failure.Kind.INTERNAL,
                    "unexpected error: " + (e.getMessage() == null ? e.getClass().getName() : e.getMessage())));
        }).onSuccess(r -> {
            forgetWrittenTargets(r);
            log(r);
        });
    }

    /** The next cycle re-reads the targets of every upstream this one wrote to; after a failure, of all. */
    private void forgetWrittenTargets(CycleResult r) {
        if (r.outcome() == CycleResult.Outcome.FAILED) {
            targetCache.clear();
            return;
        }
        Set<String> upstreams = new HashSet<>();
        for (Operation o : r.plan().operations()) {
            if (o.entity() instanceof io.catalogsync.kong.entity.Target t) {
                if (t.upstream() == null || t.upstream().id() == null) {
                    targetCache.clear();
                    return;
                }
                upstreams.add(t.upstream().id());
            } else if (o.entity() instanceof io.catalogsync.kong.entity.Upstream u) {
                upstreams.add(u.id());
            }
        }
        targetCache.invalidate(upstreams);
    }

    /** Ends a cycle early with a typed failure. */
    private static final class Stop extends RuntimeException {
        final CycleResult.Failure.Kind kind;

        Stop(CycleResult.Failure.Kind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }

    /** The state of one cycle as it moves through the stages. */
    private final class Cycle {
        private final ReconcileOptions options;
        private final Instant started;
        private final List<Warning> warnings = new ArrayList<>();
        private CycleResult.CatalogSummary catalog;
        private KongInfo info;
        private Translation translation;
        private OwnedState owned;
        private Future<UnownedReader.Unowned> unownedRead;
        private ConflictCheck conflicts;
        private List<Conflict> writeConflicts = List.of();
        private List<PluginValidation.Invalid> invalidPlugins = List.of();
        private List<Conflict> maskingOverrides = List.of();
        /** Creates that met another writer's entity after this cycle's read (DB mode). */
        private final ConcurrentCreates concurrentCreates = new ConcurrentCreates();

        Cycle(ReconcileOptions options, Instant started) {
            this.options = options;
            this.started = started;
        }

        Future<CycleResult> run() {
            return source.fetch()
                    .map(this::catalog)
                    .compose(services -> kong.info()
                            .recover(e -> Future.failedFuture(new Stop(CycleResult.Failure.Kind.KONG_UNAVAILABLE,
                                    "cannot read Kong's Admin API: " + message(e))))
                            .map(i -> {
                                info = i;
                                return services;
                            }))
                    .compose(services -> {
                        KongVersion version;
                        try {
                            version = info.supportedVersion();
                        } catch (IllegalArgumentException e) {
                            // an unknown major version: no shape is guessed, nothing is written
                            return Future.failedFuture(new Stop(CycleResult.Failure.Kind.KONG_UNAVAILABLE,
                                    e.getMessage()));
                        }
                        List<CatalogService> input = targeted(services);
                        TranslateOptions o = translateOptions.withKongVersion(version).withDbless(info.dbless());
                        // a targeted run's subset would evict the rest of the catalog from the cache
                        return vertx.executeBlocking(() -> options.targeted() ? Translator.translate(input, o)
                                : translations.translate(input, o), false);
                    })
                    .compose(t -> {
                        translation = t;
                        warnings.addAll(t.warnings());
                        catalog = new CycleResult.CatalogSummary(catalog.source(), catalog.etag(),
                                catalog.notModified(), catalog.services(), t.validServices().size(),
                                rejectedServices(t).size());
                        return new OwnedStateReader(kong, ownerTag(), options.parallelism(),
                                OwnedStateReader.Filter.forMode(info.dbless()), targetCache).read()
                                .recover(e -> Future.failedFuture(new Stop(CycleResult.Failure.Kind.KONG_UNAVAILABLE,
                                        "cannot read the owned state from Kong: " + message(e))));
                    })
                    .compose(o -> {
                        owned = o;
                        // Applying to a DB-mode Kong, creates find name and id conflicts themselves (Applier):
                        // no lookup before the write. A dry run writes nothing, so it looks them up.
                        return new ConflictDetector(vertx, kong, ownerTag(), options.parallelism(),
                                options.dryRun() || conflictsLastCycle ? ConflictDetector.Lookup.REQUESTS
                                        : ConflictDetector.Lookup.ON_WRITE)
                                .check(translation.desired(), o)
                                .recover(e -> Future.failedFuture(new Stop(CycleResult.Failure.Kind.KONG_UNAVAILABLE,
                                        "cannot check Kong for conflicting entities: " + message(e))));
                    })
                    .compose(c -> {
                        conflicts = c;
                        DiffScope scope = new DiffScope(rejectedServices(translation), c.heldBack());
                        return schemas.defaults(info.version(), pluginNames(c.desired(), owned.owned()))
                                .compose(defaults -> vertx.executeBlocking(
                                        () -> new Differ(defaults).diff(c.desired(), owned.owned(), scope), false));
                    })
                    .map(plan -> options.targeted() ? plan.onlyServices(options.services()) : plan)
                    .compose(this::validatePlugins)
                    .map(plan -> new DeletionGuard(options.maxDeleteRatio(), options.force(),
                            options.deleteBudget(), deletions.spent(options.deleteBudget().window()))
                            .check(plan, catalog.services()))
                    .compose(plan -> new UnownedDependents(vertx, kong, ownerTag(),
                            info.dbless() ? () -> unowned().map(u -> (JsonNode) u.config()) : null).protect(plan, owned)
                            .recover(e -> Future.failedFuture(new Stop(CycleResult.Failure.Kind.KONG_UNAVAILABLE,
                                    "cannot check Kong for unowned entities depending on deletions: " + message(e)))))
                    .compose(this::findMaskingOverrides)
                    .compose(this::apply);
        }

        /**
         * A targeted run translates the named catalog services only (a name the catalog does not hold is a warning:
         * its owned entities, if any, are deleted like those of any service gone from the catalog).
         */
        private List<CatalogService> targeted(List<CatalogService> services) {
            if (!options.targeted()) {
                return services;
            }
            List<CatalogService> named = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (CatalogService s : services) {
                String name = s == null || s.name() == null ? null : s.name().trim();
                if (name != null && options.services().contains(name)) {
                    named.add(s);
                    seen.add(name);
                }
            }
            for (String name : new java.util.TreeSet<>(options.services())) {
                if (!seen.contains(name)) {
                    warnings.add(new Warning(name, "--service", "not in the catalog: only its owned entities, if "
                            + "any, are deleted"));
                }
            }
            return named;
        }

        /**
         * Takes out of the plan every catalog service with a plugin configuration the running Kong refuses
         * ({@link PluginValidation}): reported as a validation error of that service, nothing else changes.
         */
        private Future<Plan> validatePlugins(Plan plan) {
            return pluginValidation.check(info.version(), plan, options.parallelism()).map(invalid -> {
                invalidPlugins = invalid;
                if (invalid.isEmpty()) {
                    return plan;
                }
                Set<String> services = new TreeSet<>();
                for (PluginValidation.Invalid i : invalid) {
                    if (i.service() != null) {
                        services.add(i.service());
                    }
                    if (!options.dryRun()) {
                        LOG.warn("Kong {} refuses plugin {} of catalog service {} ({}: {}): nothing of that service "
                                        + "is written this cycle", info.version(), i.plugin(),
                                i.service() == null ? "(shared)" : i.service(), i.field(), i.message());
                    }
                }
                services.removeAll(rejectedServices(translation));
                catalog = new CycleResult.CatalogSummary(catalog.source(), catalog.etag(), catalog.notModified(),
                        catalog.services(), Math.max(0, catalog.valid() - services.size()),
                        catalog.rejected() + services.size());
                return PluginValidation.without(plan, invalid);
            });
        }

        /**
         * Unowned pre-functions that Kong runs instead of the masking hook ({@link MaskingOverrides}): reported as
         * conflicts of their catalog service. Not finding out (Kong did not answer) is logged, never fatal.
         */
        private Future<Plan> findMaskingOverrides(Plan plan) {
            return new MaskingOverrides(kong, ownerTag()).find(translation.desired()).map(found -> {
                maskingOverrides = found;
                if (!options.dryRun()) {
                    maskingOverridden.set(found.size());
                    found.forEach(c -> LOG.warn("[{}] {}", c.catalogService(), c.message()));
                }
                return plan;
            }).otherwise(e -> {
                LOG.warn("cannot check Kong for pre-function plugins overriding the masking hook: {}", message(e));
                return plan;
            });
        }

        /** The catalog services this cycle works from; a failed or unusable fetch stops the cycle. */
        private List<CatalogService> catalog(CatalogFetch fetch) {
            if (fetch instanceof CatalogFetch.Fetched f) {
                lastGood = f;
                f.warnings().forEach(w -> warnings.add(new Warning("(catalog)", source.describe(), w)));
                catalog = new CycleResult.CatalogSummary(source.describe(), f.etag(), false, f.services().size(), 0, 0);
                return f.services();
            }
            if (fetch instanceof CatalogFetch.NotModified nm) {
                CatalogFetch.Fetched last = lastGood;
                if (last == null) {
                    throw new Stop(CycleResult.Failure.Kind.CATALOG_INVALID, "the catalog answered 304 Not Modified "
                            + "but this process has no earlier catalog to reuse");
                }
                catalog = new CycleResult.CatalogSummary(source.describe(), nm.etag(), true, last.services().size(), 0, 0);
                return last.services();
            }
            CatalogFetch.Failed failed = (CatalogFetch.Failed) fetch;
            throw new Stop(failed.unavailable() ? CycleResult.Failure.Kind.CATALOG_UNAVAILABLE
                    : CycleResult.Failure.Kind.CATALOG_INVALID, failed.message() + "; nothing is written this cycle");
        }

        /**
         * DB-less: Kong's unowned entities of every type, read once per cycle and only when needed (a deletion to
         * check for unowned dependents, or a push). A failed read stops the push: nothing is lost.
         */
        private Future<UnownedReader.Unowned> unowned() {
            if (unownedRead == null) {
                unownedRead = new UnownedReader(vertx, kong, ownerTag(), options.parallelism()).read(info)
                        .recover(e -> Future.failedFuture(new Stop(CycleResult.Failure.Kind.KONG_UNAVAILABLE,
                                "cannot read Kong's unowned entities, nothing is pushed: " + message(e))));
            }
            return unownedRead;
        }

        private Future<CycleResult> apply(Plan plan) {
            if (options.dryRun()) {
                return Future.succeededFuture(result(plan, ApplyResult.EMPTY, 0));
            }
            if (info.dbless()) {
                return new DbLessSync(vertx, kong, ownerTag()).apply(plan, owned.owned(), this::unowned)
                        .map(r -> result(plan, r.result(), r.pushes()));
            }
            return new Applier(vertx, kong, options.parallelism()).applyFindingConflicts(plan, ownerTag(),
                            concurrentCreates)
                    .compose(a -> a.conflicts().isEmpty() ? Future.succeededFuture(result(a.plan(), a.result(), 0))
                            : reportConflicts(a));
        }

        /**
         * Kong refused creates for conflicts: what waited for them was not written, so it was not checked. Looking
         * them up now (only in a cycle that met a conflict) reports every conflict and its withheld dependents the
         * same way a dry run does.
         */
        private Future<CycleResult> reportConflicts(Applier.Applied a) {
            return new ConflictDetector(vertx, kong, ownerTag(), options.parallelism(), ConflictDetector.Lookup.REQUESTS)
                    .check(conflicts.desired(), owned)
                    .map(c -> c.conflicts().isEmpty() ? a.conflicts() : c.conflicts())
                    .otherwise(a.conflicts())
                    .map(found -> {
                        writeConflicts = found;
                        return result(a.plan(), a.result(), 0);
                    });
        }

        /** Owned entities after the cycle by type: those read, plus creates and minus deletes Kong accepted. */
        private Map<EntityType, Integer> ownedByType(ApplyResult applied) {
            Map<EntityType, Integer> out = new EnumMap<>(EntityType.class);
            if (owned == null) {
                return out;
            }
            // The state keeps one list per type: its sizes, not a walk over every entity (43,500 at 10,000 services).
            for (EntityType t : EntityType.values()) {
                out.put(t, Kinds.of(t).in(owned.owned()).size());
            }
            for (Operation op : applied.applied()) {
                if (op.kind() == Operation.Kind.CREATE) {
                    out.merge(op.type(), 1, Integer::sum);
                } else if (op.kind() == Operation.Kind.DELETE) {
                    out.merge(op.type(), -1, (a, b) -> Math.max(0, a + b));
                }
            }
            return out;
        }

        private CycleResult result(Plan plan, ApplyResult applied, int pushes) {
            if (!options.dryRun()) {
                drift.record(translation.desired(), applied.applied());
            }
            List<SyncError> errors = new ArrayList<>();
            for (ServiceError e : translation.rejected()) {
                errors.add(new SyncError(e.service(), SyncError.Stage.VALIDATION, e.field(), e.message()));
            }
            for (PluginValidation.Invalid i : invalidPlugins) {
                errors.add(new SyncError(i.service(), SyncError.Stage.VALIDATION, "plugin " + i.plugin() + " "
                        + i.field(), "Kong " + info.version() + " refuses this configuration "
                        + "(POST /schemas/plugins/validate): " + i.message()));
            }
            List<Conflict> allConflicts = new ArrayList<>(conflicts.conflicts());
            allConflicts.addAll(writeConflicts);
            if (!options.dryRun()) {
                conflictsLastCycle = !allConflicts.isEmpty();
            }
            // After conflictsLastCycle: an override does not need the next cycle to look names up before writing.
            allConflicts.addAll(maskingOverrides);
            for (Conflict c : allConflicts) {
                errors.add(new SyncError(c.catalogService(), SyncError.Stage.CONFLICT,
                        c.type().tag() + " " + c.key(), c.message()));
            }
            for (ApplyResult.FailedOperation f : applied.failed()) {
                errors.add(new SyncError(f.operation().catalogService(), SyncError.Stage.KONG,
                        subject(f.operation()), f.message()));
            }
            for (ApplyResult.SkippedOperation s : applied.skipped()) {
                errors.add(new SyncError(s.operation().catalogService(), SyncError.Stage.KONG,
                        subject(s.operation()), "skipped: " + s.reason()));
            }
            CycleResult.Outcome outcome;
            CycleResult.Failure failure = null;
            boolean heldBack = !translation.rejected().isEmpty() || !allConflicts.isEmpty()
                    || !plan.refusedDeletions().isEmpty() || !invalidPlugins.isEmpty();
            String kongFailing = kongFailing(applied);
            List<String> contested = List.of();
            List<String> inCycle = concurrentCreates.found();
            if (!inCycle.isEmpty()) {
                LOG.warn("Another writer between this cycle's read and write: {} create(s) met an entity with owner "
                                + "tag {} and other content (e.g. {}); is a second daemon with this owner tag running "
                                + "on another catalog?", inCycle.size(), ownerTag(),
                        String.join("; ", inCycle.subList(0, Math.min(3, inCycle.size()))));
            }
            if (!options.dryRun()) {
                List<String> flips = contestedWrites.observe(plan, applied.applied());
                if (!flips.isEmpty()) {
                    LOG.warn("Another writer: {} owned entit{} written by the previous cycle had to be written again "
                                    + "to the same state (e.g. {}); is a second daemon with owner tag {} running "
                                    + "on another catalog, or a tool editing these entities?", flips.size(),
                            flips.size() == 1 ? "y" : "ies",
                            String.join(", ", flips.subList(0, Math.min(3, flips.size()))), ownerTag());
                }
                contested = new ArrayList<>(inCycle);
                contested.addAll(flips);
                deletions.record((int) applied.applied().stream()
                        .filter(o -> o.kind() == Operation.Kind.DELETE).count());
                logFailures(applied);
            }
            if (options.dryRun()) {
                outcome = plan.isEmpty() && plan.refusedDeletions().isEmpty() ? CycleResult.Outcome.NO_CHANGES
                        : CycleResult.Outcome.PLANNED;
            } else if (kongFailing != null) {
                outcome = CycleResult.Outcome.FAILED;
                failure = new CycleResult.Failure(CycleResult.Failure.Kind.KONG_FAILED, kongFailing);
            } else if (pushes > 0 && !applied.failed().isEmpty() && applied.applied().isEmpty()) {
                // DB-less: one /config push carries every service; Kong refusing it refused them all.
                outcome = CycleResult.Outcome.FAILED;
                failure = new CycleResult.Failure(CycleResult.Failure.Kind.KONG_REJECTED,
                        "Kong refused the configuration; first: " + applied.failed().get(0).message());
            } else if (!applied.clean() || heldBack) {
                outcome = CycleResult.Outcome.PARTIAL;
            } else {
                outcome = plan.isEmpty() ? CycleResult.Outcome.NO_CHANGES : CycleResult.Outcome.SUCCESS;
            }
            return new CycleResult(started, clock.instant(), outcome, options.dryRun(), failure, plan, applied,
                    errors, warnings, allConflicts, plan.refusedDeletions(), catalog, kongSummary(applied), pushes,
                    contested.size(), contested.subList(0, Math.min(ContestedWrites.EXAMPLES, contested.size())),
                    inCycle.size());
        }

        /**
         * Why Kong itself failed this cycle (5xx, or no answer: reset, refused, timeout, after the client's
         * retries) for more than one catalog service or for a shared entity, or null. That is an outage touching
         * everything, not one service's bad input, however many other writes went through.
         */
        private String kongFailing(ApplyResult applied) {
            Set<String> services = new TreeSet<>();
            ApplyResult.FailedOperation first = null;
            int count = 0;
            for (ApplyResult.FailedOperation f : applied.failed()) {
                if (f.status() == 0 || f.status() >= 500) {
                    services.add(f.operation().catalogService() == null ? "(shared)" : f.operation().catalogService());
                    first = first == null ? f : first;
                    count++;
                }
            }
            boolean everything = services.size() > 1 || services.contains("(shared)")
                    || (count > 0 && applied.applied().isEmpty());
            if (!everything) {
                return null;
            }
            return "Kong failed " + count + " write(s) for " + services.size() + " catalog service(s) (5xx or no "
                    + "answer); first: " + first.message();
        }

        CycleResult failed(CycleResult.Failure.Kind kind, String message) {
            List<SyncError> errors = new ArrayList<>();
            if (translation != null) {
                for (ServiceError e : translation.rejected()) {
                    errors.add(new SyncError(e.service(), SyncError.Stage.VALIDATION, e.field(), e.message()));
                }
            }
            CycleResult.CatalogSummary cat = catalog != null ? catalog
                    : new CycleResult.CatalogSummary(source.describe(), null, false, 0, 0, 0);
            return new CycleResult(started, clock.instant(), CycleResult.Outcome.FAILED, options.dryRun(),
                    new CycleResult.Failure(kind, message), Plan.EMPTY, ApplyResult.EMPTY, errors, warnings, List.of(),
                    List.of(), cat, info == null ? null : kongSummary(), 0, 0, List.of());
        }

        private CycleResult.KongSummary kongSummary() {
            return kongSummary(ApplyResult.EMPTY);
        }

        private CycleResult.KongSummary kongSummary(ApplyResult applied) {
            return new CycleResult.KongSummary(info.version(), info.dbless() ? "dbless" : "db",
                    owned == null ? 0 : owned.owned().size(), ownedByType(applied));
        }
    }

    private static Set<String> pluginNames(KongState desired, KongState actual) {
        Set<String> names = new HashSet<>();
        desired.plugins().forEach(p -> names.add(p.name()));
        actual.plugins().forEach(p -> names.add(p.name()));
        names.remove(null);
        return names;
    }

    private static Set<String> rejectedServices(Translation t) {
        Set<String> names = new HashSet<>();
        for (ServiceError e : t.rejected()) {
            names.add(e.service());
        }
        return names;
    }

    private static String subject(Operation o) {
        return o.type().tag() + " " + o.key();
    }

    /** Most failed operations logged per cycle; the rest are counted in one line (the report lists them all). */
    static final int FAILURES_LOGGED_PER_CYCLE = 10;

    /**
     * One WARN line per failed operation, naming the entity, its catalog service and Kong's answer (or the
     * transport error), at most {@link #FAILURES_LOGGED_PER_CYCLE} a cycle. The message is KongException's
     * "METHOD path -> status: Kong's message", never a request body or header, so it holds no secret.
     */
    private static void logFailures(ApplyResult applied) {
        int n = 0;
        for (ApplyResult.FailedOperation f : applied.failed()) {
            if (n++ == FAILURES_LOGGED_PER_CYCLE) {
                LOG.warn("... and {} more failed operation(s) this cycle", applied.failed().size() - FAILURES_LOGGED_PER_CYCLE);
                break;
            }
            Operation o = f.operation();
            LOG.warn("{} [{}] failed: {}", o.describe(), o.catalogService() == null ? "shared" : o.catalogService(), f.message());
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void log(CycleResult r) {
        if (r.outcome() == CycleResult.Outcome.FAILED) {
            LOG.warn("cycle {} in {} ms: {}", r.outcome(), r.duration().toMillis(),
                    r.failure() == null ? "" : r.failure().message());
            return;
        }
        LOG.info("cycle {} in {} ms: {} create, {} update, {} delete; {} failed, {} skipped; {} rejected services, "
                        + "{} conflicts, {} refused deletions", r.outcome(), r.duration().toMillis(),
                r.plan().count(Operation.Kind.CREATE), r.plan().count(Operation.Kind.UPDATE),
                r.plan().count(Operation.Kind.DELETE), r.applied().failed().size(), r.applied().skipped().size(),
                r.catalog().rejected(), r.conflicts().size(), r.refusedDeletions().size());
    }
}
