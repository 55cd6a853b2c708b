package io.catalogsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.kong.emulator.EmulatorOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
        ReconcileOptions options = new ReconcileOptions(false, true, 0.25, parallelism);
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            INVARIANT.assertNoUnguardedRoute(h, name, from, to, options, x -> { });
        }
    }

    // ------------------------------------------------------------------ the invariant

    private static final Set<String> AUTH_PLUGINS = Set.of("jwt", "key-auth", "basic-auth", "oauth2");

    /** A service is guarded by its auth.type; its guard is any of the auth plugins the translation emits. */
    private static final GuardedServices INVARIANT = new GuardedServices("auth.type: ", "auth plugin",
            p -> AUTH_PLUGINS.contains(p.path("name").asText()));
}
