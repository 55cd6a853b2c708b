package io.catalogsync.sync;

import static io.catalogsync.sync.EmulatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.admin.ConfigResult;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.RecordedRequest;
import io.catalogsync.kong.entity.Consumer;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.render.DeclarativeConfig;
import io.catalogsync.sync.state.EntityJson;
import io.catalogsync.sync.plan.FieldChange;
import io.catalogsync.sync.plan.Update;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Cycles against a DB-less emulator: one POST /config per change, none when nothing changed. */
class DbLessEmulatorTest {

    @TempDir
    Path dir;

    private static long configPosts(EmulatorHarness h) {
        return h.requests().stream().filter(r -> r.method().equals("POST") && r.path().equals("/config")).count();
    }

    /** Someone else's entities, loaded before the daemon ever runs. */
    private static void loadForeignConfig(EmulatorHarness h) throws Exception {
        ObjectNode doc = DeclarativeConfig.empty();
        doc.putArray("services").addObject().put("name", "team-a-api").put("host", "team-a.internal")
                .put("port", 8080).put("protocol", "http").putArray("tags").add("team-a");
        doc.putArray("consumers").addObject().put("username", "alice").putArray("tags").add("team-a");
        ConfigResult r = await(h.client.loadConfig(doc, false));
        assertThat(r.outcome()).isEqualTo(ConfigResult.Outcome.LOADED);
    }

