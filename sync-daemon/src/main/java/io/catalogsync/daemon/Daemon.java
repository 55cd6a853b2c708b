package io.catalogsync.daemon;

import io.catalogsync.kong.admin.KongRequestListener;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running sync daemon: one Vert.x instance running the {@link SyncLoop} and the {@link HttpEndpoints},
 * optional leader election, Micrometer metrics exported in Prometheus format.
 *
 * <pre>{@code
 * Daemon daemon = Daemon.start(options, ReconcilerCycleRunner.factory(...), Daemon.inClusterKubernetes());
 * daemon.stopOnSigterm();
 * int code = daemon.awaitTermination();
 * }</pre>
 *
 * <p>{@link #start} and {@link #stop} block: call them from a main, test or shutdown thread, never from an
 * event loop.
 */
public final class Daemon {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private static final long START_TIMEOUT_MS = 30_000;
    private static final long CLOSE_TIMEOUT_MS = 10_000;

    /** Builds the reconcile side once Vert.x exists ({@link ReconcilerCycleRunner#factory} for the engine). */
    @FunctionalInterface
    public interface RunnerFactory {
        CycleRunner create(RunnerContext context);
    }

    /**
     * What the reconcile side gets from the daemon.
     *
     * @param vertx        the daemon's Vert.x instance: create the Kong client and catalog source on it
     * @param gate         wrap the Kong client in {@link WriteGatedKongAdminClient} with it
     * @param kongListener give it to {@code KongAdminOptions.setListener} for the Admin API request metrics
     * @param registry     where the daemon's meters live
     */
    public record RunnerContext(Vertx vertx, WriteGate gate, KongRequestListener kongListener,
                                MeterRegistry registry) {
    }

    private final DaemonOptions options;
    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;
    private final Leadership leadership;
    private final KubernetesClient kubernetes;
    private final AtomicReference<LoopState> state;
    private final SyncLoop loop;
    private final HttpEndpoints http;
    private final AtomicBoolean stopCalled = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);

    private Daemon(DaemonOptions options, Vertx vertx, PrometheusMeterRegistry registry, Leadership leadership,
                   KubernetesClient kubernetes, AtomicReference<LoopState> state, SyncLoop loop, HttpEndpoints http) {
        this.options = options;
        this.vertx = vertx;
        this.registry = registry;
        this.leadership = leadership;
        this.kubernetes = kubernetes;
        this.state = state;
        this.loop = loop;
        this.http = http;
    }

    /** A Kubernetes client configured from the pod's service account (or {@code ~/.kube/config}), on Vert.x 5. */
    public static Function<Vertx, KubernetesClient> inClusterKubernetes() {
        return vertx -> new KubernetesClientBuilder().withHttpClientFactory(new Vertx5HttpClientFactory(vertx)).build();
    }

    /**
     * Starts the daemon: HTTP endpoints first (so that probes answer at once), then leader election when
     * configured, then the sync loop, whose first cycle starts immediately. Blocks until all are up.
     *
     * @param kubernetes builds the client leader election uses; unused when {@code options.lease()} is null
     * @throws IllegalStateException when a part fails to start (port taken, Kubernetes API unreachable...); what
     *                               did start is closed again
     */
    public static Daemon start(DaemonOptions options, RunnerFactory runners, Function<Vertx, KubernetesClient> kubernetes) {
        return start(options, runners, kubernetes, LoopTimers.SYSTEM);
    }

    /** As {@link #start(DaemonOptions, RunnerFactory, Function)}, with the loop's clock and timers given. */
    static Daemon start(DaemonOptions options, RunnerFactory runners, Function<Vertx, KubernetesClient> kubernetes,
                        LoopTimers timers) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(runners, "runners");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        // vertx-micrometer-metrics of the same release as Vert.x core (its metrics SPI changes between minor
        // releases): HTTP server/client, event bus, pools. JVM meters are bound above instead.
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                        .setJvmMetricsEnabled(false).setNettyMetricsEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        KubernetesClient kube = null;
        Leadership leadership = null;
        try {
            if (options.lease() != null) {
                kube = Objects.requireNonNull(kubernetes, "kubernetes").apply(vertx);
                leadership = new LeaseLeadership(kube, options.lease());
            } else {
                leadership = Leadership.standalone(options.identity());
            }
            SyncMetrics metrics = new SyncMetrics(leadership::writeAllowed);
            metrics.bindTo(registry);
            CycleRunner runner = runners.create(new RunnerContext(vertx, leadership, metrics.kongRequestListener(),
                    registry));
            AtomicReference<LoopState> state = new AtomicReference<>(LoopState.initial(timers.now()));
            SyncLoop loop = new SyncLoop(runner, options.schedule(), leadership, options.dryRun(), state, metrics,
                    timers);
            HttpEndpoints http = new HttpEndpoints(options, state, leadership, registry, timers);
            await(vertx.deployVerticle(http), START_TIMEOUT_MS, "start the HTTP endpoints on " + options.bindHost()
                    + ":" + options.httpPort());
            Daemon daemon = new Daemon(options, vertx, registry, leadership, kube, state, loop, http);
            leadership.start(role -> {
                if (role == Leadership.Role.LEADER) {
                    // A new leader syncs now rather than at its next tick; a running dry run coalesces with it.
                    vertx.eventBus().request(SyncLoop.TRIGGER_ADDRESS, new JsonObject().put("trigger", "leadership"));
                }
            });
            await(vertx.deployVerticle(loop), START_TIMEOUT_MS, "start the sync loop");
            LOG.info("Daemon '{}' started: interval {} (jitter ±{}%), backoff up to {}, {}{}", options.identity(),
                    Durations.format(options.schedule().interval()), Math.round(options.schedule().jitter() * 100),
                    Durations.format(options.schedule().backoffMax()),
                    options.lease() == null ? "no leader election"
                            : "leader election on " + options.lease().namespace() + "/" + options.lease().leaseName(),
                    options.dryRun() ? ", DRY RUN (never writes)" : "");
            return daemon;
        } catch (RuntimeException e) {
            if (leadership != null) {
                leadership.close();
            }
            if (kube != null) {
                kube.close();
            }
            closeQuietly(vertx);
            registry.close();
            throw e;
        }
    }

    /** The HTTP port actually bound. */
    public int httpPort() {
        return http.actualPort();
    }

    /** The loop's latest published state. */
    public LoopState state() {
        return state.get();
    }

    public Leadership leadership() {
        return leadership;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public DaemonOptions options() {
        return options;
    }

    /**
     * Asks for a cycle now, as {@code POST /sync} does; the reply says {@code started} or {@code queued}.
     */
    public Future<JsonObject> requestSync() {
        return vertx.eventBus().<JsonObject>request(SyncLoop.TRIGGER_ADDRESS, new JsonObject().put("trigger", "http"))
                .map(m -> m.body());
    }

    /**
     * Stops gracefully: no new cycle starts; the cycle in flight gets up to the shutdown timeout to finish; then
     * the lease is released, the HTTP server closed and Vert.x closed. Idempotent; blocks until done.
     */
    public void stop() {
        if (!stopCalled.compareAndSet(false, true)) {
            awaitTermination();
            return;
        }
        Duration bound = options.shutdownTimeout();
        LOG.info("Stopping: waiting up to {} for the cycle in flight", Durations.format(bound));
        try {
            loop.drain().toCompletionStage().toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LoopState.Running r = state.get().running();
            LOG.warn("Cycle {} still running after {}: stopping anyway (its remaining writes are refused)",
                    r == null ? "?" : r.id(), Durations.format(bound));
        } catch (ExecutionException e) {
            LOG.warn("Draining the sync loop failed: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leadership.close();
        if (kubernetes != null) {
            kubernetes.close();
        }
        closeQuietly(vertx);
        registry.close();
        LOG.info("Stopped");
        terminated.countDown();
    }

    /** Blocks until {@link #stop()} has completed; returns the process exit code (0). */
    public int awaitTermination() {
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        return 0;
    }

    /**
     * Stops gracefully on SIGTERM (and SIGINT) and then exits 0, as Kubernetes expects of a pod that shut down
     * cleanly. The JVM runs shutdown hooks for those signals and would exit 143; after a clean stop the hook
     * halts with 0 instead. When the process exits for another reason ({@code System.exit} from the CLI after
     * the daemon already stopped) the hook does nothing and the exit code stands.
     */
    public void stopOnSigterm() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stopCalled.get()) {
                return;
            }
            LOG.info("Signal received: shutting down");
            stop();
            if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
                context.stop();
            }
            Runtime.getRuntime().halt(0);
        }, "kcs-shutdown"));
    }

    private static void await(Future<?> future, long timeoutMs, String what) {
        try {
            future.toCompletionStage().toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Could not " + what + " within " + timeoutMs + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while trying to " + what, e);
        }
    }

    private static void closeQuietly(Vertx vertx) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Vert.x did not close cleanly: {}", e.toString());
        }
    }
}
