package io.catalogsync.masking.http;

import io.catalogsync.masking.detect.AwsIdentifierScanner;
import io.catalogsync.masking.service.MaskingService;
import io.catalogsync.masking.store.MappingStore;
import io.catalogsync.masking.store.MeteredMappingStore;
import io.catalogsync.masking.token.TokenMinter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running sidecar: the store wrapped with meters, the masking service on its own worker pool, and the
 * deployed HTTP verticle. {@link #close()} undeploys it and closes the store it was given.
 */
public final class Sidecar {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Vertx vertx;
    private final String deploymentId;
    private final SidecarVerticle verticle;
    private final MappingStore store;
    private final WorkerExecutor cpu;
    private final PrometheusMeterRegistry registry;

    private Sidecar(Vertx vertx, String deploymentId, SidecarVerticle verticle, MappingStore store,
            WorkerExecutor cpu, PrometheusMeterRegistry registry) {
        this.vertx = vertx;
        this.deploymentId = deploymentId;
        this.verticle = verticle;
        this.store = store;
        this.cpu = cpu;
        this.registry = registry;
    }

    /** Deploys a sidecar; it owns {@code store} from now on. */
    public static Future<Sidecar> start(Vertx vertx, SidecarConfig config, MappingStore store, TokenMinter minter,
            PrometheusMeterRegistry registry) {
        MappingStore metered = new MeteredMappingStore(store, registry);
        WorkerExecutor cpu = vertx.createSharedWorkerExecutor("kcs-masking-cpu-" + INSTANCES.incrementAndGet(),
                config.cpuThreads());
        Executor executor = task -> cpu.executeBlocking(() -> {
            task.run();
            return null;
        }, false);
        MaskingService service = new MaskingService(AwsIdentifierScanner.create(), minter, metered, config.ttl(),
                config.maxIdentifiers(), executor, registry);
        SidecarVerticle verticle = new SidecarVerticle(config, service, metered, registry, cpu);
        return vertx.deployVerticle(verticle)
                .map(id -> new Sidecar(vertx, id, verticle, metered, cpu, registry))
                .recover(failure -> {
                    cpu.close();
                    return Future.fromCompletionStage(metered.closeAsync())
                            .transform(ignored -> Future.failedFuture(failure));
                });
    }

    public int port() {
        return verticle.actualPort();
    }

    public MappingStore store() {
        return store;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public Future<Void> close() {
        return vertx.undeploy(deploymentId)
                .transform(ignored -> cpu.close())
                .transform(ignored -> Future.fromCompletionStage(store.closeAsync()));
    }
}