    @Test
    void pushesOnceAndThenNotAgainKeepingForeignEntities() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.dblessDefaults(), dir)) {
            loadForeignConfig(h);
            List<Service> before = await(h.client.services().list(ListQuery.ALL));
            Service foreign = before.get(0);
            h.emulator.clearRequests();

            Reconciler r = h.reconciler();
            CycleResult first = h.cycle(r, ReconcileOptions.defaults());
            assertThat(first.outcome()).as("%s", first.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);
            assertThat(first.kong().mode()).isEqualTo("dbless");
            assertThat(first.configPushes()).isEqualTo(1);
            assertThat(configPosts(h)).isEqualTo(1);
            // Only /config writes: DB-less Kong refuses entity writes.
            assertThat(h.requests()).filteredOn(RecordedRequest::isWrite).extracting(RecordedRequest::path)
                    .containsOnly("/config");

            List<Service> services = await(h.client.services().list(ListQuery.ALL));
            assertThat(services).extracting(Service::name).contains("team-a-api", "payments", "orders~api.v1");
            Service foreignAfter = services.stream().filter(s -> s.name().equals("team-a-api")).findFirst().orElseThrow();
            assertThat(foreignAfter.id()).isEqualTo(foreign.id());
            assertThat(foreignAfter.tags()).containsExactly("team-a");
            assertThat(await(h.client.consumers().list(ListQuery.ALL))).extracting(Consumer::username).contains("alice");

            h.emulator.clearRequests();
            CycleResult second = h.cycle(r, ReconcileOptions.defaults());
            assertThat(second.outcome()).isEqualTo(CycleResult.Outcome.NO_CHANGES);
            assertThat(second.configPushes()).isZero();
            assertThat(configPosts(h)).isZero();
            assertThat(h.requests()).noneMatch(RecordedRequest::isWrite);

            // A change pushes again, and foreign entities survive it too.
            String catalog = java.nio.file.Files.readString(TestPaths.exampleCatalog());
            h.useCatalog(catalog.substring(0, catalog.indexOf("  # Webhook receiver")));
            CycleResult third = h.cycle(r, ReconcileOptions.defaults());
            assertThat(third.outcome()).isEqualTo(CycleResult.Outcome.SUCCESS);
            assertThat(third.plan().operations()).allMatch(o -> o.kind() == Operation.Kind.DELETE);
            assertThat(await(h.client.services().list(ListQuery.ALL))).extracting(Service::name)
                    .contains("team-a-api").doesNotContain("notifications");
        }
    }

    @Test
    void aRejectedServiceIsMappedFromKongsErrorsAndTheRestStillSyncs() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.dblessDefaults(), dir)) {
            loadForeignConfig(h);
            h.emulator.clearRequests();
            // A Kong that gives no verdict on plugins (validation unavailable): the bad hook reaches POST /config,
            // and Kong's errors are what isolate the service. (With validation, PluginValidationEmulatorTest.)
            KongAdminClient noValidation = (KongAdminClient) java.lang.reflect.Proxy.newProxyInstance(
                    KongAdminClient.class.getClassLoader(), new Class<?>[] {KongAdminClient.class},
                    (proxy, m, args) -> {
                        if (m.getName().equals("validatePlugin")) {
                            return io.vertx.core.Future.failedFuture(new IllegalStateException("no answer"));
                        }
                        try {
                            return m.invoke(h.client, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            Reconciler r = new Reconciler(h.vertx, h.source(), noValidation,
                    EmulatorHarness.translateOptions("this is not (lua"));
            CycleResult c = h.cycle(r, ReconcileOptions.defaults());
            assertThat(c.outcome()).isEqualTo(CycleResult.Outcome.PARTIAL);
            assertThat(c.configPushes()).isEqualTo(2);
            assertThat(c.applied().failed()).isNotEmpty().allSatisfy(f -> {
                assertThat(f.operation().catalogService()).isEqualTo("llm-gateway");
                assertThat(f.message()).contains("llm-gateway").contains("pre-function");
            });
            assertThat(c.errors()).filteredOn(e -> e.stage() == SyncError.Stage.KONG).extracting(SyncError::service)
                    .containsOnly("llm-gateway");
            List<Service> services = await(h.client.services().list(ListQuery.ALL));
            assertThat(services).extracting(Service::name).contains("team-a-api", "payments")
                    .noneMatch(n -> n.startsWith("llm-gateway"));
            assertThat(await(h.client.plugins().list(ListQuery.ALL))).extracting(Plugin::name)
                    .doesNotContain("pre-function");
        }
    }

    @Test
    void aForeignPluginOnAnOwnedRouteKeepsThatRouteInThePushedConfig() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.dblessDefaults(), dir)) {
            Reconciler r = h.reconciler();
            assertThat(h.cycle(r, ReconcileOptions.defaults()).outcome()).isEqualTo(CycleResult.Outcome.SUCCESS);
            // Someone adds their own plugin on one of the daemon's routes (the whole config, as DB-less needs).
            java.util.Map<String, List<ObjectNode>> current = new java.util.HashMap<>();
            current.put("upstreams", await(h.client.upstreams().listRaw(ListQuery.ALL)));
            current.put("services", await(h.client.services().listRaw(ListQuery.ALL)));
            current.put("routes", await(h.client.routes().listRaw(ListQuery.ALL)));
            current.put("consumers", await(h.client.consumers().listRaw(ListQuery.ALL)));
            List<ObjectNode> plugins = new java.util.ArrayList<>(await(h.client.plugins().listRaw(ListQuery.ALL)));
            List<ObjectNode> targets = new java.util.ArrayList<>();
            for (ObjectNode u : current.get("upstreams")) {
                targets.addAll(await(h.client.targets(u.get("id").asText()).listRaw(ListQuery.ALL)));
            }
            current.put("targets", targets);
            ObjectNode route = current.get("routes").stream()
                    .filter(x -> x.get("name").asText().startsWith("notifications")).findFirst().orElseThrow();
            ObjectNode foreign = EntityJson.MAPPER.createObjectNode();
            foreign.put("name", "request-termination");
            foreign.putObject("route").put("id", route.get("id").asText());
            foreign.putObject("config").put("status_code", 503);
            foreign.putArray("tags").add("team-b");
            plugins.add(foreign);
            current.put("plugins", plugins);
            ObjectNode doc = DeclarativeConfig.flat(io.catalogsync.kong.entity.KongState.EMPTY, current);
            assertThat(await(h.client.loadConfig(doc, false)).outcome()).isEqualTo(ConfigResult.Outcome.LOADED);
            assertThat(h.cycle(r, ReconcileOptions.defaults()).configPushes()).as("re-reading it changes nothing").isZero();

            // Now the catalog drops that service. Deleting its route would leave the foreign plugin dangling (and
            // Kong would refuse the whole configuration): the route, its service, its upstream with the targets and
            // the plugins on them are kept and reported (held back with everything the live route needs).
            String catalog = java.nio.file.Files.readString(TestPaths.exampleCatalog());
            h.useCatalog(catalog.substring(0, catalog.indexOf("  # Webhook receiver")));
            h.emulator.clearRequests();
            CycleResult c = h.cycle(r, ReconcileOptions.defaults());
            assertThat(c.outcome()).as("%s", c.errors()).isEqualTo(CycleResult.Outcome.PARTIAL);
            assertThat(c.refusedDeletions()).singleElement().satisfies(d -> {
                assertThat(d.reason()).isEqualTo(io.catalogsync.sync.plan.RefusedDeletion.Reason.UNOWNED_DEPENDENTS);
                assertThat(d.message()).contains("request-termination").contains("notifications");
            });
            assertThat(c.applied().failed()).isEmpty();
            assertThat(c.plan().operations()).noneMatch(o -> "notifications".equals(o.catalogService()));
            assertThat(c.refusedDeletions().get(0).held()).extracting(Operation::type)
                    .contains(io.catalogsync.kong.entity.EntityType.ROUTE, io.catalogsync.kong.entity.EntityType.TARGET);
            assertThat(await(h.client.exportConfig()).path("targets")).isNotEmpty();
            assertThat(await(h.client.routes().list(ListQuery.ALL))).anyMatch(x -> x.name().startsWith("notifications"));
            assertThat(await(h.client.plugins().list(ListQuery.ALL))).extracting(Plugin::name)
                    .contains("request-termination");
            assertThat(h.cycle(r, ReconcileOptions.defaults()).configPushes()).as("nothing left to push").isZero();
        }
    }

    /**
     * Real Kong 3.9.3 DB-less answers every tag-filtered list of a collection holding an untagged entity with 500
     * (kong-transcripts/3.9.3-daemon/README.md, daemon-dbless-untagged.json): the owned state is read from untagged
     * pages instead, and an untagged service, consumer and its key-auth credential survive every push.
     */
    @Test
    void tagFilteredListsAnswering500LikeKong39DbLessStopNothing() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.dblessDefaults(), dir)) {
            ObjectNode doc = DeclarativeConfig.empty();
            ObjectNode svc = doc.putArray("services").addObject().put("name", "handmade").put("host", "10.9.9.9")
                    .put("port", 80).put("protocol", "http");
            svc.putArray("routes").addObject().put("name", "handmade-r").putArray("paths").add("/hand");
            doc.putArray("consumers").addObject().put("username", "alice").putArray("keyauth_credentials")
                    .addObject().put("key", "alice-secret-key");
            assertThat(await(h.client.loadConfig(doc, false)).outcome()).isEqualTo(ConfigResult.Outcome.LOADED);
            h.emulator.faults().failTagFilteredLists(500);
            h.emulator.clearRequests();

            Reconciler r = h.reconciler();
            CycleResult first = h.cycle(r, ReconcileOptions.defaults());
            assertThat(first.outcome()).as("%s %s", first.failure(), first.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);
            assertThat(first.configPushes()).isEqualTo(1);
            CycleResult second = h.cycle(r, ReconcileOptions.defaults());
            assertThat(second.outcome()).as("%s", second.failure()).isEqualTo(CycleResult.Outcome.NO_CHANGES);
            assertThat(second.configPushes()).isZero();
            String catalog = java.nio.file.Files.readString(TestPaths.exampleCatalog());
            h.useCatalog(catalog.substring(0, catalog.indexOf("  # Webhook receiver")));
            CycleResult third = h.cycle(r, ReconcileOptions.defaults());
            assertThat(third.outcome()).as("%s", third.failure()).isEqualTo(CycleResult.Outcome.SUCCESS);
            assertThat(h.requests()).noneMatch(q -> q.query() != null && q.query().contains("tags="));
            // What real Kong 3.9.3 answered 500 to in the recording is never asked any more.
            com.fasterxml.jackson.databind.JsonNode recorded = EntityJson.MAPPER.readTree(
                    io.catalogsync.kong.emulator.KongTranscripts.read("3.9.3-daemon", "daemon-dbless-untagged.json"));
            java.util.Set<String> failedOnKong39 = new java.util.HashSet<>();
            for (com.fasterxml.jackson.databind.JsonNode x : recorded.path("exchanges")) {
                if (x.path("response").path("status").asInt() == 500) {
                    failedOnKong39.add(x.path("request").path("method").asText() + " " + x.path("request").path("path")
                            .asText() + " tags=" + x.path("request").path("query").path("tags").asText());
                }
            }
            assertThat(failedOnKong39).isNotEmpty();
            assertThat(h.requests()).extracting(q -> q.method() + " " + q.path() + " tags="
                    + (q.query() == null || !q.query().contains("tags=") ? "" : "managed-by:kong-catalog-sync"))
                    .doesNotContainAnyElementsOf(failedOnKong39);

            h.emulator.faults().clear();
            assertThat(await(h.client.services().list(ListQuery.ALL))).extracting(Service::name)
                    .contains("handmade", "payments").doesNotContain("notifications");
            assertThat(await(h.client.routes().list(ListQuery.ALL))).extracting(io.catalogsync.kong.entity.Route::name)
                    .contains("handmade-r");
            Consumer alice = await(h.client.consumers().get("alice")).orElseThrow();
            assertThat(alice.tags()).isNullOrEmpty();
            assertThat(await(h.client.exportConfig()).path("keyauth_credentials").get(0).path("key").asText())
                    .isEqualTo("alice-secret-key");
        }
    }

    /** An unowned service holding the name of a desired one is a conflict in DB-less mode too, found without a GET. */
    @Test
    void aConflictInDbLessModeIsFoundFromTheUntaggedPages() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.dblessDefaults(), dir)) {
            ObjectNode doc = DeclarativeConfig.empty();
            doc.putArray("services").addObject().put("name", "payments").put("host", "legacy.internal")
                    .put("port", 80).put("protocol", "http").putArray("tags").add("team-a");
            assertThat(await(h.client.loadConfig(doc, false)).outcome()).isEqualTo(ConfigResult.Outcome.LOADED);
            h.emulator.clearRequests();
            CycleResult c = h.cycle(h.reconciler(), ReconcileOptions.defaults());
            assertThat(c.outcome()).isEqualTo(CycleResult.Outcome.PARTIAL);
            assertThat(c.conflicts()).singleElement().satisfies(x -> assertThat(x.key()).isEqualTo("payments"));
            assertThat(h.requests()).filteredOn(q -> q.method().equals("GET"))
                    .noneMatch(q -> q.path().startsWith("/services/") || q.path().startsWith("/upstreams/payments"));
            Service after = await(h.client.services().get("payments")).orElseThrow();
            assertThat(after.host()).isEqualTo("legacy.internal");
            assertThat(after.tags()).containsExactly("team-a");
        }
    }

    /** Everything Kong holds, as Kong lists it: what a person editing a DB-less Kong starts from. */
    private static java.util.Map<String, List<ObjectNode>> currentConfig(EmulatorHarness h) throws Exception {
        java.util.Map<String, List<ObjectNode>> current = new java.util.HashMap<>();
        current.put("upstreams", await(h.client.upstreams().listRaw(ListQuery.ALL)));
        current.put("services", await(h.client.services().listRaw(ListQuery.ALL)));
        current.put("routes", await(h.client.routes().listRaw(ListQuery.ALL)));
        current.put("consumers", await(h.client.consumers().listRaw(ListQuery.ALL)));
        current.put("plugins", await(h.client.plugins().listRaw(ListQuery.ALL)));
        List<ObjectNode> targets = new java.util.ArrayList<>();
        for (ObjectNode u : current.get("upstreams")) {
            targets.addAll(await(h.client.targets(u.get("id").asText()).listRaw(ListQuery.ALL)));
        }
        current.put("targets", targets);
        return current;
    }

    /**
     * A person edits DB-less Kong by hand (POST /config with the whole configuration, two fields changed that the
     * daemon leaves at Kong's defaults: a service's {@code tls_verify}, an upstream's {@code hash_on_cookie_path}).
     * The daemon's next cycle sees the drift, pushes once to put the defaults back, counts and logs the repairs,
     * and the cycle after pushes nothing.
     */
    @ParameterizedTest(name = "Kong {0}")
    @ValueSource(strings = {"3.4.2", "3.9.3"})
    void aHandEditPushedThroughConfigIsRepairedByTheNextCycle(String version) throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.dblessDefaults().withVersion(version), dir)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Reconciler r = h.reconciler().countDriftIn(registry);
            assertThat(h.cycle(r, ReconcileOptions.defaults()).outcome()).isEqualTo(CycleResult.Outcome.SUCCESS);

            java.util.Map<String, List<ObjectNode>> current = currentConfig(h);
            ObjectNode service = current.get("services").stream()
                    .filter(x -> x.path("protocol").asText().equals("https")).findFirst().orElseThrow();
            service.put("tls_verify", true);
            ObjectNode upstream = current.get("upstreams").get(0);
            assertThat(upstream.path("hash_on_cookie_path").asText()).as("Kong's default").isEqualTo("/");
            upstream.put("hash_on_cookie_path", "/sticky");
            ObjectNode doc = DeclarativeConfig.flat(io.catalogsync.kong.entity.KongState.EMPTY, current);
            assertThat(await(h.client.loadConfig(doc, false)).outcome()).isEqualTo(ConfigResult.Outcome.LOADED);
            assertThat(await(h.client.services().listRaw(ListQuery.ALL))).as("the hand edit")
                    .anyMatch(x -> x.path("tls_verify").asBoolean(false));

            h.emulator.clearRequests();
            CycleResult repair = h.cycle(r, ReconcileOptions.defaults());
            assertThat(repair.outcome()).as("%s", repair.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);
            assertThat(repair.plan().operations()).as("the repair plan").hasSize(2)
                    .allMatch(o -> o.kind() == Operation.Kind.UPDATE);
            assertThat(repair.plan().operations()).filteredOn(o -> o.entity().id().equals(service.get("id").asText()))
                    .singleElement().satisfies(o -> assertThat(((Update) o).changes()).extracting(FieldChange::path)
                            .containsExactly("tls_verify"));
            assertThat(repair.plan().operations()).filteredOn(o -> o.entity().id().equals(upstream.get("id").asText()))
                    .singleElement().satisfies(o -> assertThat(((Update) o).changes()).extracting(FieldChange::path)
                            .containsExactly("hash_on_cookie_path"));
            assertThat(repair.configPushes()).isEqualTo(1);
            assertThat(configPosts(h)).isEqualTo(1);
            assertThat(await(h.client.services().listRaw(ListQuery.ALL))).as("after the repair")
                    .noneMatch(x -> x.path("tls_verify").asBoolean(false));
            assertThat(await(h.client.upstreams().listRaw(ListQuery.ALL))).as("after the repair")
                    .allMatch(x -> x.path("hash_on_cookie_path").asText().equals("/"));
            assertThat(registry.get(DriftRepairs.METER).tag("entity", "service").counter().count()).isEqualTo(1.0);
            assertThat(registry.get(DriftRepairs.METER).tag("entity", "upstream").counter().count()).isEqualTo(1.0);

            h.emulator.clearRequests();
            CycleResult after = h.cycle(r, ReconcileOptions.defaults());
            assertThat(after.outcome()).isEqualTo(CycleResult.Outcome.NO_CHANGES);
            assertThat(after.plan().operations()).isEmpty();
            assertThat(after.configPushes()).isZero();
            assertThat(h.requests()).noneMatch(RecordedRequest::isWrite);
        }
    }
}
