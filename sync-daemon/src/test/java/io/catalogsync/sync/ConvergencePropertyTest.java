package io.catalogsync.sync;

import static io.catalogsync.sync.EmulatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.Endpoint;
import io.catalogsync.catalog.translate.TranslateOptions;
import io.catalogsync.catalog.translate.Translation;
import io.catalogsync.catalog.translate.Translator;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.entity.Consumer;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import io.catalogsync.sync.apply.Applier;
import io.catalogsync.sync.apply.ApplyResult;
import io.catalogsync.sync.plan.Create;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Plan;
import io.catalogsync.sync.state.EntityJson;
import io.catalogsync.sync.state.StateIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: from any Kong state (owned entities from an older catalog, some drifted, some under other ids;
 * unowned entities, some holding names the catalog needs), one sync reaches a state whose re-diff is empty
 * (conflicts and deletions kept for unowned dependents are reported, not retried), and no unowned entity changes.
 * 200 random cases with a fixed seed, on one emulator reset between cases.
 */
class ConvergencePropertyTest {

    private static final int CASES = 200;
    private static final String OWNER = TranslateOptions.DEFAULT_OWNER_TAG;
    private static final List<String> NAMES = List.of("alpha", "beta", "gamma", "delta", "eps");
    // IPv6 hosts as a catalog writes them: Kong stores and returns them fully expanded
    private static final List<String> HOSTS = List.of("a.internal", "b.internal", "10.0.0.7", "c.ns.svc",
            "fd00:10:40::22", "2001:db8::7");
    private static final List<String> PATHS = List.of("/api/*", "/v1/items", "/status", "/api/v2/*", "/");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE");

    @TempDir
    Path dir;

