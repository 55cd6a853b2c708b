package io.catalogsync.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongAdminOptions;
import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.KongEmulator;
import io.catalogsync.kong.entity.Service;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The write gate on the real client against the Kong emulator: a closed gate lets reads through and sends no
 * write at all; the Admin API request meters see every request the client makes.
 */
class WriteGatedKongAdminClientTest {

    private Vertx vertx;
    private KongEmulator kong;
    private PrometheusMeterRegistry registry;
    private KongAdminClient client;
    private final AtomicBoolean open = new AtomicBoolean(true);

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        kong = await(KongEmulator.start(vertx, EmulatorOptions.defaults()));
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SyncMetrics metrics = new SyncMetrics(open::get);
        metrics.bindTo(registry);
        client = new WriteGatedKongAdminClient(KongAdminClient.create(vertx, new KongAdminOptions()
                .setBaseUrl(kong.adminUrl()).setListener(metrics.kongRequestListener())), open::get);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        kong.close();
        await(vertx.close());
    }

    @Test
    void aClosedGateSendsNoWriteAndLetsReadsThrough() throws Exception {
        Service billing = service("billing");
        await(client.services().upsert("billing", billing));
        assertThat(kong.writeCount()).isEqualTo(1);

        open.set(false);
        kong.clearRequests();
        for (Future<?> write : List.of(
                client.services().upsert("other", service("other")),
                client.services().create(service("third")),
                client.services().patch("billing", Map.of("retries", 3)),
                client.services().delete("billing"),
                client.loadConfig(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                        .put("_format_version", "3.0"), false))) {
            assertThat(failure(write)).isInstanceOf(WriteNotAllowedException.class)
                    .hasMessageContaining("does not hold the leader lease");
        }
        assertThat(kong.writeCount()).isZero();
        assertThat(kong.requests()).isEmpty();

        assertThat(await(client.services().list(ListQuery.ALL))).extracting(Service::name).containsExactly("billing");
        assertThat(await(client.services().get("billing"))).isPresent();
        assertThat(kong.requests()).allMatch(r -> r.method().equals("GET"));

        open.set(true);
        await(client.services().delete("billing"));
        assertThat(kong.writeCount()).isEqualTo(1);
    }

    @Test
    void everyAdminRequestIsTimedByMethodPathTemplateAndStatus() throws Exception {
        await(client.services().upsert("billing", service("billing")));
        await(client.services().get("billing"));
        await(client.services().get("missing"));
        String text = registry.scrape();
        assertThat(text)
                .contains("kong_catalog_sync_admin_requests_seconds_count{method=\"PUT\",path=\"/services/{id}\","
                        + "status=\"200\"} 1")
                .contains("kong_catalog_sync_admin_requests_seconds_count{method=\"GET\",path=\"/services/{id}\","
                        + "status=\"200\"} 1")
                .contains("kong_catalog_sync_admin_requests_seconds_count{method=\"GET\",path=\"/services/{id}\","
                        + "status=\"404\"} 1")
                .doesNotContain("billing");
    }

    private static Service service(String name) {
        return new Service(null, name, "http", "backend.internal", 8080, "/", null, null, null, null, null,
                List.of("managed-by:kong-catalog-sync"), null, null);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Throwable failure(Future<?> f) throws Exception {
        try {
            f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
