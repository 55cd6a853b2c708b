package io.catalogsync.sync;

import static io.catalogsync.sync.EmulatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.RefusedDeletion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whole cycles against the Kong emulator in DB mode, through the real Admin API client. */
class ReconcilerEmulatorTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "Kong {0}")
    @ValueSource(strings = {"3.4.2", "3.6.0"})
    void theSecondSyncWritesNothing(String version) throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults().withVersion(version), dir)) {
            Reconciler r = h.reconciler();
            CycleResult first = h.cycle(r, ReconcileOptions.defaults());
            assertThat(first.outcome()).as("%s", first.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);
            assertThat(first.kong().version()).isEqualTo(version);
            assertThat(first.catalog().valid()).isEqualTo(7);
            assertThat(first.applied().applied()).hasSize(first.plan().operations().size());
            assertThat(first.plan().count(Operation.Kind.CREATE)).isGreaterThan(40);

            // Kong filled its defaults in (and echoed rate-limiting's Redis fields in both shapes on 3.6):
            // none of that may look like a change.
            Plugin rl = await(h.client.plugins().list(ListQuery.ALL)).stream()
                    .filter(p -> p.name().equals("rate-limiting") && "redis".equals(p.config().get("policy")))
                    .findFirst().orElseThrow();
            if (version.equals("3.6.0")) {
                assertThat(rl.config()).containsKey("redis").containsKey("redis_host");
            } else {
                assertThat(rl.config()).containsKey("redis_host").doesNotContainKey("redis");
            }

            h.emulator.clearRequests();
            CycleResult second = h.cycle(r, ReconcileOptions.defaults());
            assertThat(second.plan().operations()).as("second plan").isEmpty();
            assertThat(second.outcome()).isEqualTo(CycleResult.Outcome.NO_CHANGES);
            assertThat(h.writes()).isZero();
            assertThat(h.emulator.writeCount()).isZero();
            // The steady state costs only reads: one list per collection (+ targets per upstream) and GET /.
            assertThat(h.requests()).allMatch(req -> req.method().equals("GET"));
        }
    }

    @Test
    void dryRunPlansAndWritesNothing() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            CycleResult plan = h.cycle(h.reconciler(), ReconcileOptions.defaults().withDryRun(true));
            assertThat(plan.outcome()).isEqualTo(CycleResult.Outcome.PLANNED);
            assertThat(plan.changesPending()).isTrue();
            assertThat(plan.plan().counts().get(Operation.Kind.CREATE).get(EntityType.SERVICE)).isGreaterThanOrEqualTo(7);
            assertThat(h.writes()).isZero();
        }
    }

    @Test
    void aRemovedServiceIsDeletedAndOnlyIt() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            Reconciler r = h.reconciler();
            assertThat(h.cycle(r, ReconcileOptions.defaults()).outcome()).isEqualTo(CycleResult.Outcome.SUCCESS);
            String catalog = Files.readString(TestPaths.exampleCatalog());
            int start = catalog.indexOf("  # Webhook receiver");
            h.useCatalog(catalog.substring(0, start));
            CycleResult second = h.cycle(r, ReconcileOptions.defaults());
            assertThat(second.outcome()).as("%s", second.refusedDeletions()).isEqualTo(CycleResult.Outcome.SUCCESS);
            assertThat(second.plan().operations()).isNotEmpty().allMatch(o -> o.kind() == Operation.Kind.DELETE)
                    .extracting(Operation::catalogService).containsOnly("notifications");
            assertThat(await(h.client.services().list(ListQuery.ALL))).extracting(Service::name)
                    .doesNotContain("notifications").contains("payments", "orders~api.v1");
            assertThat(h.cycle(r, ReconcileOptions.defaults()).outcome()).isEqualTo(CycleResult.Outcome.NO_CHANGES);
        }
    }

    @Test
    void kongRejectingOneServicesEntityLeavesTheOthersSynced() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            // A hook that does not parse: Kong's pre-function schema refuses it (loadstring), and only the
            // masking-enabled service uses it.
            Reconciler r = new Reconciler(h.vertx, h.source(), h.client,
                    EmulatorHarness.translateOptions("this is not (lua"));
            CycleResult c = h.cycle(r, ReconcileOptions.defaults());
            assertThat(c.outcome()).isEqualTo(CycleResult.Outcome.PARTIAL);
            // Kong's POST /schemas/plugins/validate refuses it before any write: a validation error of that service,
            // none of whose entities is written.
            assertThat(c.applied().failed()).isEmpty();
            assertThat(c.plan().operations()).noneMatch(o -> "llm-gateway".equals(o.catalogService()));
            assertThat(c.errors()).isNotEmpty().allSatisfy(e -> {
                assertThat(e.service()).isEqualTo("llm-gateway");
                assertThat(e.stage()).isEqualTo(io.catalogsync.sync.SyncError.Stage.VALIDATION);
                assertThat(e.subject()).startsWith("plugin pre-function");
                assertThat(e.message()).contains("error parsing pre-function");
            });
            assertThat(c.applied().applied()).extracting(Operation::catalogService)
                    .contains("orders", "payments", "notifications").doesNotContain("llm-gateway");
            assertThat(c.applied().skipped()).isEmpty();
            // Nothing of llm-gateway is routable, let alone unmasked.
            assertThat(await(h.client.routes().list(io.catalogsync.kong.admin.ListQuery.ALL)))
                    .noneMatch(rt -> rt.tags().contains("catalog-service:llm-gateway"));
            // The other services converged: with a valid hook only llm-gateway remains to be written.
            CycleResult fixed = h.cycle(h.reconciler(), ReconcileOptions.defaults().withDryRun(true));
            assertThat(fixed.plan().operations()).extracting(Operation::catalogService).containsOnly("llm-gateway");
            assertThat(fixed.plan().operations()).extracting(o -> o.entity().type())
                    .contains(EntityType.SERVICE, EntityType.PLUGIN, EntityType.ROUTE);
        }
    }

    @Test
    void anUnownedEntityWithTheSameNameIsAConflictAndIsNotTouched() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            Service foreign = await(h.client.services().upsert("payments", new Service(null, "payments", "http",
                    "legacy.internal", 80, null, null, null, null, null, null, List.of("team-a"), null, null)));
            h.emulator.clearRequests();
            CycleResult c = h.cycle(h.reconciler(), ReconcileOptions.defaults());
            assertThat(c.outcome()).isEqualTo(CycleResult.Outcome.PARTIAL);
            assertThat(c.conflicts()).singleElement().satisfies(x -> {
                assertThat(x.type()).isEqualTo(EntityType.SERVICE);
                assertThat(x.key()).isEqualTo("payments");
                assertThat(x.holderId()).isEqualTo(foreign.id());
                assertThat(x.withheldDependents()).isGreaterThan(0);
            });
            assertThat(c.errors()).filteredOn(e -> e.stage() == SyncError.Stage.CONFLICT)
                    .extracting(SyncError::service).containsOnly("payments");
            Service after = await(h.client.services().get("payments")).orElseThrow();
            assertThat(after.id()).isEqualTo(foreign.id());
            assertThat(after.host()).isEqualTo("legacy.internal");
            assertThat(after.tags()).containsExactly("team-a");
            assertThat(h.requests()).filteredOn(q -> q.isWrite()).noneMatch(q -> q.path().contains(foreign.id()));
            // Everything of the other services is there, and the next cycle finds only the same conflict.
            assertThat(c.applied().failed()).isEmpty();
            CycleResult again = h.cycle(h.reconciler(), ReconcileOptions.defaults());
            assertThat(again.plan().operations()).isEmpty();
            assertThat(again.conflicts()).hasSize(1);
        }
    }

    /**
     * Issue 12: a first sync sends no GET before its writes (it used to send one by name, then one by id, for every
     * entity it was about to create). Conflicts come from the creates' answers instead.
     */
    @Test
    void aFirstSyncReadsOnlyListPagesBeforeWriting() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            h.emulator.clearRequests();
            CycleResult c = h.cycle(h.reconciler(), ReconcileOptions.defaults());
            assertThat(c.outcome()).isEqualTo(CycleResult.Outcome.SUCCESS);
            List<io.catalogsync.kong.emulator.RecordedRequest> gets = h.requests().stream()
                    .filter(q -> q.method().equals("GET")).toList();
            // GET / for the version, one page per collection and per owned upstream's targets, and Kong's schemas
            // (read once per Kong version for the defaults the diff completes the desired state with): no entity GET.
            assertThat(gets).allSatisfy(q -> assertThat(q.path()).matches("/|/status|/(upstreams|services|routes|consumers"
                    + "|plugins)|/upstreams/[^/]+/targets|/schemas/[a-z_]+|/schemas/plugins/[a-z0-9-]+"));
            assertThat(gets.stream().filter(q -> q.path().startsWith("/schemas/")).map(q -> q.path()).distinct()
                    .count()).as("each schema read once").isEqualTo(gets.stream()
                    .filter(q -> q.path().startsWith("/schemas/")).count());
            long writes = h.writes();
            assertThat(writes).isEqualTo(c.plan().operations().size());
            // and Kong's validation of each distinct plugin configuration about to be written (PluginValidation)
            long validations = h.requests().stream().filter(io.catalogsync.kong.emulator.RecordedRequest::isValidation)
                    .count();
            assertThat(validations).isPositive().isLessThanOrEqualTo(c.plan().operations().stream()
                    .filter(o -> o.entity() instanceof Plugin).count());
            assertThat(h.requests()).hasSize((int) (writes + gets.size() + validations));
        }
    }

    /**
     * An unowned entity holding the deterministic id of a desired one (another name): a PUT by id would overwrite
     * it; the create is a POST, which Kong refuses with a primary key violation, reported as a conflict.
     */
    @Test
    void anUnownedEntityHoldingTheIdIsAConflictAndIsNotOverwritten() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            Reconciler r = h.reconciler();
            Service desired = (Service) h.cycle(r, ReconcileOptions.defaults().withDryRun(true)).plan().operations()
                    .stream().filter(o -> o.entity() instanceof Service s && s.name().equals("payments"))
                    .findFirst().orElseThrow().entity();
            Service foreign = await(h.client.services().upsert(desired.id(), new Service(null, "legacy-payments",
                    "http", "legacy.internal", 80, null, null, null, null, null, null, List.of("team-a"), null, null)));
            assertThat(foreign.id()).isEqualTo(desired.id());
            CycleResult c = h.cycle(r, ReconcileOptions.defaults());
            assertThat(c.outcome()).isEqualTo(CycleResult.Outcome.PARTIAL);
            assertThat(c.conflicts()).singleElement().satisfies(x -> {
                assertThat(x.type()).isEqualTo(EntityType.SERVICE);
                assertThat(x.key()).isEqualTo("payments");
                assertThat(x.holderId()).isEqualTo(foreign.id());
                assertThat(x.withheldDependents()).isGreaterThan(0);
            });
            assertThat(c.applied().failed()).isEmpty();
            assertThat(c.applied().skipped()).isEmpty();
            Service after = await(h.client.services().get(foreign.id())).orElseThrow();
            assertThat(after.name()).isEqualTo("legacy-payments");
            assertThat(after.host()).isEqualTo("legacy.internal");
            assertThat(after.tags()).containsExactly("team-a");
            CycleResult again = h.cycle(r, ReconcileOptions.defaults());
            assertThat(again.plan().operations()).isEmpty();
            assertThat(again.conflicts()).hasSize(1);
        }
    }

    @Test
    void anUnownedPluginWithTheSameScopeIsAConflict() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            Reconciler r = h.reconciler();
            assertThat(h.cycle(r, ReconcileOptions.defaults()).outcome()).isEqualTo(CycleResult.Outcome.SUCCESS);
            // Someone puts their own cors plugin on the daemon's payments service...
            Service payments = await(h.client.services().get("payments")).orElseThrow();
            Plugin foreign = await(h.client.plugins().upsert(java.util.UUID.randomUUID().toString(), new Plugin(null,
                    "cors", null, io.catalogsync.kong.entity.Ref.id(payments.id()), null, null,
                    Map.of("origins", List.of("https://team-b.example.com")), null, null, List.of("team-b"), null, null)));
            // ...and then the catalog asks for cors on payments too.
            String catalog = Files.readString(TestPaths.exampleCatalog());
            h.useCatalog(catalog.replace("      route.hosts: \"payments.example.com", "      cors.enabled: \"true\"\n"
                    + "      route.hosts: \"payments.example.com"));
            h.emulator.clearRequests();
            CycleResult c = h.cycle(r, ReconcileOptions.defaults());
            assertThat(c.conflicts()).singleElement().satisfies(x -> {
                assertThat(x.type()).isEqualTo(EntityType.PLUGIN);
                assertThat(x.key()).isEqualTo("cors@service payments");
                assertThat(x.holderId()).isEqualTo(foreign.id());
            });
            assertThat(c.outcome()).isEqualTo(CycleResult.Outcome.PARTIAL);
            assertThat(c.applied().failed()).isEmpty();
            assertThat(h.writes()).isZero();
            Plugin after = await(h.client.plugins().get(foreign.id())).orElseThrow();
            assertThat(after.config().get("origins")).isEqualTo(List.of("https://team-b.example.com"));
            assertThat(after.tags()).containsExactly("team-b");
        }
    }

    @Test
    void aFailedCatalogWritesNothing() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            Reconciler r = h.reconciler();
            assertThat(h.cycle(r, ReconcileOptions.defaults()).outcome()).isEqualTo(CycleResult.Outcome.SUCCESS);
            h.useCatalog("services:\n  - name: orders\n    endpoints: [unclosed\n");
            h.emulator.clearRequests();
            CycleResult c = h.cycle(r, ReconcileOptions.defaults().withForce(true));
            assertThat(c.outcome()).isEqualTo(CycleResult.Outcome.FAILED);
            assertThat(c.failure().kind()).isEqualTo(CycleResult.Failure.Kind.CATALOG_INVALID);
            assertThat(c.failure().message()).contains("catalog.yaml").contains("nothing is written");
            assertThat(h.requests()).isEmpty();
        }
    }

    @Test
    void anEmptyCatalogDeletesNothingUnlessForced() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            Reconciler r = h.reconciler();
            CycleResult first = h.cycle(r, ReconcileOptions.defaults());
            int owned = first.plan().operations().size();
            h.useCatalog("services: []\n");
            h.emulator.clearRequests();
            CycleResult c = h.cycle(r, ReconcileOptions.defaults());
            assertThat(c.outcome()).isEqualTo(CycleResult.Outcome.PARTIAL);
            assertThat(c.refusedDeletions()).singleElement().satisfies(x -> {
                assertThat(x.reason()).isEqualTo(RefusedDeletion.Reason.EMPTY_CATALOG);
                assertThat(x.count()).isEqualTo(owned);
            });
            assertThat(h.writes()).isZero();
            CycleResult forced = h.cycle(r, ReconcileOptions.defaults().withForce(true));
            assertThat(forced.outcome()).isEqualTo(CycleResult.Outcome.SUCCESS);
            assertThat(forced.applied().applied()).hasSize(owned);
            assertThat(await(h.client.services().list(ListQuery.ALL))).isEmpty();
        }
    }

    @Test
    void tooManyDeletesAreRefusedByRatio() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            Reconciler r = h.reconciler();
            h.cycle(r, ReconcileOptions.defaults());
            String catalog = Files.readString(TestPaths.exampleCatalog());
            // Keep only the first service: most owned entities would go.
            h.useCatalog(catalog.substring(0, catalog.indexOf("  # Public product catalogue")));
            h.emulator.clearRequests();
            CycleResult c = h.cycle(r, ReconcileOptions.defaults());
            assertThat(c.refusedDeletions()).singleElement()
                    .satisfies(x -> assertThat(x.reason()).isEqualTo(RefusedDeletion.Reason.DELETE_RATIO));
            assertThat(c.plan().count(Operation.Kind.DELETE)).isZero();
            assertThat(h.writes()).isZero();
            CycleResult relaxed = h.cycle(r, new ReconcileOptions(false, false, 1.0, 4));
            assertThat(relaxed.outcome()).isEqualTo(CycleResult.Outcome.SUCCESS);
            assertThat(await(h.client.services().list(ListQuery.ALL))).extracting(Service::name)
                    .containsOnly("orders~api.v1", "orders~status");
        }
    }

    @Test
    void kongUnreachableFailsTheCycle() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            await(h.emulator.stop());
            CycleResult c = h.cycle(h.reconciler(), ReconcileOptions.defaults());
            assertThat(c.outcome()).isEqualTo(CycleResult.Outcome.FAILED);
            assertThat(c.failure().kind()).isEqualTo(CycleResult.Failure.Kind.KONG_UNAVAILABLE);
            assertThat(c.kong()).isNull();
            assertThat(Map.of("m", c.failure().message())).isNotEmpty();
        }
    }
}
