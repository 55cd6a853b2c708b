package io.catalogsync.sync;

import static io.catalogsync.sync.EmulatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.catalog.CatalogParser;
import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.translate.TranslateOptions;
import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.KongTranscripts;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Update;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge-case catalogs the daemon's real-Kong recordings were made with (kong-transcripts/3.4.2-daemon:
 * edge.json, then edge2.json), synced against the emulator, which answers those requests as Kong 3.4.2 did
 * (DaemonTranscriptReplayTest): the IPv6 target comes back expanded and the second sync writes nothing; the
 * method added to a route in edge2.json is an update of that route, which keeps its id.
 */
class EdgeCatalogSyncTest {

    private static final String OWNER = TranslateOptions.DEFAULT_OWNER_TAG;

    @TempDir
    Path dir;

    @Test
    void ipv6TargetsConvergeAndAddingAMethodUpdatesTheRouteInPlace() throws Exception {
        List<CatalogService> edge = catalog("edge.json");
        List<CatalogService> edge2 = catalog("edge2.json");
        TranslateOptions options = EmulatorHarness.translateOptions(EmulatorHarness.TEST_HOOK);
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            MemoryCatalogSource source = new MemoryCatalogSource();
            Reconciler reconciler = new Reconciler(h.vertx, source, h.client, options);
            source.set(edge);
            CycleResult first = await(reconciler.reconcile(new ReconcileOptions(false, true, 1.0, 4)));
            assertThat(first.applied().failed()).isEmpty();

            Upstream v6 = await(h.client.upstreams().list(ListQuery.allTags(OWNER))).stream()
                    .filter(u -> u.name().equals("edge-ipv6.upstream")).findFirst().orElseThrow();
            assertThat(await(h.client.targets(v6.id()).list(ListQuery.ALL))).extracting(Target::target)
                    .contains("[fd00:0010:0040:0000:0000:0000:0000:0022]:8443");

            h.emulator.clearRequests();
            CycleResult second = await(reconciler.reconcile(new ReconcileOptions(false, true, 1.0, 4)));
            assertThat(second.plan().operations()).isEmpty();
            assertThat(h.emulator.writeCount()).as("writes of the second sync").isZero();

            Route before = route(h, "edge-auth-jwt~api");
            assertThat(before.methods()).containsExactly("GET");
            source.set(edge2);
            CycleResult third = await(reconciler.reconcile(new ReconcileOptions(false, true, 1.0, 4)));
            assertThat(third.applied().failed()).isEmpty();
            List<Operation> routeOps = third.plan().operations().stream()
                    .filter(o -> o.type() == EntityType.ROUTE && o.key().startsWith("edge-auth-jwt")).toList();
            assertThat(routeOps).singleElement().isInstanceOf(Update.class);
            Route after = route(h, "edge-auth-jwt~api");
            assertThat(after.id()).isEqualTo(before.id());
            assertThat(after.methods()).containsExactlyInAnyOrder("GET", "DELETE");
        }
    }

    private static Route route(EmulatorHarness h, String name) throws Exception {
        return await(h.client.routes().list(ListQuery.allTags(OWNER))).stream().filter(r -> r.name().equals(name))
                .findFirst().orElseThrow();
    }

    private static List<CatalogService> catalog(String file) {
        return CatalogParser.parseJson(KongTranscripts.read("3.4.2-daemon", file), file).services();
    }
}
