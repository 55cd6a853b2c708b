package io.catalogsync.daemon;

import static io.catalogsync.daemon.DaemonLoopTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongAdminOptions;
import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.KongEmulator;
import io.catalogsync.kong.entity.Service;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * End to end, as a user runs it: the packaged jar ({@code mvn package} builds it; failsafe runs this in
 * {@code verify}) as its own process, with the replaced deployment's variables, against the Kong emulator and a
 * catalog API on loopback. A service added to the catalog shows up in Kong, /metrics and /status within one
 * interval; removed, it goes. SIGTERM stops it cleanly with exit code 0.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DaemonJarIT {

    private static final String CATALOG_KEY = "it-catalog-key-4d1f";
    private static final String ADMIN_TOKEN = "it-admin-token-9a2e";
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Vertx vertx;
    private KongEmulator kong;
    private CatalogServer catalog;
    private KongAdminClient reader;
    private Process process;
    private Path log;
    private int port;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        kong = DaemonHarness.await(KongEmulator.start(vertx, EmulatorOptions.defaults().withAdminToken(ADMIN_TOKEN)));
        catalog = CatalogServer.start(vertx, CATALOG_KEY);
        reader = KongAdminClient.create(vertx, new KongAdminOptions().setBaseUrl(kong.adminUrl())
                .setAdminToken(ADMIN_TOKEN).setMaxRetries(0));
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        reader.close();
        catalog.close();
        kong.close();
        DaemonHarness.await(vertx.close());
    }

    private Path jar() {
        String configured = System.getProperty("daemon.jar");
        Path jar = configured != null ? Path.of(configured) : Path.of("target", "kong-catalog-sync.jar");
        assertThat(jar).as("the packaged jar (mvn package builds it)").exists();
        return jar;
    }

    @Test
    void theJarSyncsWhatTheCatalogSaysAndStopsCleanly() throws Exception {
        for (String name : List.of("billing", "search", "users", "payments", "ledger")) {
            catalog.put(CatalogServer.service(name, name + ".internal", 8080));
        }
        log = Files.createDirectories(Path.of("target", "failsafe-reports")).resolve("DaemonJarIT-daemon.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar().toString(), "run",
                "--catalog", catalog.url(), "--kong-admin", kong.adminUrl(),
                "--sync-interval=" + INTERVAL.toMillis() + "ms", "--http-host", "127.0.0.1", "--http-port", String.valueOf(port),
                "--log-format", "json", "--shutdown-timeout", "10s")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CATALOG_API_KEY", CATALOG_KEY);
        pb.environment().put("KONG_API_KEY", ADMIN_TOKEN);
        process = pb.start();

        waitFor(() -> get("/healthz") == 200, 60_000);
        waitFor(() -> ownedServices() == 5, 30_000);
        waitFor(() -> status().getJsonObject("lastCycle") != null
                && "NO_CHANGES".equals(status().getJsonObject("lastCycle").getString("outcome")), 10_000);

        // Added to the catalog: in Kong within one interval (plus the cycle itself and this poll's granularity).
        catalog.put(CatalogServer.service("orders", "orders.internal", 8081));
        long t0 = System.nanoTime();
        waitFor(() -> hasService("orders"), 10_000);
        long seenMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(seenMs).as("ms until the new service is in Kong").isLessThan(INTERVAL.toMillis() * 11 / 10 + 1_500);
        waitFor(() -> metrics().contains("kong_catalog_owned_entities{entity=\"service\"} 6.0"), 5_000);
        assertThat(metrics()).contains("kong_catalog_services{validity=\"valid\"} 6.0")
                .contains("kong_catalog_sync_total{result=\"success\"}")
                .contains("kong_catalog_sync_admin_requests_seconds_count{method=\"POST\"");
        waitFor(() -> status().getJsonObject("lastCycle").getJsonObject("kong").getJsonObject("owned_after").getInteger("service") == 6,
                5_000);
        JsonObject status = status();
        assertThat(status.getJsonObject("lastCycle").getJsonObject("catalog").getInteger("valid")).isEqualTo(6);
        assertThat(status.getString("role")).isEqualTo("standalone");
        assertThat(status.getString("syncInterval")).isEqualTo("1s");

        // Removed from the catalog (1 service of 6: within the 25 % guard): gone from Kong, /metrics, /status.
        catalog.remove("orders");
        t0 = System.nanoTime();
        waitFor(() -> !hasService("orders"), 10_000);
        seenMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(seenMs).as("ms until the service is gone from Kong").isLessThan(INTERVAL.toMillis() * 11 / 10 + 1_500);
        waitFor(() -> metrics().contains("kong_catalog_owned_entities{entity=\"service\"} 5.0"), 5_000);
        waitFor(() -> status().getJsonObject("lastCycle").getJsonObject("catalog").getInteger("valid") == 5,
                5_000);
        assertThat(metrics()).contains("kong_catalog_sync_operations_total{entity=\"service\",kind=\"delete\",result=\"ok\"} 1.0");

        // SIGTERM: the daemon finishes what it is doing and exits 0.
        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        assertThat(process.exitValue()).isZero();

        List<String> lines = Files.readAllLines(log);
        List<String> json = lines.stream().filter(l -> l.startsWith("{")).toList();
        assertThat(json).isNotEmpty();
        json.forEach(l -> new JsonObject(l));
        assertThat(json).anyMatch(l -> l.contains("Signal received: shutting down"))
                .anyMatch(l -> l.contains("\"formattedMessage\":\"Stopped\""));
        assertThat(String.join("\n", lines)).doesNotContain(CATALOG_KEY).doesNotContain(ADMIN_TOKEN);
    }

    private int get(String path) {
        try {
            return http.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String body(String path) {
        try {
            return http.send(request(path), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
                .GET().build();
    }

    private JsonObject status() {
        return new JsonObject(body("/status"));
    }

    private String metrics() {
        return body("/metrics");
    }

    private List<Service> services() {
        try {
            return DaemonHarness.await(reader.services().list(ListQuery.ALL));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private long ownedServices() {
        return services().stream().filter(DaemonHarness::owned).count();
    }

    private boolean hasService(String catalogService) {
        return services().stream().anyMatch(s -> DaemonHarness.owned(s)
                && s.tags().contains("catalog-service:" + catalogService));
    }
}
