package io.catalogsync.sync;

import static io.catalogsync.sync.EmulatorHarness.await;

import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Route;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        ReconcileOptions options = new ReconcileOptions(false, true, 0.25, parallelism);
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            INVARIANT.assertNoUnguardedRoute(h, name, from, to, options,
                    perRouteHooks ? MaskedRouteInvariantTest::moveHooksToRoutes : x -> { });
        }
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

    /**
     * A service is guarded by masking.enabled; its guard is a {@code pre-function} whose access phase sets up the
     * masking hook.
     */
    private static final GuardedServices INVARIANT = new GuardedServices("masking.enabled: \"true\"", "masking hook",
            p -> p.path("name").asText().equals("pre-function")
                    && p.path("config").path("access").path(0).asText("").startsWith("ngx.ctx.kcs_masking = "));
}
