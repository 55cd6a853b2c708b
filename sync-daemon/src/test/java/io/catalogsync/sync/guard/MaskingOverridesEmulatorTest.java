package io.catalogsync.sync.guard;

import static io.catalogsync.sync.EmulatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.EmulatorHarness;
import io.catalogsync.sync.ReconcileOptions;
import io.catalogsync.sync.Reconciler;
import io.catalogsync.sync.SyncError;
import io.catalogsync.sync.read.Conflict;
import io.catalogsync.sync.report.CycleReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Someone adds their own pre-function to a route of the masked llm-gateway: Kong runs that one instead of the
 * service-scoped masking hook (kong/runloop/plugins_iterator.lua lookup_cfg: route beats service). The daemon
 * cannot remove it (not its own) but must say so: a conflict of llm-gateway naming the route and the plugin, in the
 * plan, the cycle's errors and a gauge; a pre-function on an unmasked route, or a disabled one, is not reported.
 * (pre-function cannot be consumer-scoped: kong/plugins/pre-function/_schema.lua no_consumer.)
 */
class MaskingOverridesEmulatorTest {

    @TempDir
    Path dir;

    private static Plugin foreignPreFunction(Ref route, Ref service, Ref consumer) {
        return new Plugin(null, "pre-function", null, service, route, consumer,
                Map.of("access", List.of("return")), null, null, List.of("team-x"), null, null);
    }

    @Test
    void foreignPreFunctionOnAMaskedRouteIsAConflictOfThatService() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Reconciler r = h.reconciler().countMaskingOverridesIn(registry);
            assertThat(h.cycle(r, ReconcileOptions.defaults()).outcome()).isEqualTo(CycleResult.Outcome.SUCCESS);

            List<Route> routes = await(h.client.routes().list(ListQuery.ALL));
            Route masked = routes.stream().filter(x -> x.tags().contains("catalog-service:llm-gateway"))
                    .findFirst().orElseThrow();
            Route unmasked = routes.stream().filter(x -> x.tags().contains("catalog-service:orders"))
                    .findFirst().orElseThrow();
            Plugin override = await(h.client.plugins().create(foreignPreFunction(Ref.id(masked.id()), null, null)));
            await(h.client.plugins().create(foreignPreFunction(Ref.id(unmasked.id()), null, null)));

            CycleResult planned = h.cycle(r, ReconcileOptions.defaults().withDryRun(true));
            assertThat(planned.conflicts()).singleElement().satisfies(c -> {
                assertThat(c.catalogService()).isEqualTo("llm-gateway");
                assertThat(c.type()).isEqualTo(EntityType.PLUGIN);
                assertThat(c.message()).contains(override.id()).contains(masked.name()).contains("unmasked");
            });
            assertThat(CycleReport.toText(planned)).contains("masking overridden").contains(override.id());

            CycleResult second = h.cycle(r, ReconcileOptions.defaults());
            assertThat(second.outcome()).isEqualTo(CycleResult.Outcome.PARTIAL);
            assertThat(second.errors()).singleElement().satisfies(e -> {
                assertThat(e.service()).isEqualTo("llm-gateway");
                assertThat(e.stage()).isEqualTo(SyncError.Stage.CONFLICT);
                assertThat(e.message()).contains(override.id()).contains(masked.name());
            });
            assertThat(registry.get("kong.catalog.sync.masking.overrides").gauge().value()).isEqualTo(1.0);
            // Never touched: still there, still unowned.
            assertThat(await(h.client.plugins().get(override.id()))).isPresent();

            // A disabled one runs nowhere: not reported.
            await(h.client.plugins().upsert(override.id(), new Plugin(override.id(), "pre-function", null, null,
                    Ref.id(masked.id()), null, Map.of("access", List.of("return")), null, false, List.of("team-x"),
                    null, null)));
            assertThat(h.cycle(r, ReconcileOptions.defaults()).outcome()).isEqualTo(CycleResult.Outcome.NO_CHANGES);
            assertThat(registry.get("kong.catalog.sync.masking.overrides").gauge().value()).isZero();
            await(h.client.plugins().upsert(override.id(), override));
            assertThat(h.cycle(r, ReconcileOptions.defaults()).conflicts()).hasSize(1);

            // Removed: the conflicts go, the service converges again.
            for (Plugin p : await(h.client.plugins().list(ListQuery.ALL))) {
                if (p.tags() != null && p.tags().contains("team-x")) {
                    await(h.client.plugins().delete(p.id()));
                }
            }
            CycleResult fourth = h.cycle(r, ReconcileOptions.defaults());
            assertThat(fourth.outcome()).isEqualTo(CycleResult.Outcome.NO_CHANGES);
            assertThat(registry.get("kong.catalog.sync.masking.overrides").gauge().value()).isZero();
        }
    }
}
