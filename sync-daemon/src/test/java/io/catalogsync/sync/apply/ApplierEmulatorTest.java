package io.catalogsync.sync.apply;

import static io.catalogsync.sync.EmulatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.RecordedRequest;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.sync.EmulatorHarness;
import io.catalogsync.sync.Fixtures;
import io.catalogsync.sync.diff.DiffScope;
import io.catalogsync.sync.diff.Differ;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Plan;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans applied through the real client to the emulator: Kong's own refusals, and what depends on them. */
class ApplierEmulatorTest {

    @TempDir
    Path dir;

    @Test
    void kongRefusingAParentSkipsItsChildrenAndNothingElse() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            // "orders" has a route Kong refuses (no paths, hosts or methods), with a plugin on it.
            Route bad = Fixtures.route("orders", "a", "/orders", List.of("GET"));
            bad = new Route(bad.id(), bad.name(), List.of("https"), null, null, null, null, null, null, null, null,
                    null, null, null, bad.service(), bad.tags(), null, null);
            Map<String, Object> cors = new LinkedHashMap<>();
            cors.put("origins", List.of("https://shop.example.com"));
            Plugin onBad = new Plugin(Fixtures.id("plugin", "orders-cors"), "cors", null, null,
                    io.catalogsync.kong.entity.Ref.id(bad.id()), null, cors, null, null, Fixtures.tags("orders"), null, null);
            KongState desired = KongState.builder()
                    .add(Fixtures.upstream("orders")).add(Fixtures.service("orders")).add(bad).add(onBad)
                    .add(Fixtures.upstream("billing")).add(Fixtures.target("billing", "billing.internal:8080"))
                    .add(Fixtures.service("billing")).add(Fixtures.route("billing", "a", "/billing", List.of("GET")))
                    .add(Fixtures.rateLimiting("billing", 10, false)).build();
            Plan plan = new Differ().diff(desired, KongState.EMPTY, DiffScope.NONE);
            ApplyResult r = await(new Applier(h.vertx, h.client, 8).apply(plan));

            assertThat(r.failed()).singleElement().satisfies(f -> {
                assertThat(f.operation().key()).isEqualTo("orders-a");
                assertThat(f.status()).isEqualTo(400);
                assertThat(f.message()).contains("PUT /routes/").contains("must set one of");
            });
            assertThat(r.skipped()).singleElement().satisfies(s -> {
                assertThat(s.operation().entity()).isEqualTo(onBad);
                assertThat(s.reason()).isEqualTo("parent route orders-a failed");
            });
            assertThat(r.applied()).extracting(Operation::key).contains("orders", "billing", "billing-a",
                    "rate-limiting@service billing", "billing.upstream/billing.internal:8080");
            // Every write was a PUT by id; the skipped plugin was never sent.
            assertThat(h.requests()).filteredOn(RecordedRequest::isWrite).allMatch(q -> q.method().equals("PUT"));
            assertThat(h.requests()).noneMatch(q -> q.path().contains(onBad.id()));
            assertThat(await(h.client.services().list(ListQuery.ALL))).extracting(Service::name)
                    .containsExactlyInAnyOrder("orders", "billing");

            // Applying the same plan again is harmless: PUT replaces, nothing is duplicated.
            ApplyResult again = await(new Applier(h.vertx, h.client, 8).apply(plan));
            assertThat(again.applied()).hasSize(r.applied().size());
            assertThat(await(h.client.plugins().list(ListQuery.ALL))).hasSize(1);
        }
    }
}
