package io.catalogsync.sync;

import static io.catalogsync.sync.GuardedServices.catalogService;
import static io.catalogsync.sync.GuardedServices.text;
import static io.catalogsync.sync.EmulatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Route;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The masked-route invariant of DB mode (issue 10 section 5): no route of a masked catalog service is ever
 * routable without the masking hook, at any instant of a sync, whichever single write of that sync fails.
 *
 * <p>For each scenario (create, update, rename, delete, upgrade from the per-route hook layout) and each write
 * index {@code k} of the sync, the emulator is brought to the scenario's starting state, then the sync runs with
 * write number {@code k} refused. After every write the emulator commits, and after the failing sync, every route
 * of a masked service must be covered: a masking {@code pre-function} on its Kong Service or on the route itself.
 * A clean sync afterwards converges. Run with one request in flight (each index fails a known entity) and with
 * eight (writes race).
 *
 * <p>"Masked" means masked where the service exists in the starting and in the target catalog: a service whose
 * masking is being turned on had unmasked routes before the sync (the hook covers them once written), and one
 * whose masking is turned off loses its hook by intent.
 */
class MaskedRouteInvariantTest {

    /** The catalog line that makes a service guarded. */
    private static final String MASKED = "masking.enabled: \"true\"";

    @TempDir
    Path dir;

    // llm: masked, one base path (one Kong Service "llm"). chat: masked, two routes on one Kong Service.
    // plain: not masked.
    private static final String V1 = """
            services:
              - name: llm
                endpoints:
                  - {protocol: https, host: api.example.com, port: 443, path: /v1/*, methods: [POST]}
                metadata: {masking.enabled: "true", rateLimit.minute: "60"}
              - name: chat
                endpoints:
                  - {protocol: http, host: chat.internal, port: 8080, path: /api/*, methods: [GET, POST]}
                  - {protocol: http, host: chat.internal, port: 8080, path: /api/stream, methods: [POST]}
                metadata: {masking.enabled: "true", masking.profile: "default", route.stripPath: "false"}
              - name: plain
                endpoints:
                  - {protocol: http, host: plain.internal, port: 8080, path: /p/*}
            """;

    // llm gains a second base path: two Kong Services "llm~v1", "llm~v2"; route llm~v1 moves from "llm" to
    // "llm~v1", and "llm" (with its hook) goes. chat: new profile (hook update), a route's methods change (the
    // route is renamed), plain: masking turned on. A new masked service "notes" appears.
    private static final String V2 = """
            services:
              - name: llm
                endpoints:
                  - {protocol: https, host: api.example.com, port: 443, path: /v1/*, methods: [POST]}
                  - {protocol: https, host: api.example.com, port: 443, path: /v2/*, methods: [POST]}
                metadata: {masking.enabled: "true", rateLimit.minute: "60"}
              - name: chat
                endpoints:
                  - {protocol: http, host: chat.internal, port: 8080, path: /api/*, methods: [GET]}
                  - {protocol: http, host: chat.internal, port: 8080, path: /api/stream, methods: [POST]}
                metadata: {masking.enabled: "true", masking.profile: "strict", route.stripPath: "false"}
              - name: plain
                endpoints:
                  - {protocol: http, host: plain.internal, port: 8080, path: /p/*}
                metadata: {masking.enabled: "true"}
              - name: notes
                endpoints:
                  - {protocol: http, host: notes.internal, port: 8080, path: /n/*, methods: [POST]}
                metadata: {masking.enabled: "true"}
            """;

    // chat renamed to talk: every entity of chat goes, every entity of talk comes.
    private static final String RENAMED = V1.replace("name: chat", "name: talk");

    // llm removed.
    private static final String DELETED = V1.substring(0, V1.indexOf("  - name: llm"))
            + V1.substring(V1.indexOf("  - name: chat"));

    // chat's masking turned off, llm's base path changed (routes and Kong Service replaced).
    private static final String UNMASKED = V1.replace("masking.enabled: \"true\", masking.profile: \"default\", ", "")
            .replace("path: /v1/*", "path: /v9/*");