    @Test
    void oneSyncConvergesFromAnyStateAndLeavesUnownedEntitiesAlone() throws Exception {
        Random rnd = new Random(20261206L);
        TranslateOptions options = EmulatorHarness.translateOptions(EmulatorHarness.TEST_HOOK);
        int conflicts = 0;
        int adopted = 0;
        int rejected = 0;
        int protectedDeletes = 0;
        int pluginConflicts = 0;
        int multiUpstream = 0;
        int ipv6 = 0;
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            MemoryCatalogSource source = new MemoryCatalogSource();
            Reconciler reconciler = new Reconciler(h.vertx, source, h.client, options);
            for (int i = 0; i < CASES; i++) {
                h.emulator.reset();
                h.emulator.clearRequests();
                List<CatalogService> older = catalog(rnd);
                List<CatalogService> wanted = catalog(rnd);
                Translation olderT = Translator.translate(older, options);
                Translation wantedT = Translator.translate(wanted, options);
                rejected += wantedT.rejected().isEmpty() ? 0 : 1;

                adopted += preexistingOwned(h, olderT.desired(), rnd);
                unowned(h.client, wantedT.desired(), olderT.desired(), rnd);
                Map<String, String> before = unownedSnapshot(h.client);

                source.set(wanted);
                CycleResult sync = await(reconciler.reconcile(new ReconcileOptions(false, true, 1.0, 4)));
                String context = "case " + i + ": " + wanted + "\n" + sync.errors() + "\n" + sync.applied().failed();
                assertThat(sync.outcome()).as(context).isNotEqualTo(CycleResult.Outcome.FAILED);
                assertThat(sync.applied().failed()).as(context).isEmpty();
                assertThat(sync.applied().skipped()).as(context).isEmpty();

                if (!sync.conflicts().isEmpty()) {
                    // A DB-mode create finds its conflict on the write; the next cycle then looks names up before
                    // planning and removes what hung under the foreign holder: convergence takes this one more run.
                    CycleResult more = await(reconciler.reconcile(new ReconcileOptions(false, true, 1.0, 4)));
                    assertThat(more.applied().failed()).as(context).isEmpty();
                }
                CycleResult again = await(reconciler.reconcile(new ReconcileOptions(true, true, 1.0, 4)));
                assertThat(again.plan().operations()).as(context).isEmpty();
                // and a real second sync writes nothing (IPv6 targets read back expanded compare equal)
                h.emulator.clearRequests();
                CycleResult second = await(reconciler.reconcile(new ReconcileOptions(false, true, 1.0, 4)));
                assertThat(second.plan().operations()).as(context).isEmpty();
                // In DB mode a create finds its conflict on the write itself (a POST Kong refuses, never an
                // overwrite), so a name held by an unowned entity is tried, and refused, once per cycle.
                assertThat(h.emulator.requests()).as(context)
                        .allMatch(r -> r.method().equals("GET") || (r.method().equals("POST")
                                && (r.status() == 409 || r.status() == 400)));
                assertThat(h.emulator.requests().stream().filter(r -> !r.method().equals("GET")).count())
                        .as(context).isLessThanOrEqualTo(second.conflicts().size());
                assertThat(h.emulator.writeCount() - h.emulator.requests().stream()
                        .filter(r -> !r.method().equals("GET")).count()).as(context).isZero();
                multiUpstream += wantedT.desired().upstreams().stream().anyMatch(u -> u.name().contains(".upstream."))
                        ? 1 : 0;
                ipv6 += wantedT.desired().targets().stream().anyMatch(t -> t.target().startsWith("[")) ? 1 : 0;
                assertThat(again.conflicts()).as(context).hasSameSizeAs(sync.conflicts());
                assertThat(unownedSnapshot(h.client)).as(context).isEqualTo(before);
                conflicts += sync.conflicts().isEmpty() ? 0 : 1;
                pluginConflicts += sync.conflicts().stream()
                        .anyMatch(c -> c.type() == io.catalogsync.kong.entity.EntityType.PLUGIN) ? 1 : 0;
                protectedDeletes += sync.refusedDeletions().isEmpty() ? 0 : 1;
            }
        }
        System.out.println("convergence cases: conflicts " + conflicts + ", adopted " + adopted + ", rejected " + rejected
                + ", protected deletes " + protectedDeletes + ", plugin conflicts " + pluginConflicts
                + ", multi-upstream " + multiUpstream + ", ipv6 " + ipv6);
        // The generator must actually exercise the interesting cases.
        assertThat(conflicts).as("cases with conflicts").isGreaterThan(20);
        assertThat(adopted).as("owned entities under other ids").isGreaterThan(20);
        assertThat(rejected).as("cases with a rejected service").isGreaterThan(5);
        assertThat(protectedDeletes).as("cases keeping deletions for unowned dependents").isGreaterThan(5);
        assertThat(pluginConflicts).as("cases with a plugin scope collision").isGreaterThan(5);
        assertThat(multiUpstream).as("cases with a service whose routes have different backends").isGreaterThan(20);
        assertThat(ipv6).as("cases with an IPv6 target").isGreaterThan(20);
    }

    /** 1-3 services from a small name pool, mostly valid, sometimes with an invalid port. */
    private static List<CatalogService> catalog(Random rnd) {
        List<String> names = new ArrayList<>(NAMES);
        java.util.Collections.shuffle(names, rnd);
        List<CatalogService> out = new ArrayList<>();
        int n = 1 + rnd.nextInt(3);
        for (int s = 0; s < n; s++) {
            List<Endpoint> endpoints = new ArrayList<>();
            int e = 1 + rnd.nextInt(4);
            for (int k = 0; k < e; k++) {
                List<String> methods = new ArrayList<>();
                for (String m : METHODS) {
                    if (rnd.nextInt(3) == 0) {
                        methods.add(m);
                    }
                }
                // several ports per service: the multi-port services that need one upstream per target set
                int port = rnd.nextInt(25) == 0 ? 0 : List.of(8080, 8081, 9090).get(rnd.nextInt(3));
                endpoints.add(new Endpoint("http", HOSTS.get(rnd.nextInt(HOSTS.size())), port,
                        PATHS.get(rnd.nextInt(PATHS.size())), methods));
            }
            Map<String, String> md = new LinkedHashMap<>();
            if (rnd.nextBoolean()) {
                int minute = 10 * (1 + rnd.nextInt(10));
                md.put("rateLimit.minute", Integer.toString(minute));
                if (rnd.nextBoolean()) {
                    md.put("rateLimit.hour", Integer.toString(minute * 30));
                }
            }
            if (rnd.nextBoolean()) {
                md.put("auth.type", List.of("jwt", "key-auth", "basic-auth").get(rnd.nextInt(3)));
                md.put("auth.required", Boolean.toString(rnd.nextBoolean()));
            }
            if (rnd.nextInt(3) == 0) {
                md.put("cors.enabled", "true");
                md.put("cors.origins", "https://x.example.com");
            }
            if (rnd.nextInt(3) == 0) {
                md.put("healthcheck.path", "/health");
            }
            if (rnd.nextInt(3) == 0) {
                md.put("retries", Integer.toString(rnd.nextInt(6)));
            }
            if (rnd.nextInt(4) == 0) {
                md.put("masking.enabled", "true");
            }
            out.add(new CatalogService(names.get(s), "v1", endpoints, md));
        }
        return out;
    }

    /**
     * Writes a parent-closed random subset of an older catalog's entities as owned entities, some drifted and
     * some (leaves) under random ids. Returns how many were written under another id.
     */
    private static int preexistingOwned(EmulatorHarness h, KongState older, Random rnd) throws Exception {
        StateIndex idx = new StateIndex(older);
        Set<String> chosen = new HashSet<>();
        List<KongEntity> picked = new ArrayList<>();
        older.all().forEach(e -> {
            boolean parentsIn = idx.parents(e).stream().allMatch(p -> chosen.contains(idx.identity(p)));
            if (parentsIn && rnd.nextInt(4) != 0) {
                chosen.add(idx.identity(e));
                picked.add(e);
            }
        });
        Set<String> hasChildren = new HashSet<>();
        for (KongEntity e : picked) {
            idx.parents(e).forEach(p -> hasChildren.add(idx.identity(p)));
        }
        int renamed = 0;
        List<Operation> ops = new ArrayList<>();
        for (KongEntity e : picked) {
            KongEntity w = drift(e, rnd);
            if (!hasChildren.contains(idx.identity(e)) && rnd.nextInt(3) == 0) {
                w = w.withId(UUID.randomUUID().toString());
                renamed++;
            }
            ops.add(new Create(w, w.key(), null));
        }
        ApplyResult r = await(new Applier(h.vertx, h.client, 4).apply(new Plan(ops, List.of(), 0)));
        assertThat(r.failed()).as("setting up owned entities").isEmpty();
        return renamed;
    }

    private static KongEntity drift(KongEntity e, Random rnd) {
        if (rnd.nextInt(4) != 0) {
            return e;
        }
        if (e instanceof Service s) {
            return new Service(s.id(), s.name(), s.protocol(), s.host(), s.port(), s.path(), 9, 1234, s.writeTimeout(),
                    s.readTimeout(), s.enabled(), s.tags(), null, null);
        }
        if (e instanceof Route r) {
            return new Route(r.id(), r.name(), r.protocols(), List.of("PATCH"), List.of("drift.example.com"),
                    r.paths(), r.headers(), !Boolean.FALSE.equals(r.stripPath()) ? Boolean.FALSE : Boolean.TRUE,
                    r.preserveHost(), 5, r.pathHandling(), r.httpsRedirectStatusCode(), r.requestBuffering(),
                    r.responseBuffering(), r.service(), r.tags(), null, null);
        }
        if (e instanceof Upstream u) {
            return new Upstream(u.id(), u.name(), "least-connections", u.hashOn(), u.hashFallback(), u.slots(),
                    "drift.internal", null, u.tags(), null, null);
        }
        if (e instanceof Target t) {
            return new Target(t.id(), t.target(), 7, t.upstream(), t.tags(), null, null);
        }
        if (e instanceof Plugin p && p.name().equals("rate-limiting")) {
            Map<String, Object> c = new LinkedHashMap<>(p.config());
            c.put("hour", 99999);
            c.put("hide_client_headers", true);
            return new Plugin(p.id(), p.name(), null, p.service(), p.route(), p.consumer(), c, null, null, p.tags(),
                    null, null);
        }
        return e;
    }

    /**
     * Unowned entities: some holding names the wanted catalog needs (services, routes, upstreams, the anonymous
     * consumer), some unrelated, some depending on owned entities (a plugin on an owned route, a target in an
     * owned upstream). Creations Kong refuses (the name is owned already) are simply not made.
     */
    private static void unowned(KongAdminClient client, KongState wanted, KongState older, Random rnd) throws Exception {
        List<String> foreign = List.of("team-x");
        Service home = await(client.services().upsert("team-x-home", new Service(null, "team-x-home", "http",
                "home.internal", 80, null, null, null, null, null, null, foreign, null, null)));
        await(client.consumers().upsert("team-x-user", new Consumer(null, "team-x-user", null, foreign, null, null)));
        for (Service s : wanted.services()) {
            if (rnd.nextInt(6) == 0) {
                tryWrite(client.services().upsert(s.name(), new Service(null, s.name(), "http", "foreign.internal",
                        8000, null, null, null, null, null, null, foreign, null, null)));
            }
        }
        for (Route r : wanted.routes()) {
            if (rnd.nextInt(8) == 0) {
                tryWrite(client.routes().upsert(r.name(), new Route(null, r.name(), null, null, null,
                        List.of("/foreign/" + rnd.nextInt(1000)), null, null, null, null, null, null, null, null,
                        Ref.id(home.id()), foreign, null, null)));
            }
        }
        for (Upstream u : wanted.upstreams()) {
            if (rnd.nextInt(8) == 0) {
                tryWrite(client.upstreams().upsert(u.name(), new Upstream(null, u.name(), null, null, null, null, null,
                        null, foreign, null, null)));
            }
        }
        for (Consumer c : wanted.consumers()) {
            if (rnd.nextInt(3) == 0) {
                tryWrite(client.consumers().upsert(c.username(), new Consumer(null, c.username(), null, foreign,
                        null, null)));
            }
        }
        // Foreign dependents of owned entities that exist now (from the older catalog).
        List<Route> ownedRoutes = await(client.routes().list(ListQuery.allTags(OWNER)));
        if (!ownedRoutes.isEmpty() && rnd.nextInt(5) == 0) {
            Route r = ownedRoutes.get(rnd.nextInt(ownedRoutes.size()));
            tryWrite(client.plugins().upsert(UUID.randomUUID().toString(), new Plugin(null, "request-termination",
                    null, null, Ref.id(r.id()), null, Map.of("status_code", 503), null, null, foreign, null, null)));
        }
        // A foreign plugin on an owned service, named like one the wanted catalog puts there (a scope collision).
        List<Service> ownedServices = await(client.services().list(ListQuery.allTags(OWNER)));
        StateIndex wantedIdx = new StateIndex(wanted);
        List<Plugin> collidable = new ArrayList<>();
        for (Plugin p : wanted.plugins()) {
            String serviceName = p.service() == null ? null
                    : wantedIdx.byId(io.catalogsync.kong.entity.EntityType.SERVICE, p.service().id())
                    .map(KongEntity::key).orElse(null);
            if (serviceName != null && ownedServices.stream().anyMatch(o -> o.name().equals(serviceName))) {
                collidable.add(p);
            }
        }
        if (!collidable.isEmpty() && rnd.nextInt(4) != 0) {
            Plugin p = collidable.get(rnd.nextInt(collidable.size()));
            String serviceName = wantedIdx.byId(io.catalogsync.kong.entity.EntityType.SERVICE, p.service().id())
                    .orElseThrow().key();
            Service target = ownedServices.stream().filter(o -> o.name().equals(serviceName)).findFirst().orElseThrow();
            Map<String, Object> config = p.name().equals("rate-limiting") ? Map.of("second", 1000)
                    : p.name().equals("oauth2") ? Map.of("enable_client_credentials", true) : Map.of();
            tryWrite(client.plugins().upsert(UUID.randomUUID().toString(), new Plugin(null, p.name(), null,
                    Ref.id(target.id()), null, null, config, null, null, foreign, null, null)));
        }
        List<Upstream> ownedUpstreams = await(client.upstreams().list(ListQuery.allTags(OWNER)));
        if (!ownedUpstreams.isEmpty() && rnd.nextInt(5) == 0) {
            Upstream u = ownedUpstreams.get(rnd.nextInt(ownedUpstreams.size()));
            tryWrite(client.targets(u.id()).upsert(UUID.randomUUID().toString(), new Target(null,
                    "foreign.internal:9" + rnd.nextInt(10) + "00", 10, Ref.id(u.id()), foreign, null, null)));
        }
    }

    private static void tryWrite(io.vertx.core.Future<?> f) throws Exception {
        f.toCompletionStage().toCompletableFuture().handle((v, e) -> null).get();
    }

    /** Every entity without the owner tag, by collection and id, as Kong returns it (timestamps included). */
    private static Map<String, String> unownedSnapshot(KongAdminClient client) throws Exception {
        Map<String, String> out = new TreeMap<>();
        Map<String, List<ObjectNode>> all = new HashMap<>();
        all.put("services", await(client.services().listRaw(ListQuery.ALL)));
        all.put("routes", await(client.routes().listRaw(ListQuery.ALL)));
        all.put("consumers", await(client.consumers().listRaw(ListQuery.ALL)));
        all.put("plugins", await(client.plugins().listRaw(ListQuery.ALL)));
        List<ObjectNode> upstreams = await(client.upstreams().listRaw(ListQuery.ALL));
        all.put("upstreams", upstreams);
        List<ObjectNode> targets = new ArrayList<>();
        for (ObjectNode u : upstreams) {
            targets.addAll(await(client.targets(u.get("id").asText()).listRaw(ListQuery.ALL)));
        }
        all.put("targets", targets);
        for (Map.Entry<String, List<ObjectNode>> c : all.entrySet()) {
            for (ObjectNode n : c.getValue()) {
                if (!n.path("tags").toString().contains("\"" + OWNER + "\"")) {
                    out.put(c.getKey() + ":" + n.get("id").asText(), EntityJson.MAPPER.writeValueAsString(n));
                }
            }
        }
        return out;
    }
}
