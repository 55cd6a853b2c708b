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
 * The auth-guarded-route invariant of DB mode (issue 10, "routes are written in parallel with the service's auth
 * plugin"): no route of an auth-protected catalog service is ever live without its auth plugin, at any instant of
 * a sync, whichever single write of that sync fails. Kong routes traffic through a route as soon as its write
 * commits, and a route whose Kong Service has no auth plugin (yet, or any more) forwards unauthenticated requests.
 *
 * <p>As {@link MaskedRouteInvariantTest}: for each scenario (create, update with routes moving to new Kong Services
 * and an {@code auth.type} switch, an {@code auth.type} switch alone, rename, delete, auth removed) and each write index {@code k}, the emulator is
 * brought to the scenario's starting state, the sync runs with write {@code k} refused (400, 503 or dropped), and
 * after every write the emulator commits, every route of a guarded service must have an enabled auth plugin
 * ({@code jwt}, {@code key-auth}, {@code basic-auth}, {@code oauth2}) on its Kong Service or on itself. A clean sync
 * afterwards converges. With one request in flight and with eight.
 *
 * <p>"Guarded" means auth-protected wherever the service exists in the starting and in the target catalog: a
 * service whose auth is being turned on was open before the sync, one whose auth is turned off loses it by intent.
 */
class AuthGuardedRouteInvariantTest {

    /** The catalog line that makes a service guarded. */
    private static final String AUTH_REQUIRED = "auth.type: ";

    @TempDir
    Path dir;

    // orders: key-auth, one base path (one Kong Service). chat: jwt with anonymous access (the plugin names the
    // anonymous consumer), two routes. plain: open.
    private static final String V1 = """
            services:
              - name: orders
                endpoints:
                  - {protocol: https, host: api.example.com, port: 443, path: /v1/*, methods: [POST]}
                metadata: {auth.type: "key-auth", rateLimit.minute: "60"}
              - name: chat
                endpoints:
                  - {protocol: http, host: chat.internal, port: 8080, path: /api/*, methods: [GET, POST]}
                  - {protocol: http, host: chat.internal, port: 8080, path: /api/stream, methods: [POST]}
                metadata: {auth.type: "jwt", auth.required: "false", route.stripPath: "false"}
              - name: plain
                endpoints:
                  - {protocol: http, host: plain.internal, port: 8080, path: /p/*}
            """;

    // orders gains a second base path: two Kong Services "orders~v1", "orders~v2"; route orders~v1 moves from
    // "orders" to "orders~v1", and "orders" (with its key-auth) goes. chat switches from jwt to key-auth (a new
    // plugin, the old one deleted) and a route's methods change (the route is renamed). plain: auth turned on.
    // A new service "notes" comes with oauth2, "files" with basic-auth.
    private static final String V2 = """
            services:
              - name: orders
                endpoints:
                  - {protocol: https, host: api.example.com, port: 443, path: /v1/*, methods: [POST]}
                  - {protocol: https, host: api.example.com, port: 443, path: /v2/*, methods: [POST]}
                metadata: {auth.type: "key-auth", rateLimit.minute: "60"}
              - name: chat
                endpoints:
                  - {protocol: http, host: chat.internal, port: 8080, path: /api/*, methods: [GET]}
                  - {protocol: http, host: chat.internal, port: 8080, path: /api/stream, methods: [POST]}
                metadata: {auth.type: "key-auth", route.stripPath: "false"}
              - name: plain
                endpoints:
                  - {protocol: http, host: plain.internal, port: 8080, path: /p/*}
                metadata: {auth.type: "basic-auth"}
              - name: notes
                endpoints:
                  - {protocol: http, host: notes.internal, port: 8080, path: /n/*, methods: [POST]}
                metadata: {auth.type: "oauth2"}
              - name: files
                endpoints:
                  - {protocol: http, host: files.internal, port: 8080, path: /f/*}
                metadata: {auth.type: "basic-auth", auth.required: "false"}
            """;

    // chat renamed to talk: every entity of chat goes, every entity of talk comes.
    private static final String RENAMED = V1.replace("name: chat", "name: talk");

    // orders removed.
    private static final String DELETED = V1.substring(0, V1.indexOf("  - name: orders"))
            + V1.substring(V1.indexOf("  - name: chat"));

    // chat's auth turned off (by intent), orders' base path changed (routes and Kong Service replaced).
    private static final String OPENED = V1.replace("auth.type: \"jwt\", auth.required: \"false\", ", "")
            .replace("path: /v1/*", "path: /v9/*");

    // Only chat's auth.type changes (jwt to basic-auth): a new plugin and the old one's delete, no route moves.
    private static final String SWITCHED = V1.replace("auth.type: \"jwt\"", "auth.type: \"basic-auth\"");

    static Stream<Arguments> scenarios() {
        List<Arguments> out = new ArrayList<>();
        for (int parallelism : new int[] {1, 8}) {
            out.add(Arguments.of("create", "", V1, parallelism));
            out.add(Arguments.of("update", V1, V2, parallelism));
            out.add(Arguments.of("auth type switched", V1, SWITCHED, parallelism));
            out.add(Arguments.of("rename", V1, RENAMED, parallelism));
            out.add(Arguments.of("delete", V1, DELETED, parallelism));
            out.add(Arguments.of("auth removed", V1, OPENED, parallelism));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, parallelism {3}")
    @MethodSource("scenarios")
    void noRouteOfAnAuthProtectedServiceIsEverLiveWithoutItsAuthPlugin(String name, String from, String to,
                                                                      int parallelism) throws Exception {
        assertThat(OPENED).as("chat opened").doesNotContain("\"jwt\"");
        assertThat(SWITCHED).as("chat switched").doesNotContain("\"jwt\"");
        Set<String> guarded = GuardedServices.guarded(from, to, AUTH_REQUIRED);
        ReconcileOptions options = new ReconcileOptions(false, true, 0.25, parallelism);
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            // A clean run first: how many writes the sync makes, and the invariant holds with no fault at all.
            List<String> violations = Collections.synchronizedList(new ArrayList<>());
            startFrom(h, from);
            long writes = failingSync(h, to, options, -1, guarded, violations);
            assertThat(writes).as("writes of the %s sync", name).isGreaterThan(0);
            assertThat(violations).as("without faults").isEmpty();

            for (int k = 0; k < writes; k++) {
                startFrom(h, from);
                failingSync(h, to, options, k, guarded, violations);
                assertThat(violations).as("write %d of %d refused", k, writes).isEmpty();
                assertThat(uncovered(h, guarded)).as("after the sync with write %d refused", k).isEmpty();

                CycleResult healed = h.cycle(h.reconciler(), options);
                assertThat(healed.outcome()).as("%s", healed.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);
                assertThat(uncovered(h, GuardedServices.in(to, AUTH_REQUIRED))).as("after the next clean sync").isEmpty();
            }
        }
    }

    /** Kong holding what {@code catalog} translates to, nothing else. */
    private void startFrom(EmulatorHarness h, String catalog) throws Exception {
        h.emulator.afterEachWrite(null);
        h.emulator.faults().clear();
        h.emulator.reset();
        if (!catalog.isEmpty()) {
            h.useCatalog(catalog);
            CycleResult c = h.cycle(h.reconciler(), ReconcileOptions.defaults().withForce(true));
            assertThat(c.outcome()).as("%s", c.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);
        }
        h.emulator.clearRequests();
    }

    /** Runs the sync to {@code catalog} with write {@code failing} refused (none when negative); its writes. */
    private long failingSync(EmulatorHarness h, String catalog, ReconcileOptions options, int failing,
                             Set<String> guarded, List<String> violations) throws Exception {
        h.useCatalog(catalog);
        h.emulator.afterEachWrite(state -> {
            List<String> bad = uncovered(routes(state), guards(state), guarded);
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
        CycleResult c = h.cycle(h.reconciler(), options);
        h.emulator.afterEachWrite(null);
        h.emulator.faults().clear();
        if (failing < 0) {
            assertThat(c.outcome()).as("%s", c.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);
        }
        return h.requests().stream().filter(r -> r.isWrite()).count();
    }

    // ------------------------------------------------------------------ the invariant

    private static final Set<String> AUTH_PLUGINS = Set.of("jwt", "key-auth", "basic-auth", "oauth2");

    /** A route: its id, its Kong Service id and its catalog service. */
    private record RouteView(String id, String service, String catalogService) {
    }

    /** An auth plugin on a route or a Kong Service (one of the two is null). */
    private record GuardView(String route, String service) {
    }

    private static List<String> uncovered(List<RouteView> routes, List<GuardView> guards, Set<String> guarded) {
        List<String> out = new ArrayList<>();
        for (RouteView r : routes) {
            if (r.catalogService() == null || !guarded.contains(r.catalogService())) {
                continue;
            }
            boolean covered = guards.stream().anyMatch(g -> r.id().equals(g.route())
                    || (g.route() == null && r.service() != null && r.service().equals(g.service())));
            if (!covered) {
                out.add("route " + r.id() + " of " + r.catalogService() + " has no auth plugin");
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
        List<GuardView> guards = new ArrayList<>();
        for (Plugin p : await(h.client.plugins().list(ListQuery.ALL))) {
            if (isAuth(p.name(), p.enabled(), p.consumer() != null)) {
                guards.add(new GuardView(p.route() == null ? null : p.route().id(),
                        p.service() == null ? null : p.service().id()));
            }
        }
        return uncovered(routes, guards, guarded);
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

    private static List<GuardView> guards(Map<String, TreeMap<String, ObjectNode>> state) {
        List<GuardView> out = new ArrayList<>();
        for (ObjectNode p : state.getOrDefault("plugins", new TreeMap<>()).values()) {
            JsonNode enabled = p.path("enabled");
            if (isAuth(p.path("name").asText(), enabled.isBoolean() ? enabled.asBoolean() : null,
                    !p.path("consumer").isMissingNode() && !p.path("consumer").isNull())) {
                out.add(new GuardView(text(p.path("route").path("id")), text(p.path("service").path("id"))));
            }
        }
        return out;
    }

    /** An enabled auth plugin for every consumer. */
    private static boolean isAuth(String name, Boolean enabled, boolean consumerScoped) {
        return AUTH_PLUGINS.contains(name) && !Boolean.FALSE.equals(enabled) && !consumerScoped;
    }
}
