package io.catalogsync.sync;

import io.catalogsync.catalog.translate.KongRedis;
import io.catalogsync.catalog.translate.TranslateOptions;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongAdminOptions;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.KongEmulator;
import io.catalogsync.kong.emulator.RecordedRequest;
import io.catalogsync.sync.source.CatalogSource;
import io.catalogsync.sync.source.FileCatalogSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Vert.x instance, a Kong emulator, a real Admin API client on it, and a catalog file to edit. */
public final class EmulatorHarness implements AutoCloseable {

    /** A small valid hook: the real one lives in the sidecar module; these tests are about the sync. */
    public static final String TEST_HOOK = "local masking = ngx.ctx.kcs_masking\nreturn masking\n";

    public final Vertx vertx;
    public final KongEmulator emulator;
    public final KongAdminClient client;
    public final Path catalogFile;

    private EmulatorHarness(Vertx vertx, KongEmulator emulator, Path dir) {
        this.vertx = vertx;
        this.emulator = emulator;
        this.client = KongAdminClient.create(vertx, new KongAdminOptions().setBaseUrl(emulator.adminUrl())
                .setMaxRetries(0).setRequestTimeout(Duration.ofSeconds(10)));
        this.catalogFile = dir.resolve("catalog.yaml");
    }

    public static EmulatorHarness start(EmulatorOptions options, Path dir) throws Exception {
        Vertx vertx = Vertx.vertx();
        KongEmulator emulator = await(KongEmulator.start(vertx, options));
        EmulatorHarness h = new EmulatorHarness(vertx, emulator, dir);
        h.useCatalog(Files.readString(TestPaths.exampleCatalog()));
        return h;
    }

    public void useCatalog(String yaml) throws IOException {
        Files.writeString(catalogFile, yaml);
    }

    public CatalogSource source() {
        return new FileCatalogSource(vertx, catalogFile);
    }

    public static TranslateOptions translateOptions(String hook) {
        return TranslateOptions.defaults().withMaskingHookLua(hook)
                .withKongRedis(KongRedis.of("redis.kong.svc", 6379).withTls(true, false, null)
                        .withCredentials(null, "{vault://env/kong-redis-password}"));
    }

    public Reconciler reconciler() {
        return new Reconciler(vertx, source(), client, translateOptions(TEST_HOOK));
    }

    public CycleResult cycle(Reconciler r, ReconcileOptions o) throws Exception {
        return await(r.reconcile(o));
    }

    public long writes() {
        return emulator.requests().stream().filter(RecordedRequest::isWrite).count();
    }

    public static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    public List<RecordedRequest> requests() {
        return emulator.requests();
    }

    @Override
    public void close() throws Exception {
        client.close();
        emulator.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
