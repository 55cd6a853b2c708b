package io.catalogsync.sync.apply;

import static io.catalogsync.sync.Fixtures.id;
import static io.catalogsync.sync.Fixtures.route;
import static io.catalogsync.sync.Fixtures.service;
import static io.catalogsync.sync.Fixtures.tags;
import static io.catalogsync.sync.Fixtures.upstream;
import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.sync.diff.DiffScope;
import io.catalogsync.sync.diff.Differ;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Plan;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The hook's place in the dependency graph, plan by plan: what waits for what, and what a failed hook write
 * holds back. The whole-sync proof with every single write failing is {@code MaskedRouteInvariantTest}.
 */
class MaskingHookOrderTest {

    private static final Service K1 = service("llm");
    private static final Service K2 = new Service(id("service", "llm~v2"), "llm~v2", "http", "llm.upstream", 80, "/",
            null, null, null, null, null, tags("llm"), null, null);
    private static final Route R_ON_K1 = route("llm", "a", "/v1", List.of("POST"));
    private static final Route R_ON_K2 = R_ON_K1.withService(Ref.id(K2.id()));

    private static Plugin hookOn(Service s) {
        return new Plugin(id("plugin", "pre-function@" + s.name()), "pre-function", null, Ref.id(s.id()), null, null,
                Map.of("access", List.of("ngx.ctx.kcs_masking = { }", "return")), null, null, tags("llm"), null, null);
    }

    private static Plugin hookOnRoute(Route r) {
        return new Plugin(id("plugin", "pre-function@route:" + r.name()), "pre-function", null, null, Ref.id(r.id()),
                null, Map.of("access", List.of("ngx.ctx.kcs_masking = { }", "return")), null, null, tags("llm"), null,
                null);
    }

    @Test
    void aRouteMovingToAMaskedServiceWaitsForItsHookAndTheOldHookWaitsForTheRoute() throws Exception {
        KongState before = KongState.builder().add(upstream("llm")).add(K1).add(hookOn(K1)).add(R_ON_K1).build();
        KongState after = KongState.builder().add(upstream("llm")).add(K2).add(hookOn(K2)).add(R_ON_K2).build();
        List<Scheduler.Node> g = Applier.graph(plan(after, before).operations());

        assertThat(waitsFor(g, "update route llm-a", "create plugin pre-function@service llm~v2")).isTrue();
        assertThat(waitsFor(g, "delete plugin pre-function@service llm", "update route llm-a")).isTrue();
        assertThat(waitsFor(g, "delete service llm", "delete plugin pre-function@service llm")).isTrue();

        // The new hook refused: the route stays on the old (masked) service, and its hook stays with it.
        ApplyResult r = run(g, "create plugin pre-function@service llm~v2");
        assertThat(r.skipped()).extracting(s -> s.operation().describe()).containsExactlyInAnyOrder(
                "update route llm-a", "delete plugin pre-function@service llm", "delete service llm");
        // The route refused: same.
        r = run(Applier.graph(plan(after, before).operations()), "update route llm-a");
        assertThat(r.skipped()).extracting(s -> s.operation().describe()).containsExactlyInAnyOrder(
                "delete plugin pre-function@service llm", "delete service llm");
    }

    @Test
    void aRouteMovingToAnUnmaskedServiceDoesNotWaitForAnyHook() {
        // Masking turned off: the route goes to a service without the hook, and the old hook goes after it.
        KongState before = KongState.builder().add(upstream("llm")).add(K1).add(hookOn(K1)).add(R_ON_K1).build();
        KongState after = KongState.builder().add(upstream("llm")).add(K2).add(R_ON_K2).build();
        List<Scheduler.Node> g = Applier.graph(plan(after, before).operations());
        assertThat(find(g, "update route llm-a").waitingFor).isEqualTo(1); // service llm~v2 only
        assertThat(waitsFor(g, "update route llm-a", "create service llm~v2")).isTrue();
        assertThat(waitsFor(g, "delete plugin pre-function@service llm", "update route llm-a")).isTrue();
    }

    @Test
    void aHookOnANewServiceIsWrittenBeforeItsRoutesAndDeletedAfterThem() throws Exception {
        KongState masked = KongState.builder().add(upstream("llm")).add(K1).add(hookOn(K1)).add(R_ON_K1).build();
        List<Scheduler.Node> create = Applier.graph(plan(masked, KongState.EMPTY).operations());
        assertThat(waitsFor(create, "create route llm-a", "create plugin pre-function@service llm")).isTrue();
        assertThat(run(create, "create plugin pre-function@service llm").skipped())
                .extracting(s -> s.operation().describe()).containsExactly("create route llm-a");

        List<Scheduler.Node> delete = Applier.graph(plan(KongState.EMPTY, masked).operations());
        assertThat(waitsFor(delete, "delete plugin pre-function@service llm", "delete route llm-a")).isTrue();
        assertThat(run(delete, "delete route llm-a").skipped()).extracting(s -> s.operation().describe())
                .containsExactlyInAnyOrder("delete plugin pre-function@service llm", "delete service llm",
                        "delete upstream llm.upstream");
    }

