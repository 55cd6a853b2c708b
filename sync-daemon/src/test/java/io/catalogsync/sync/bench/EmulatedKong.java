package io.catalogsync.sync.bench;

import ch.qos.logback.classic.Level;
import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.translate.TranslateOptions;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongAdminOptions;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.KongEmulator;
import io.catalogsync.kong.emulator.RecordedRequest;
import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.ReconcileOptions;
import io.catalogsync.sync.Reconciler;
import io.catalogsync.sync.source.FileCatalogSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync engine as the daemon wires it (file catalog source, real Admin API client, {@link Reconciler}) against
 * the Kong emulator on 127.0.0.1, in this JVM: how {@link PlanBenchmark} obtains the state Kong returns after a
 * sync. The emulator runs on its own Vert.x instance beside the engine's. ({@link SyncBench} runs the emulator
 * as a separate process instead, so that its CPU time is not counted as the engine's.)
 */
final class EmulatedKong implements AutoCloseable {

    final Vertx engineVertx;
    final Vertx kongVertx;
    final KongEmulator emulator;
    final KongAdminClient client;
    final Path catalogFile;
    final Reconciler reconciler;
    /** Client-side view of the requests: count and summed duration, from the client's listener. */
    final AtomicLong clientRequests = new AtomicLong();
    final AtomicLong clientNanos = new AtomicLong();

    private EmulatedKong(Duration latency, int parallelism, Path dir) throws Exception {
        quietLogs();
        kongVertx = Vertx.vertx();
        engineVertx = Vertx.vertx();
        emulator = await(KongEmulator.start(kongVertx, new EmulatorOptions(false, EmulatorOptions.DEFAULT_VERSION, latency, null)));
        client = KongAdminClient.create(engineVertx, new KongAdminOptions().setBaseUrl(emulator.adminUrl())
                .setMaxInFlight(parallelism)
                .setRequestTimeout(Duration.ofSeconds(60))
                .setListener((method, path, status, duration) -> {
                    clientRequests.incrementAndGet();
                    clientNanos.addAndGet(duration.toNanos());
                }));
        catalogFile = dir.resolve("catalog.json");
        reconciler = new Reconciler(engineVertx, new FileCatalogSource(engineVertx, catalogFile), client,
                TranslateOptions.defaults());
    }

    static EmulatedKong start(Duration latency, int parallelism) throws Exception {
        return new EmulatedKong(latency, parallelism, Files.createTempDirectory("kcs-bench"));
    }

    void useCatalog(List<CatalogService> catalog) throws IOException {
        SyntheticCatalog.write(catalog, catalogFile);
    }

    /** One reconcile cycle from a clean request log; fails loudly unless the cycle converged. */
    CycleResult cycle(int parallelism) throws Exception {
        emulator.clearRequests();
        clientRequests.set(0);
        clientNanos.set(0);
        CycleResult r = await(reconciler.reconcile(new ReconcileOptions(false, false, 0.25, parallelism)), 600);
        if (r.outcome() != CycleResult.Outcome.SUCCESS && r.outcome() != CycleResult.Outcome.NO_CHANGES) {
            throw new IllegalStateException("the cycle did not converge: " + r.outcome() + " " + r.failure()
                    + " errors " + r.errors().subList(0, Math.min(5, r.errors().size())));
        }
        return r;
    }

    List<RecordedRequest> requests() {
        return emulator.requests();
    }

    static <T> T await(Future<T> f) throws Exception {
        return await(f, 60);
    }

    static <T> T await(Future<T> f, int seconds) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }

    /**
     * Warnings only: kong-admin-client's test-jar brings a logback-test.xml with this project's loggers at DEBUG on
     * stdout (for its redaction test), which would drown the figures.
     */
    static void quietLogs() {
        for (String name : List.of(Logger.ROOT_LOGGER_NAME, "io.catalogsync")) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logback) {
                logback.setLevel(Level.WARN);
            }
        }
    }

    @Override
    public void close() throws Exception {
        client.close();
        emulator.close();
        engineVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        kongVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
