package io.catalogsync.sync;

import static io.catalogsync.sync.EmulatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.catalog.CatalogParser;
import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.translate.Names;
import io.catalogsync.catalog.translate.TranslateOptions;
import io.catalogsync.catalog.translate.Translator;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.entity.EntityType;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Kong holding the layout of earlier versions (one upstream {@code <service>.upstream} with every endpoint of
 * the service, route names ending in their methods) migrates to one upstream per target set in one cycle without
 * dropping a request: after every single write the emulator handles, every Kong Service that has a route names
 * an upstream holding at least one target that serves one of its routes.
 */
class UpstreamMigrationTest {

    private static final String OWNER = TranslateOptions.DEFAULT_OWNER_TAG;

    /** The example catalog, plus a service whose routes share one unstripped Kong Service in the old layout. */
    private static final String EXTRA = """
            services:
              - name: unstripped
                version: v1
                endpoints:
                  - {protocol: http, host: u-0.svc, port: 8080, path: /api/*, methods: [GET]}
                  - {protocol: http, host: u-1.svc, port: 8080, path: /api/*, methods: [GET]}
                  - {protocol: http, host: u-0.svc, port: 9090, path: /metrics, methods: [GET]}
                metadata:
                  route.stripPath: "false"
                  rateLimit.minute: "60"
            """;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 8})
    void migratingToOneUpstreamPerTargetSetNeverLeavesARouteWithoutABackend(int parallelism) throws Exception {
        List<CatalogService> catalog = new ArrayList<>(catalog());
        TranslateOptions options = EmulatorHarness.translateOptions(EmulatorHarness.TEST_HOOK);
        KongState desired = Translator.translate(catalog, options).desired();
        KongState old = oldLayout(desired);
        assertThat(old.upstreams()).hasSizeLessThan(desired.upstreams().size());
        Map<String, Set<String>> servedByPath = servedByPath(desired);

        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            List<Operation> ops = new ArrayList<>();
            old.all().forEach(e -> ops.add(new Create(e, e.key(), null)));
            ApplyResult setup = await(new Applier(h.vertx, h.client, 4).apply(new Plan(ops, List.of(), 0)));
            assertThat(setup.failed()).as("writing the old layout").isEmpty();
            assertThat(violations(snapshotOf(h), servedByPath)).as("the old layout itself").isEmpty();

            List<Map<String, List<ObjectNode>>> states = Collections.synchronizedList(new ArrayList<>());
            h.emulator.clearRequests();
            h.emulator.afterEveryWrite(states::add);
            MemoryCatalogSource source = new MemoryCatalogSource();
            source.set(catalog);
            Reconciler reconciler = new Reconciler(h.vertx, source, h.client, options);
            CycleResult cycle = await(reconciler.reconcile(new ReconcileOptions(false, true, 1.0, parallelism)));
            h.emulator.afterEveryWrite(null);

            assertThat(cycle.applied().failed()).isEmpty();
            assertThat(cycle.applied().skipped()).isEmpty();
            assertThat(states).as("writes of the migration").hasSizeGreaterThan(20);
            List<String> writes = h.emulator.requests().stream().filter(r -> !r.method().equals("GET"))
                    .map(r -> r.method() + " " + r.path() + " -> " + r.status()).toList();
            for (int i = 0; i < states.size(); i++) {
                assertThat(violations(states.get(i), servedByPath)).as("after write %d of %d (%s)", i + 1,
                        states.size(), i < writes.size() ? writes.get(i) : "?").isEmpty();
            }
            Map<String, List<ObjectNode>> end = states.get(states.size() - 1);
            assertThat(end.get("upstreams")).extracting(u -> u.get("name").asText())
                    .containsExactlyInAnyOrderElementsOf(desired.upstreams().stream().map(Upstream::name).toList());
            CycleResult again = await(reconciler.reconcile(new ReconcileOptions(true, true, 1.0, parallelism)));
            assertThat(again.plan().operations()).isEmpty();
        }
    }

    private static Map<String, List<ObjectNode>> snapshotOf(EmulatorHarness h) {
        return h.emulator.state();
    }

    /**
     * What is wrong with one state: each Kong Service with a route must name an upstream, and one of its targets
     * must serve the path of one of its routes.
     */
    private static List<String> violations(Map<String, List<ObjectNode>> state, Map<String, Set<String>> servedByPath) {
        Map<String, ObjectNode> upstreamsByName = new HashMap<>();
        state.getOrDefault("upstreams", List.of()).forEach(u -> upstreamsByName.put(u.get("name").asText(), u));
        Map<String, Set<String>> targetsByUpstream = new HashMap<>();
        for (ObjectNode t : state.getOrDefault("targets", List.of())) {
            if (t.path("weight").asInt(100) > 0) {
                targetsByUpstream.computeIfAbsent(t.path("upstream").path("id").asText(), k -> new HashSet<>())
                        .add(t.get("target").asText());
            }
        }
        Map<String, List<ObjectNode>> routesByService = new HashMap<>();
        for (ObjectNode r : state.getOrDefault("routes", List.of())) {
            routesByService.computeIfAbsent(r.path("service").path("id").asText(), k -> new ArrayList<>()).add(r);
        }
        List<String> out = new ArrayList<>();
        for (ObjectNode s : state.getOrDefault("services", List.of())) {
            List<ObjectNode> routes = routesByService.getOrDefault(s.get("id").asText(), List.of());
            if (routes.isEmpty()) {
                continue; // no traffic reaches it
            }
            ObjectNode u = upstreamsByName.get(s.get("host").asText());
            if (u == null) {
                out.add("service " + s.get("name").asText() + " names " + s.get("host").asText()
                        + ", which is no upstream");
                continue;
            }
            Set<String> targets = targetsByUpstream.getOrDefault(u.get("id").asText(), Set.of());
            Set<String> serving = new TreeSet<>();
            for (ObjectNode r : routes) {
                for (JsonNode p : r.path("paths")) {
                    serving.addAll(servedByPath.getOrDefault(p.asText(), Set.of()));
                }
            }
            serving.retainAll(targets);
            if (serving.isEmpty()) {
                out.add("service " + s.get("name").asText() + " -> " + u.get("name").asText() + " " + targets
                        + ": no target serves its routes " + routes.stream().map(r -> r.get("name").asText()).toList());
            }
        }
        return out;
    }

    /** Route path -> the targets of the catalog endpoints behind it (from the new, correct layout). */
    private static Map<String, Set<String>> servedByPath(KongState desired) {
        Map<String, String> upstreamOfService = new HashMap<>();
        desired.services().forEach(s -> upstreamOfService.put(s.id(), s.host()));
        Map<String, String> upstreamIds = new HashMap<>();
        desired.upstreams().forEach(u -> upstreamIds.put(u.name(), u.id()));
        Map<String, Set<String>> out = new HashMap<>();
        for (Route r : desired.routes()) {
            String upstreamId = upstreamIds.get(upstreamOfService.get(r.service().id()));
            for (Target t : desired.targets()) {
                if (t.upstream().id().equals(upstreamId)) {
                    out.computeIfAbsent(r.paths().get(0), k -> new TreeSet<>()).add(t.target());
                }
            }
        }
        return out;
    }

    /**
     * The layout of earlier versions (commit 241349d and before) for the same catalog: per catalog service one
     * upstream {@code S.upstream} with every target, every Kong Service pointing at it (one Kong Service without
     * path when not stripping), routes named {@code <name>~<methods>}.
     */
    static KongState oldLayout(KongState desired) {
        Map<String, List<KongEntity>> byService = new LinkedHashMap<>();
        desired.all().forEach(e -> {
            String svc = e.tags().stream().map(Names::serviceOfTag).filter(java.util.Objects::nonNull).findFirst()
                    .orElse("");
            byService.computeIfAbsent(svc, k -> new ArrayList<>()).add(e);
        });
        KongState.Builder out = KongState.builder();
        for (Map.Entry<String, List<KongEntity>> e : byService.entrySet()) {
            String s = e.getKey();
            List<KongEntity> entities = e.getValue();
            if (s.isEmpty()) {
                out.addAll(entities); // the shared consumer
                continue;
            }
            String oldName = Names.upstreamName(s);
            String oldId = Names.id(OWNER, EntityType.UPSTREAM, oldName);
            Upstream first = (Upstream) entities.stream().filter(x -> x instanceof Upstream).findFirst().orElseThrow();
            out.add(new Upstream(oldId, oldName, first.algorithm(), first.hashOn(), first.hashFallback(),
                    first.slots(), null, first.healthchecks(), first.tags(), null, null));
            Set<String> targets = new TreeSet<>();
            entities.stream().filter(x -> x instanceof Target).forEach(x -> targets.add(((Target) x).target()));
            for (String t : targets) {
                out.add(new Target(Names.id(OWNER, EntityType.TARGET, oldName + "|" + t), t, 100, Ref.id(oldId),
                        first.tags(), null, null));
            }
            List<Service> services = entities.stream().filter(x -> x instanceof Service).map(x -> (Service) x).toList();
            boolean merged = services.size() > 1 && services.stream().allMatch(x -> x.path() == null);
            Map<String, String> serviceIdMap = new HashMap<>();
            if (merged) {
                Service m = services.get(0);
                String id = Names.id(OWNER, EntityType.SERVICE, s);
                out.add(new Service(id, s, m.protocol(), oldName, m.port(), null, m.retries(), m.connectTimeout(),
                        m.writeTimeout(), m.readTimeout(), m.enabled(), m.tags(), null, null));
                services.forEach(x -> serviceIdMap.put(x.id(), id));
            } else {
                for (Service x : services) {
                    out.add(new Service(x.id(), x.name(), x.protocol(), oldName, x.port(), x.path(), x.retries(),
                            x.connectTimeout(), x.writeTimeout(), x.readTimeout(), x.enabled(), x.tags(), null, null));
                    serviceIdMap.put(x.id(), x.id());
                }
            }
            Map<String, String> routeIdMap = new HashMap<>();
            for (KongEntity x : entities) {
                if (x instanceof Route r) {
                    String name = r.name() + (r.methods() == null ? ""
                            : "~" + String.join("-", r.methods()).toLowerCase(Locale.ROOT));
                    String id = Names.id(OWNER, EntityType.ROUTE, name);
                    routeIdMap.put(r.id(), id);
                    out.add(new Route(id, name, r.protocols(), r.methods(), r.hosts(), r.paths(), r.headers(),
                            r.stripPath(), r.preserveHost(), r.regexPriority(), r.pathHandling(),
                            r.httpsRedirectStatusCode(), r.requestBuffering(), r.responseBuffering(),
                            Ref.id(serviceIdMap.get(r.service().id())), r.tags(), null, null));
                }
            }
            Set<String> oldPluginScopes = new HashSet<>();
            for (KongEntity x : entities) {
                if (x instanceof Plugin p) {
                    Ref service = p.service() == null ? null : Ref.id(serviceIdMap.get(p.service().id()));
                    Ref route = p.route() == null ? null : Ref.id(routeIdMap.get(p.route().id()));
                    String scope = p.name() + "@" + (service != null ? service.id() : "") + "@"
                            + (route != null ? route.id() : "");
                    if (!oldPluginScopes.add(scope)) {
                        continue; // a merged old service had each plugin once
                    }
                    String id = UUID.nameUUIDFromBytes(("old " + scope).getBytes(StandardCharsets.UTF_8)).toString();
                    out.add(new Plugin(id, p.name(), p.instanceName(), service, route, p.consumer(), p.config(),
                            p.protocols(), p.enabled(), p.tags(), null, null));
                }
            }
        }
        return out.build();
    }

    private static List<CatalogService> catalog() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("examples/catalog.yaml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).isNotNull();
        List<CatalogService> out = new ArrayList<>(CatalogParser.parseYaml(
                Files.readString(dir.resolve("examples/catalog.yaml")), "examples/catalog.yaml"));
        out.addAll(CatalogParser.parseYaml(EXTRA, "extra"));
        return out;
    }
}
