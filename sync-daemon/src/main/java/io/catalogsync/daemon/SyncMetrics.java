package io.catalogsync.daemon;

import io.catalogsync.kong.admin.KongRequestListener;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.apply.ApplyResult;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.RefusedDeletion;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The daemon's own meters. Names are Micrometer's dotted lowercase; the Prometheus registry turns
 * {@code kong.catalog.sync} (a counter) into {@code kong_catalog_sync_total} and the timer
 * {@code kong.catalog.sync.cycle} into {@code kong_catalog_sync_cycle_seconds}. Every tag value comes from a
 * bounded set: entity types, operation kinds, results, HTTP methods, Admin API path templates, status codes.
 * Never a service name from the catalog (unbounded and user-controlled), never an error message.
 *
 * <p>{@code docs/operations-daemon.md} lists every meter with its Prometheus name.
 */
public final class SyncMetrics implements MeterBinder {

    /** Counter, tag {@code result}: apply cycles (the replaced deployment's {@code kong_catalog_sync_total}). */
    public static final String SYNC = "kong.catalog.sync";
    /** Gauge: catalog services in Kong as the last apply cycle left them (replaced deployment's name). */
    public static final String SERVICES_SYNCED = "kong.catalog.services.synced";
    /** Timer with histogram, tags {@code result}, {@code mode} ({@code apply}, {@code dry_run}). */
    public static final String CYCLE = "kong.catalog.sync.cycle";
    /** Counter, tags {@code entity}, {@code kind}, {@code result}: operations executed. */
    public static final String OPERATIONS = "kong.catalog.sync.operations";
    /** Gauge, tags {@code entity}, {@code kind}: operations in the last plan (what a standby would do). */
    public static final String PLANNED = "kong.catalog.sync.planned.operations";
    /** Gauge, tag {@code entity}: entities carrying the owner tag in Kong. */
    public static final String OWNED = "kong.catalog.owned.entities";
    /** Gauge, tag {@code validity} ({@code valid}, {@code invalid}): catalog services in the last fetch. */
    public static final String CATALOG_SERVICES = "kong.catalog.services";
    /** Gauge in seconds since the epoch: end of the last successful cycle. */
    public static final String LAST_SUCCESS = "kong.catalog.sync.last.success.timestamp";
    /** Counter, tag {@code reason}: deletions held back by a guard (each cycle counts what it refused). */
    public static final String REFUSED = "kong.catalog.sync.refused.deletions";
    /** Timer, tags {@code method}, {@code path}, {@code status}: every Admin API request (retries included). */
    public static final String ADMIN_REQUESTS = "kong.catalog.sync.admin.requests";
    /** Timer, tag {@code result}: catalog fetches (recorded by {@link TimedCatalogSource}). */
    public static final String CATALOG_FETCH = "kong.catalog.fetch";
    /** Gauge: 1 while this replica may write to Kong (leader, or no election), else 0. */
    public static final String LEADER = "kong.catalog.sync.leader";
    /** Gauge: failed cycles in a row (the backoff exponent). */
    public static final String CONSECUTIVE_FAILURES = "kong.catalog.sync.consecutive.failures";
    /** Gauge: catalog services whose writes failed (Kong refused or skipped them) in the last applied cycle. */
    public static final String FAILING_SERVICES = "kong.catalog.sync.failing.services";
    /**
     * Gauge: the most applied cycles in a row any one catalog service has failed; the alert for "one service keeps
     * failing" watches it, separately from whole-cycle failures. No service name tag: the set is unbounded.
     */
    public static final String SERVICE_FAILURE_STREAK = "kong.catalog.sync.service.failure.streak";

    /**
     * Counter: owned entities a cycle had to write again to the state the previous cycle wrote: another writer
     * (a second daemon with the same owner tag, a tool) undoes the daemon's writes.
     */
    public static final String CONTESTED = "kong.catalog.sync.contested.writes";
    private static final List<String> CONTESTED_REASONS = List.of("previous_cycle", "in_cycle");
    private static final String CONTESTED_DESCRIPTION = "Owned entities another writer with the same owner tag "
            + "changed: a write of the previous cycle undone, or a create met within the cycle";

    static final List<String> KINDS = List.of("create", "update", "delete");
    static final List<String> OP_RESULTS = List.of("ok", "failed", "skipped");

