package io.catalogsync.sync;

import static io.catalogsync.sync.EmulatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.Endpoint;
import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.RecordedRequest;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import io.catalogsync.sync.read.TargetCache;
import io.catalogsync.sync.plan.Operation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: a no-op cycle does not read one targets page per upstream; targets are read on a rotating cadence
 * ({@link TargetCache}), and a target changed behind the daemon's back is still repaired within
 * {@link TargetCache#REFRESH_CYCLES} cycles.
 */
class TargetCadenceTest {

    private static final int SERVICES = 200;

    @TempDir
    Path dir;

    private static List<CatalogService> catalog() {
        List<CatalogService> out = new ArrayList<>();
        for (int i = 0; i < SERVICES; i++) {
            String name = String.format("svc-%03d", i);
            out.add(new CatalogService(name, "v1", List.of(new Endpoint("http", name + ".internal", 8080,
                    "/api/*", List.of("GET"))), Map.of()));
        }
        return out;
    }

    private static long targetPages(EmulatorHarness h) {
        return h.requests().stream().filter(q -> q.method().equals("GET") && q.path().endsWith("/targets")).count();
    }

    @Test
    void noOpCyclesReadATenthOfTheTargetsAndDriftIsRepairedWithinTheCadence() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            MemoryCatalogSource source = new MemoryCatalogSource();
            source.set(catalog());
            Reconciler r = new Reconciler(h.vertx, source, h.client,
                    EmulatorHarness.translateOptions(EmulatorHarness.TEST_HOOK));
            assertThat(await(r.reconcile(ReconcileOptions.defaults())).outcome()).isEqualTo(CycleResult.Outcome.SUCCESS);
            // The first sync wrote every upstream: the next cycle reads all their targets once.
            h.emulator.clearRequests();
            assertThat(await(r.reconcile(ReconcileOptions.defaults())).outcome()).isEqualTo(CycleResult.Outcome.NO_CHANGES);
            assertThat(targetPages(h)).isEqualTo(SERVICES);

            long read = 0;
            for (int i = 0; i < TargetCache.REFRESH_CYCLES; i++) {
                h.emulator.clearRequests();
                assertThat(await(r.reconcile(ReconcileOptions.defaults())).outcome())
                        .isEqualTo(CycleResult.Outcome.NO_CHANGES);
                assertThat(h.requests()).noneMatch(RecordedRequest::isWrite);
                assertThat(targetPages(h)).as("cycle %d", i).isLessThan(SERVICES / 4);
                read += targetPages(h);
            }
            assertThat(read).as("one full rotation reads every upstream's targets once").isEqualTo(SERVICES);

            // Someone deletes one of the daemon's targets.
            Upstream u = await(h.client.upstreams().get("svc-123.upstream")).orElseThrow();
            Target t = await(h.client.targets(u.id()).list(ListQuery.ALL)).get(0);
            await(h.client.targets(u.id()).delete(t.id()));
            int repairedAfter = -1;
            for (int i = 1; i <= TargetCache.REFRESH_CYCLES && repairedAfter < 0; i++) {
                CycleResult c = await(r.reconcile(ReconcileOptions.defaults()));
                if (c.plan().operations().stream().anyMatch(o -> o.kind() == Operation.Kind.CREATE
                        && o.entity() instanceof Target)) {
                    assertThat(c.outcome()).isEqualTo(CycleResult.Outcome.SUCCESS);
                    repairedAfter = i;
                }
            }
            assertThat(repairedAfter).as("repaired within %d cycles", TargetCache.REFRESH_CYCLES).isPositive();
            assertThat(await(h.client.targets(u.id()).list(ListQuery.ALL))).hasSize(1);
        }
    }
}
