package io.catalogsync.daemon;

import io.catalogsync.catalog.translate.TranslateOptions;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongAdminOptions;
import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.ReconcileOptions;
import io.catalogsync.sync.Reconciler;
import io.catalogsync.sync.source.CatalogSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.function.Function;

/**
 * Runs the engine's {@link Reconciler} for the daemon. A standby replica's cycles run as dry runs. The engine's
 * {@link CycleResult} is passed on as it is: the daemon keeps no copy of its own.
 */
public final class ReconcilerCycleRunner implements CycleRunner {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReconcilerCycleRunner.class);

    private final Vertx vertx;
    private final Reconciler reconciler;
    private final ReconcileOptions options;
    private final AuditLog audit;

    ReconcilerCycleRunner(Vertx vertx, Reconciler reconciler, ReconcileOptions options, AuditLog audit) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
        this.options = Objects.requireNonNull(options, "options");
        this.audit = audit;
    }

    /**
     * Wires the engine for the daemon: the catalog source timed into the metrics, the Kong client with the
     * Admin API request meters and behind the write gate.
     *
     * @param sources     builds the catalog source on the daemon's Vert.x
     * @param kongOptions how to reach Kong; its request listener is replaced by the daemon's meters
     * @param translate   owner tag, masking and Redis settings
     * @param options     dry run, force, deletion guards, parallelism; a standby's cycles are dry runs whatever
     *                    this says
     */
    public static Daemon.RunnerFactory factory(Function<Vertx, CatalogSource> sources, KongAdminOptions kongOptions,
                                               TranslateOptions translate, ReconcileOptions options) {
        return factory(sources, kongOptions, translate, options, null);
    }

    /** As above, with every write of every cycle appended to {@code audit} (null: no audit log). */
    public static Daemon.RunnerFactory factory(Function<Vertx, CatalogSource> sources, KongAdminOptions kongOptions,
                                               TranslateOptions translate, ReconcileOptions options, AuditLog audit) {
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(kongOptions, "kongOptions");
        Objects.requireNonNull(translate, "translate");
        Objects.requireNonNull(options, "options");
        return ctx -> {
            TimedCatalogSource source = new TimedCatalogSource(sources.apply(ctx.vertx()), ctx.registry());
            kongOptions.setListener(ctx.kongListener());
            KongAdminClient kong = new WriteGatedKongAdminClient(KongAdminClient.create(ctx.vertx(), kongOptions),
                    ctx.gate());
            return new ReconcilerCycleRunner(ctx.vertx(),
                    new Reconciler(ctx.vertx(), source, kong, translate).countDriftIn(ctx.registry())
                            .countMaskingOverridesIn(ctx.registry()), options, audit);
        };
    }

    @Override
    public Future<CycleResult> run(CycleRequest request) {
        Future<CycleResult> cycle = reconciler.reconcile(options.withDryRun(options.dryRun() || request.dryRun()));
        if (audit == null) {
            return cycle;
        }
        // File I/O on a worker, never on the event loop; a failing audit log is logged, never fails the cycle.
        return cycle.compose(r -> vertx.executeBlocking(() -> audit.write(r, "cycle-" + request.id()), true)
                .recover(e -> {
                    LOG.error("Cannot append cycle {} to the audit log: {}", request.id(), e.getMessage());
                    return Future.succeededFuture(0);
                })
                .map(n -> r));
    }
}
