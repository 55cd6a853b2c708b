package io.catalogsync.sync;

import static io.catalogsync.sync.EmulatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.source.HttpCatalogSource;
import io.catalogsync.sync.source.HttpCatalogSourceOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cycles fed by a catalog API on loopback: 304 reuses the last catalog and still repairs drift in Kong. */
class HttpCatalogReconcileTest {

    @TempDir
    Path dir;

    private static final String CATALOG = "{\"items\": ["
            + "{\"name\":\"billing\",\"version\":\"v1\",\"endpoints\":[{\"protocol\":\"http\",\"host\":\"billing.internal\","
            + "\"port\":8080,\"path\":\"/api/*\",\"methods\":[\"GET\"]}],\"metadata\":{\"rateLimit.minute\":\"100\","
            + "\"timeout.read\":\"5000\"}},"
            + "{\"name\":\"orders\",\"version\":\"v2\",\"endpoints\":[{\"protocol\":\"http\",\"host\":\"orders.internal\","
            + "\"port\":8080,\"path\":\"/orders/*\"}],\"metadata\":{\"auth.type\":\"key-auth\"}}]}";

    @Test
    void notModifiedReappliesTheLastCatalogAndAFailingCatalogWritesNothing() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            AtomicInteger status = new AtomicInteger(200);
            AtomicInteger requests = new AtomicInteger();
            AtomicReference<String> auth = new AtomicReference<>();
            HttpServer server = await(h.vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                    .requestHandler(req -> {
                        requests.incrementAndGet();
                        auth.set(req.getHeader("Authorization"));
                        if (status.get() != 200) {
                            req.response().setStatusCode(status.get()).end();
                        } else if ("\"c1\"".equals(req.getHeader("If-None-Match"))) {
                            req.response().setStatusCode(304).end();
                        } else {
                            req.response().putHeader("ETag", "\"c1\"").end(CATALOG);
                        }
                    }).listen());
            HttpCatalogSource source = new HttpCatalogSource(h.vertx, new HttpCatalogSourceOptions()
                    .setUrl("http://127.0.0.1:" + server.actualPort()).setApiKey("catalog-key"));
            Reconciler r = new Reconciler(h.vertx, source, h.client, EmulatorHarness.translateOptions(EmulatorHarness.TEST_HOOK));

            CycleResult first = h.cycle(r, ReconcileOptions.defaults());
            assertThat(first.outcome()).as("%s", first.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);
            assertThat(first.catalog().etag()).isEqualTo("\"c1\"");
            assertThat(first.catalog().notModified()).isFalse();
            assertThat(auth.get()).isEqualTo("Bearer catalog-key");

            // Someone edits an owned service by hand; the catalog has not changed (304): the drift is repaired.
            Service billing = await(h.client.services().get("billing")).orElseThrow();
            await(h.client.services().patch(billing.id(), java.util.Map.of("read_timeout", 1)));
            CycleResult second = h.cycle(r, ReconcileOptions.defaults());
            assertThat(second.catalog().notModified()).isTrue();
            assertThat(second.catalog().valid()).isEqualTo(2);
            assertThat(second.plan().operations()).singleElement().satisfies(o -> {
                assertThat(o.kind()).isEqualTo(Operation.Kind.UPDATE);
                assertThat(o.key()).isEqualTo("billing");
            });
            assertThat(await(h.client.services().get("billing")).orElseThrow().readTimeout()).isEqualTo(5000);

            // The catalog API fails: nothing is written, not even a delete.
            status.set(503);
            h.emulator.clearRequests();
            CycleResult failed = h.cycle(r, ReconcileOptions.defaults().withForce(true));
            assertThat(failed.outcome()).isEqualTo(CycleResult.Outcome.FAILED);
            assertThat(failed.failure().kind()).isEqualTo(CycleResult.Failure.Kind.CATALOG_UNAVAILABLE);
            assertThat(failed.failure().message()).contains("HTTP 503").doesNotContain("catalog-key");
            assertThat(h.requests()).isEmpty();
            assertThat(await(h.client.services().list(ListQuery.ALL))).hasSize(2);
            source.close();
        }
    }
}