    private static final Duration[] CYCLE_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300);
    static final Duration[] REQUEST_BUCKETS = seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10);

    private final Supplier<Boolean> writeAllowed;
    private final Map<String, Value> planned = new ConcurrentHashMap<>();
    private final Map<String, Value> owned = new ConcurrentHashMap<>();
    private final Value servicesSynced = new Value();
    private final Value catalogValid = new Value();
    private final Value catalogInvalid = new Value();
    private final Value lastSuccess = new Value();
    private final Value consecutiveFailures = new Value(0);
    private final Value failingServices = new Value(0);
    private final Value serviceFailureStreak = new Value(0);
    private final Map<RequestKey, Timer> requestTimers = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    /** @param writeAllowed read by the {@value #LEADER} gauge at scrape time */
    public SyncMetrics(Supplier<Boolean> writeAllowed) {
        this.writeAllowed = Objects.requireNonNull(writeAllowed, "writeAllowed");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(SERVICES_SYNCED, servicesSynced, Value::get)
                .description("Catalog services in Kong as the last apply cycle left them").register(registry);
        for (EntityType type : EntityType.values()) {
            String entity = type.tag();
            for (String kind : KINDS) {
                Value v = planned.computeIfAbsent(entity + "/" + kind, k -> new Value(0));
                Gauge.builder(PLANNED, v, Value::get).tags("entity", entity, "kind", kind)
                        .description("Operations in the last plan").register(registry);
                for (String result : OP_RESULTS) {
                    Counter.builder(OPERATIONS).tags("entity", entity, "kind", kind, "result", result)
                            .description("Operations executed against Kong").register(registry);
                }
            }
            Value o = owned.computeIfAbsent(entity, k -> new Value());
            Gauge.builder(OWNED, o, Value::get).tag("entity", entity)
                    .description("Entities carrying the owner tag in Kong").register(registry);
        }
        Gauge.builder(CATALOG_SERVICES, catalogValid, Value::get).tag("validity", "valid")
                .description("Catalog services in the last fetch, by validation outcome").register(registry);
        Gauge.builder(CATALOG_SERVICES, catalogInvalid, Value::get).tag("validity", "invalid")
                .description("Catalog services in the last fetch, by validation outcome").register(registry);
        Gauge.builder(LAST_SUCCESS, lastSuccess, Value::get).baseUnit("seconds")
                .description("End of the last successful cycle, seconds since the epoch").register(registry);
        Gauge.builder(LEADER, writeAllowed, w -> w.get() ? 1 : 0)
                .description("1 while this replica may write to Kong").register(registry);
        Gauge.builder(CONSECUTIVE_FAILURES, consecutiveFailures, Value::get)
                .description("Failed cycles in a row").register(registry);
        // reason: previous_cycle (a write of the previous cycle undone, ContestedWrites) or in_cycle (a create met
        // another writer's entity between this cycle's read and write, ConcurrentCreates)
        for (String reason : CONTESTED_REASONS) {
            Counter.builder(CONTESTED).tag("reason", reason).description(CONTESTED_DESCRIPTION).register(registry);
        }
        // Every reason from the start, at zero: a dashboard or alert on one reason shows 0, not "no data".
        for (RefusedDeletion.Reason reason : RefusedDeletion.Reason.values()) {
            Counter.builder(REFUSED).tag("reason", reason.tag()).description("Deletions held back by a guard")
                    .register(registry);
        }
        Gauge.builder(FAILING_SERVICES, failingServices, Value::get)
                .description("Catalog services whose writes failed in the last applied cycle").register(registry);
        Gauge.builder(SERVICE_FAILURE_STREAK, serviceFailureStreak, Value::get)
                .description("Most applied cycles in a row one catalog service has failed").register(registry);
        for (CycleResult.Outcome result : CycleResult.Outcome.values()) {
            syncCounter(registry, result);
            // dry_run series appear with the first dry run (standby replicas, --dry-run).
            cycleTimer(registry, result, "apply");
        }
    }

    /**
     * Records one finished cycle, from the engine's report.
     *
     * @param failing catalog services failing, with how many applied cycles in a row
     */
    public void cycleFinished(FinishedCycle cycle, int failuresInARow, Map<String, Integer> failing) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        CycleResult report = cycle.report();
        consecutiveFailures.set(failuresInARow);
        failingServices.set(failing.size());
        serviceFailureStreak.set(failing.values().stream().mapToInt(Integer::intValue).max().orElse(0));
        cycleTimer(r, report.outcome(), report.dryRun() ? "dry_run" : "apply").record(report.duration());
        if (!report.dryRun()) {
            syncCounter(r, report.outcome()).increment();
        }
        CycleResult.CatalogSummary catalog = report.catalog();
        // The catalog's counts are known once translation ran: always, unless the cycle stopped before it.
        boolean catalogKnown = report.outcome() != CycleResult.Outcome.FAILED
                || (catalog.services() > 0 && catalog.valid() + catalog.rejected() == catalog.services());
        if (catalogKnown) {
            catalogValid.set(catalog.valid());
            catalogInvalid.set(catalog.rejected());
        }
        boolean planKnown = report.outcome() != CycleResult.Outcome.FAILED || !report.plan().isEmpty();
        if (planKnown) {
            report.plan().counts().forEach((kind, byType) -> byType.forEach((type, n) -> {
                Value v = planned.get(type.tag() + "/" + kind.tag());
                if (v != null) {
                    v.set(n);
                }
            }));
        }
        ApplyResult applied = report.applied();
        applied.applied().forEach(op -> operation(r, op, "ok"));
        applied.failed().forEach(f -> operation(r, f.operation(), "failed"));
        applied.skipped().forEach(s -> operation(r, s.operation(), "skipped"));
        if (report.kong() != null) {
            report.kong().ownedByType().forEach((type, count) -> {
                Value v = owned.get(type.tag());
                if (v != null) {
                    v.set(count);
                }
            });
        }
        int inCycle = report.contestedInCycle();
        if (report.contestedCount() > inCycle) {
            Counter.builder(CONTESTED).tag("reason", CONTESTED_REASONS.get(0)).description(CONTESTED_DESCRIPTION)
                    .register(r).increment(report.contestedCount() - inCycle);
        }
        if (inCycle > 0) {
            Counter.builder(CONTESTED).tag("reason", CONTESTED_REASONS.get(1)).description(CONTESTED_DESCRIPTION)
                    .register(r).increment(inCycle);
        }
        for (RefusedDeletion refused : report.refusedDeletions()) {
            if (refused.count() > 0) {
                Counter.builder(REFUSED).tag("reason", refused.reason().tag())
                        .description("Deletions held back by a guard").register(r).increment(refused.count());
            }
        }
        if (report.outcome().synced()) {
            lastSuccess.set(report.finishedAt().toEpochMilli() / 1000.0);
            if (!report.dryRun() && catalogKnown) {
                long failedServices = report.failedServices().size();
                servicesSynced.set(Math.max(0, catalog.valid() - failedServices));
            }
        }
    }

    private static void operation(MeterRegistry r, Operation op, String result) {
        Counter.builder(OPERATIONS).tags("entity", op.type().tag(), "kind", op.kind().tag(), "result", result)
                .description("Operations executed against Kong").register(r).increment();
    }

    /** Feeds {@value #ADMIN_REQUESTS}; give it to {@code KongAdminOptions.setListener}. */
    public KongRequestListener kongRequestListener() {
        return (method, pathTemplate, status, duration) -> {
            MeterRegistry r = registry;
            if (r == null) {
                return;
            }
            RequestKey key = new RequestKey(method, pathTemplate, status);
            requestTimers.computeIfAbsent(key, k -> Timer.builder(ADMIN_REQUESTS)
                    .tags(Tags.of("method", k.method().toUpperCase(Locale.ROOT), "path", k.path(),
                            "status", k.status() == 0 ? "none" : String.valueOf(k.status())))
                    .description("Kong Admin API requests, retries included; status none = no response")
                    .serviceLevelObjectives(REQUEST_BUCKETS)
                    .register(r)).record(duration);
        };
    }

    private static Counter syncCounter(MeterRegistry r, CycleResult.Outcome result) {
        return Counter.builder(SYNC).tag("result", result.tag())
                .description("Apply cycles by result").register(r);
    }

    private static Timer cycleTimer(MeterRegistry r, CycleResult.Outcome result, String mode) {
        return Timer.builder(CYCLE).tags("result", result.tag(), "mode", mode)
                .description("Reconcile cycle duration").serviceLevelObjectives(CYCLE_BUCKETS)
                .minimumExpectedValue(CYCLE_BUCKETS[0]).maximumExpectedValue(CYCLE_BUCKETS[CYCLE_BUCKETS.length - 1])
                .register(r);
    }

    private static Duration[] seconds(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        }
        return out;
    }

    private record RequestKey(String method, String path, int status) {
    }

    /** A gauge's value: NaN until first known, so that a scrape before the first cycle does not read as 0. */
    private static final class Value {
        private volatile double value;

        Value() {
            this(Double.NaN);
        }

        Value(double initial) {
            this.value = initial;
        }

        double get() {
            return value;
        }

        void set(double v) {
            value = v;
        }
    }
}