    static Stream<Arguments> scenarios() {
        List<Arguments> out = new ArrayList<>();
        for (int parallelism : new int[] {1, 8}) {
            out.add(Arguments.of("create", "", V1, false, parallelism));
            out.add(Arguments.of("update", V1, V2, false, parallelism));
            out.add(Arguments.of("rename", V1, RENAMED, false, parallelism));
            out.add(Arguments.of("delete", V1, DELETED, false, parallelism));
            out.add(Arguments.of("unmask", V1, UNMASKED, false, parallelism));
            out.add(Arguments.of("upgrade from per-route hooks", V1, V1, true, parallelism));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, parallelism {4}")
    @MethodSource("scenarios")
    void noRouteOfAMaskedServiceIsEverRoutableWithoutTheHook(String name, String from, String to,
                                                             boolean perRouteHooks, int parallelism)
            throws Exception {
        Set<String> guarded = GuardedServices.guarded(from, to, MASKED);
        ReconcileOptions options = new ReconcileOptions(false, true, 0.25, parallelism);
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            // A clean run first: how many writes the sync makes, and the invariant holds with no fault at all.
            List<String> violations = Collections.synchronizedList(new ArrayList<>());
            startFrom(h, from, perRouteHooks);
            long writes = failingSync(h, to, options, -1, guarded, violations);
            assertThat(writes).as("writes of the %s sync", name).isGreaterThan(0);
            assertThat(violations).as("without faults").isEmpty();

            for (int k = 0; k < writes; k++) {
                startFrom(h, from, perRouteHooks);
                failingSync(h, to, options, k, guarded, violations);
                assertThat(violations).as("write %d of %d refused", k, writes).isEmpty();
                assertThat(uncovered(h, guarded)).as("after the sync with write %d refused", k).isEmpty();

                CycleResult healed = h.cycle(reconciler(h), options);
                assertThat(healed.outcome()).as("%s", healed.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);
                assertThat(uncovered(h, GuardedServices.in(to, MASKED))).as("after the next clean sync").isEmpty();
            }
        }
    }

    /** Kong holding what {@code catalog} translates to (optionally with the hook on each route), nothing else. */
    private void startFrom(EmulatorHarness h, String catalog, boolean perRouteHooks) throws Exception {
        h.emulator.afterEachWrite(null);
        h.emulator.faults().clear();
        h.emulator.reset();
        if (!catalog.isEmpty()) {
            h.useCatalog(catalog);
            CycleResult c = h.cycle(reconciler(h), ReconcileOptions.defaults().withForce(true));
            assertThat(c.outcome()).as("%s", c.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);
        }
        if (perRouteHooks) {
            moveHooksToRoutes(h);
        }
        h.emulator.clearRequests();
    }

    /** Runs the sync to {@code catalog} with write {@code failing} refused (none when negative); its writes. */
    private long failingSync(EmulatorHarness h, String catalog, ReconcileOptions options, int failing,
                             Set<String> guarded, List<String> violations) throws Exception {
        h.useCatalog(catalog);
        h.emulator.afterEachWrite(state -> {
            List<String> bad = uncovered(routes(state), hooks(state), guarded);
            if (!bad.isEmpty()) {
                violations.add("after write " + h.emulator.writeCount() + ": " + bad);
            }
        });
        // Refused as Kong refuses (400), as an unavailable Kong (503), or dropped without an answer (a restart).
        if (failing >= 0 && failing % 3 == 2) {
            h.emulator.faults().dropWrite(failing);
        } else if (failing >= 0) {
            h.emulator.faults().failWrite(failing, failing % 3 == 0 ? 400 : 503);
        }
        CycleResult c = h.cycle(reconciler(h), options);
        h.emulator.afterEachWrite(null);
        h.emulator.faults().clear();
        if (failing < 0) {
            assertThat(c.outcome()).as("%s", c.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);
        }
        return h.requests().stream().filter(r -> r.isWrite()).count();
    }

    private static Reconciler reconciler(EmulatorHarness h) {
        return h.reconciler();
    }

    /**
     * The layout of earlier releases: one hook per route, none on the Kong Service. Each route's hook is written
     * before the service's one goes, so the starting state is itself covered.
     */
    private static void moveHooksToRoutes(EmulatorHarness h) throws Exception {
        List<Plugin> plugins = await(h.client.plugins().list(ListQuery.ALL));
        List<Route> routes = await(h.client.routes().list(ListQuery.ALL));
        for (Plugin p : plugins) {
            if (!p.name().equals("pre-function") || p.service() == null) {
                continue;
            }
            for (Route r : routes) {
                if (r.service() != null && p.service().id().equals(r.service().id())) {
                    String id = java.util.UUID.nameUUIDFromBytes(("legacy-hook:" + r.id()).getBytes(
                            java.nio.charset.StandardCharsets.UTF_8)).toString();
                    await(h.client.plugins().upsert(id, new Plugin(id, p.name(), null, null, Ref.id(r.id()), null,
                            p.config(), null, null, p.tags(), null, null)));
                }
            }
            await(h.client.plugins().delete(p.id()));
        }
    }

    // ------------------------------------------------------------------ the invariant

    /** A route: its id, its Kong Service id and its catalog service. */
    private record RouteView(String id, String service, String catalogService) {
    }

    /** A masking hook on a route or a Kong Service (one of the two is null). */
    private record HookView(String route, String service) {
    }

    private static List<String> uncovered(List<RouteView> routes, List<HookView> hooks, Set<String> guarded) {
        List<String> out = new ArrayList<>();
        for (RouteView r : routes) {
            if (r.catalogService() == null || !guarded.contains(r.catalogService())) {
                continue;
            }
            boolean covered = hooks.stream().anyMatch(hk -> r.id().equals(hk.route())
                    || (hk.route() == null && r.service() != null && r.service().equals(hk.service())));
            if (!covered) {
                out.add("route " + r.id() + " of " + r.catalogService() + " has no masking hook");
            }
        }
        return out;
    }

    private static List<String> uncovered(EmulatorHarness h, Set<String> guarded) throws Exception {
        List<RouteView> routes = new ArrayList<>();
        for (Route r : await(h.client.routes().list(ListQuery.ALL))) {
            routes.add(new RouteView(r.id(), r.service() == null ? null : r.service().id(),
                    catalogService(r.tags())));
        }
        List<HookView> hooks = new ArrayList<>();
        for (Plugin p : await(h.client.plugins().list(ListQuery.ALL))) {
            if (isMaskingHook(p.name(), p.enabled(), p.consumer() != null, p.config().get("access"))) {
                hooks.add(new HookView(p.route() == null ? null : p.route().id(),
                        p.service() == null ? null : p.service().id()));
            }
        }
        return uncovered(routes, hooks, guarded);
    }

    private static List<RouteView> routes(Map<String, TreeMap<String, ObjectNode>> state) {
        List<RouteView> out = new ArrayList<>();
        for (ObjectNode r : state.getOrDefault("routes", new TreeMap<>()).values()) {
            List<String> tags = new ArrayList<>();
            r.path("tags").forEach(t -> tags.add(t.asText()));
            out.add(new RouteView(r.get("id").asText(), text(r.path("service").path("id")), catalogService(tags)));
        }
        return out;
    }

    private static List<HookView> hooks(Map<String, TreeMap<String, ObjectNode>> state) {
        List<HookView> out = new ArrayList<>();
        for (ObjectNode p : state.getOrDefault("plugins", new TreeMap<>()).values()) {
            JsonNode enabled = p.path("enabled");
            List<Object> access = new ArrayList<>();
            p.path("config").path("access").forEach(a -> access.add(a.asText()));
            if (isMaskingHook(p.path("name").asText(), enabled.isBoolean() ? enabled.asBoolean() : null,
                    !p.path("consumer").isMissingNode() && !p.path("consumer").isNull(), access)) {
                out.add(new HookView(text(p.path("route").path("id")), text(p.path("service").path("id"))));
            }
        }
        return out;
    }

    /** An enabled {@code pre-function} for every consumer whose access phase sets up the masking hook. */
    private static boolean isMaskingHook(String name, Boolean enabled, boolean consumerScoped, Object access) {
        return name.equals("pre-function") && !Boolean.FALSE.equals(enabled) && !consumerScoped
                && access instanceof List<?> chunks && !chunks.isEmpty()
                && String.valueOf(chunks.get(0)).startsWith("ngx.ctx.kcs_masking = ");
    }
}