    @Test
    void perRouteHooksOfEarlierReleasesGoOnlyOnceTheServiceHookIsThere() throws Exception {
        KongState legacy = KongState.builder().add(upstream("llm")).add(K1).add(R_ON_K1).add(hookOnRoute(R_ON_K1))
                .build();
        KongState now = KongState.builder().add(upstream("llm")).add(K1).add(R_ON_K1).add(hookOn(K1)).build();
        List<Scheduler.Node> upgrade = Applier.graph(plan(now, legacy).operations());
        assertThat(waitsFor(upgrade, "delete plugin pre-function@route llm-a", "create plugin pre-function@service llm"))
                .isTrue();
        assertThat(run(upgrade, "create plugin pre-function@service llm").skipped())
                .extracting(s -> s.operation().describe()).containsExactly("delete plugin pre-function@route llm-a");

        // Deleting a route with its own hook: the route first (Kong cascades its plugins), never the reverse.
        List<Scheduler.Node> delete = Applier.graph(plan(KongState.EMPTY, legacy).operations());
        assertThat(waitsFor(delete, "delete plugin pre-function@route llm-a", "delete route llm-a")).isTrue();
        assertThat(waitsFor(delete, "delete route llm-a", "delete plugin pre-function@route llm-a")).isFalse();
        assertThat(run(delete, "delete route llm-a").skipped()).extracting(s -> s.operation().describe())
                .containsExactlyInAnyOrder("delete plugin pre-function@route llm-a", "delete service llm",
                        "delete upstream llm.upstream");
        assertThat(run(Applier.graph(plan(KongState.EMPTY, legacy).operations())).applied()).hasSize(4);
    }

    private static Plan plan(KongState desired, KongState actual) {
        return new Differ().diff(desired, actual, DiffScope.NONE);
    }

    private static Scheduler.Node find(List<Scheduler.Node> g, String describe) {
        return g.stream().filter(n -> n.op.describe().equals(describe)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + describe + " in " + g.stream().map(n -> n.op.describe())
                        .toList()));
    }

    /** Whether {@code later} (transitively) waits for {@code first}. */
    private static boolean waitsFor(List<Scheduler.Node> g, String later, String first) {
        Scheduler.Node target = find(g, later);
        Deque<Scheduler.Node> work = new ArrayDeque<>(List.of(find(g, first)));
        Set<Scheduler.Node> seen = new HashSet<>();
        while (!work.isEmpty()) {
            Scheduler.Node n = work.poll();
            if (n == target) {
                return true;
            }
            if (seen.add(n)) {
                work.addAll(n.dependents);
            }
        }
        return false;
    }

    /** Runs the graph with writes that succeed at once, except {@code failing} (by description). */
    private static ApplyResult run(List<Scheduler.Node> g, String... failing) throws Exception {
        Set<String> fail = Set.of(failing);
        return new Scheduler(1, (Operation op) -> fail.contains(op.describe())
                ? Future.<Void>failedFuture("refused") : Future.<Void>succeededFuture(), Applier::skipReason)
                .run(g).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /**
     * Every auth plugin the translation emits is a guard the routes wait for: a candidate {@code auth.type} the
     * translation accepts (Kong's auth plugins, of which it takes four today) must be in
     * {@link MaskingHookOrder#AUTH_PLUGINS}, so that accepting a fifth without ordering it fails here.
     */
    @Test
    void everyAuthPluginTheTranslationEmitsIsAGuard() {
        int accepted = 0;
        for (String type : List.of("jwt", "key-auth", "basic-auth", "oauth2", "hmac-auth", "ldap-auth",
                "openid-connect", "key-auth-enc", "mtls-auth", "acl")) {
            String yaml = """
                    services:
                      - name: s
                        endpoints:
                          - {protocol: http, host: s.internal, port: 8080, path: /s/*}
                        metadata: {auth.type: "%s"}
                    """.formatted(type);
            io.catalogsync.catalog.translate.Translation t = io.catalogsync.catalog.translate.Translator.translate(
                    io.catalogsync.catalog.CatalogParser.parseYaml(yaml, "catalog.yaml"),
                    io.catalogsync.catalog.translate.TranslateOptions.defaults());
            List<Plugin> auth = t.desired().plugins().stream().filter(p -> p.name().equals(type)).toList();
            if (!auth.isEmpty()) {
                accepted++;
                assertThat(auth).as(type).allMatch(MaskingHookOrder::isGuard);
                assertThat(auth).as(type + " at service scope").allMatch(p -> p.service() != null && p.route() == null);
            }
        }
        assertThat(accepted).as("auth types the translation accepts").isEqualTo(MaskingHookOrder.AUTH_PLUGINS.size());
    }
}
