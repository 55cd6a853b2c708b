package io.catalogsync.daemon;

import io.catalogsync.catalog.translate.TranslateOptions;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongAdminOptions;
import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.KongEmulator;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Upstream;
import io.catalogsync.sync.ReconcileOptions;
import io.catalogsync.sync.source.HttpCatalogSource;
import io.catalogsync.sync.source.HttpCatalogSourceOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The real parts the daemon runs against in tests: the Kong emulator, a catalog API on loopback, and daemons
 * running the engine's reconciler against them. Everything binds 127.0.0.1 and free ports.
 */
final class DaemonHarness implements AutoCloseable {

    static final String OWNER_TAG = TranslateOptions.DEFAULT_OWNER_TAG;

    final Vertx vertx = Vertx.vertx();
    final CatalogServer catalog;
    KongEmulator kong;
    private final EmulatorOptions emulatorOptions;
    private final String catalogKey;
    private final List<Daemon> daemons = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private KongAdminClient reader;

    DaemonHarness(EmulatorOptions emulatorOptions, String catalogKey) throws Exception {
        this.emulatorOptions = emulatorOptions;
        this.catalogKey = catalogKey;
        this.kong = await(KongEmulator.start(vertx, emulatorOptions));
        this.catalog = CatalogServer.start(vertx, catalogKey);
    }

    DaemonHarness() throws Exception {
        this(EmulatorOptions.defaults(), null);
    }

    /** Daemon options for tests: loopback, free port, short interval, backoff capped low. */
    static DaemonOptions options(Duration interval, LeaseConfig lease) {
        // Ready for 1,000 intervals after a success: these tests check that a synced daemon is ready, and a loaded
        // machine stretching a 300 ms cycle past 3 intervals must not age that success. The window itself is
        // tested on a pinned clock in DaemonLoopTest.
        return new DaemonOptions(new SyncSchedule(interval, 0.1, interval.multipliedBy(3)), "127.0.0.1", 0, 1_000,
                Duration.ofSeconds(5), false, lease == null ? "test-replica" : lease.identity(), lease);
    }

    /** Kong client options with short timeouts and retries, so that fault tests stay bounded. */
    KongAdminOptions kongOptions() {
        KongAdminOptions o = new KongAdminOptions().setBaseUrl(kong.adminUrl())
                .setRequestTimeout(Duration.ofMillis(800)).setConnectTimeout(Duration.ofMillis(500))
                .setMaxRetries(2).setRetryDelays(Duration.ofMillis(20), Duration.ofMillis(100));
        if (emulatorOptions.adminToken() != null) {
            o.setAdminToken(emulatorOptions.adminToken());
        }
        return o;
    }

    HttpCatalogSourceOptions catalogOptions() {
        return new HttpCatalogSourceOptions().setUrl(catalog.url()).setApiKey(catalogKey)
                .setConnectTimeout(Duration.ofMillis(500)).setReadTimeout(Duration.ofMillis(800))
                .setTotalTimeout(Duration.ofSeconds(2));
    }

    Daemon.RunnerFactory engine(KongAdminOptions kongOptions, ReconcileOptions reconcile) {
        return ReconcilerCycleRunner.factory(v -> new HttpCatalogSource(v, catalogOptions()), kongOptions,
                TranslateOptions.defaults(), reconcile);
    }

    Daemon start(DaemonOptions options) {
        return start(options, engine(kongOptions(), ReconcileOptions.defaults()), null);
    }

    Daemon start(DaemonOptions options, Daemon.RunnerFactory runners, Function<Vertx, io.fabric8.kubernetes.client.KubernetesClient> kube) {
        Daemon d = Daemon.start(options, runners, kube);
        daemons.add(d);
        return d;
    }

    /** A daemon whose loop takes its clock and timers from {@code timers} (to see the delays it asks for). */
    Daemon startWithTimers(DaemonOptions options, Daemon.RunnerFactory runners, LoopTimers timers) {
        Daemon d = Daemon.start(options, runners, null, timers);
        daemons.add(d);
        return d;
    }

    /**
     * Kong restarted without its database: the emulator drops every entity and every connection in place, so
     * the port never changes hands (re-binding a released port raced with other sockets under load).
     */
    void restartKongEmpty() {
        kong.restartEmpty();
        if (reader != null) {
            // the test's own client lost its connections too, and it does not retry
            reader.close();
            reader = null;
        }
    }

    /** A client of the test's own (no gate, no meters) to look at what Kong holds. */
    KongAdminClient reader() {
        if (reader == null) {
            KongAdminOptions o = new KongAdminOptions().setBaseUrl(kong.adminUrl()).setMaxRetries(0);
            if (emulatorOptions.adminToken() != null) {
                o.setAdminToken(emulatorOptions.adminToken());
            }
            reader = KongAdminClient.create(vertx, o);
        }
        return reader;
    }

    List<Service> services() throws Exception {
        return await(reader().services().list(ListQuery.ALL));
    }

    List<Route> routes() throws Exception {
        return await(reader().routes().list(ListQuery.ALL));
    }

    List<Plugin> plugins() throws Exception {
        return await(reader().plugins().list(ListQuery.ALL));
    }

    List<Upstream> upstreams() throws Exception {
        return await(reader().upstreams().list(ListQuery.ALL));
    }

    /** Names of the owned services that belong to catalog service {@code name}. */
    List<String> ownedServicesOf(String name) throws Exception {
        return services().stream().filter(s -> owned(s) && s.tags().contains("catalog-service:" + name))
                .map(Service::name).toList();
    }

    static boolean owned(KongEntity e) {
        return e.tags() != null && e.tags().contains(OWNER_TAG);
    }

    HttpResponse<String> get(Daemon d, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.httpPort() + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonObject status(Daemon d) throws Exception {
        return new JsonObject(get(d, "/status").body());
    }

    /** Waits until the daemon has finished a cycle numbered above {@code id}, and returns that cycle. */
    static FinishedCycle cycleAfter(Daemon d, long id, long timeoutMs) {
        DaemonLoopTest.waitFor(() -> d.state().lastCycle() != null && d.state().lastCycle().id() > id, timeoutMs);
        return d.state().lastCycle();
    }

    static long lastId(Daemon d) {
        return d.state().lastCycle() == null ? 0 : d.state().lastCycle().id();
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        for (Daemon d : daemons) {
            d.stop();
        }
        if (reader != null) {
            reader.close();
        }
        catalog.close();
        kong.close();
        await(vertx.close());
    }
}
