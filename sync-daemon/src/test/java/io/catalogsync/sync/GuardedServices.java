package io.catalogsync.sync;

import static io.catalogsync.sync.EmulatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.admin.ListQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The route invariant of {@link MaskedRouteInvariantTest} and {@link AuthGuardedRouteInvariantTest}: no route of a
 * guarded catalog service is ever live without its guard plugin (the masking hook, an auth plugin) on the route or
 * on its Kong Service, checked after every committed write of a sync in which each single write fails in turn.
 * The two tests differ only in their catalogs, in the catalog line that makes a service guarded and in what counts
 * as its guard plugin.
 */
final class GuardedServices {

    /** Sets up Kong's starting state after the clean sync to the starting catalog (nothing to do by default). */
    interface Setup {
        void apply(EmulatorHarness h) throws Exception;
    }

    private final String guardLine;
    private final String guardName;
    private final Predicate<JsonNode> isGuard;

    /**
     * @param guardLine the catalog text that makes a service guarded, in its YAML block
     * @param guardName what a violation says is missing ("masking hook")
     * @param isGuard   a plugin (Kong's JSON) that is the guard, enabled or not, whatever its scope
     */
    GuardedServices(String guardLine, String guardName, Predicate<JsonNode> isGuard) {
        this.guardLine = guardLine;
        this.guardName = guardName;
        this.isGuard = isGuard;
    }

    /**
     * Syncs {@code from} -> {@code to} once cleanly, then once per write of that sync with that write refused
     * (400, 503 or dropped in turn), asserting the invariant after every committed write, after the failed sync, and
     * after the next clean sync.
     */
    void assertNoUnguardedRoute(EmulatorHarness h, String name, String from, String to, ReconcileOptions options,
                                Setup setup) throws Exception {
        Set<String> guarded = guarded(from, to);
        // A clean run first: how many writes the sync makes, and the invariant holds with no fault at all.
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        startFrom(h, from, setup);
        long writes = failingSync(h, to, options, -1, guarded, violations);
        assertThat(writes).as("writes of the %s sync", name).isGreaterThan(0);
        assertThat(violations).as("without faults").isEmpty();

        for (int k = 0; k < writes; k++) {
            startFrom(h, from, setup);
            failingSync(h, to, options, k, guarded, violations);
            assertThat(violations).as("write %d of %d refused", k, writes).isEmpty();
            assertThat(uncovered(h, guarded)).as("after the sync with write %d refused", k).isEmpty();

            CycleResult healed = h.cycle(h.reconciler(), options);
            assertThat(healed.outcome()).as("%s", healed.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);
            assertThat(uncovered(h, in(to))).as("after the next clean sync").isEmpty();
        }
    }

    /** Kong holding what {@code catalog} translates to (then {@code setup}), nothing else. */
    private static void startFrom(EmulatorHarness h, String catalog, Setup setup) throws Exception {
        h.emulator.afterEachWrite(null);
        h.emulator.faults().clear();
        h.emulator.reset();
        if (!catalog.isEmpty()) {
            h.useCatalog(catalog);
            CycleResult c = h.cycle(h.reconciler(), ReconcileOptions.defaults().withForce(true));
            assertThat(c.outcome()).as("%s", c.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);
        }
        setup.apply(h);
        h.emulator.clearRequests();
    }

    /** Runs the sync to {@code catalog} with write {@code failing} refused (none when negative); its writes. */
    private long failingSync(EmulatorHarness h, String catalog, ReconcileOptions options, int failing,
                             Set<String> guarded, List<String> violations) throws Exception {
        h.useCatalog(catalog);
        h.emulator.afterEachWrite(state -> {
            List<String> bad = uncovered(c -> state.getOrDefault(c, new TreeMap<>()).values(), guarded);
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

    /** Routes of {@code guarded} services without the guard, as Kong's Admin API lists them. */
    private List<String> uncovered(EmulatorHarness h, Set<String> guarded) throws Exception {
        Map<String, List<ObjectNode>> listed = Map.of(
                "routes", await(h.client.routes().listRaw(ListQuery.ALL)),
                "plugins", await(h.client.plugins().listRaw(ListQuery.ALL)));
        return uncovered(listed::get, guarded);
    }

    /** Routes of {@code guarded} services without the guard on the route or its Kong Service. */
    private List<String> uncovered(Function<String, Collection<ObjectNode>> collection, Set<String> guarded) {
        List<ObjectNode> guards = new ArrayList<>();
        for (ObjectNode p : collection.apply("plugins")) {
            boolean disabled = p.path("enabled").isBoolean() && !p.path("enabled").asBoolean();
            boolean consumerScoped = !p.path("consumer").isMissingNode() && !p.path("consumer").isNull();
            if (isGuard.test(p) && !disabled && !consumerScoped) {
                guards.add(p);
            }
        }
        List<String> out = new ArrayList<>();
        for (ObjectNode r : collection.apply("routes")) {
            List<String> tags = new ArrayList<>();
            r.path("tags").forEach(t -> tags.add(t.asText()));
            String service = catalogService(tags);
            if (service == null || !guarded.contains(service)) {
                continue;
            }
            String id = r.get("id").asText();
            String kongService = text(r.path("service").path("id"));
            boolean covered = guards.stream().anyMatch(g -> id.equals(text(g.path("route").path("id")))
                    || (text(g.path("route").path("id")) == null && kongService != null
                    && kongService.equals(text(g.path("service").path("id")))));
            if (!covered) {
                out.add("route " + id + " of " + service + " has no " + guardName);
            }
        }
        return out;
    }

    /** Services guarded wherever they exist in {@code from} and {@code to}: a service guarded on both sides. */
    Set<String> guarded(String from, String to) {
        Set<String> out = new TreeSet<>();
        Map<String, Boolean> before = byName(from);
        Map<String, Boolean> after = byName(to);
        Set<String> all = new TreeSet<>(before.keySet());
        all.addAll(after.keySet());
        for (String s : all) {
            if (before.getOrDefault(s, true) && after.getOrDefault(s, true)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Services guarded in {@code catalog}. */
    Set<String> in(String catalog) {
        Set<String> out = new TreeSet<>();
        byName(catalog).forEach((s, g) -> {
            if (g) {
                out.add(s);
            }
        });
        return out;
    }

    /** Service name -> its block holds the guard line, read off the YAML text (one service per "- name:" block). */
    private Map<String, Boolean> byName(String catalog) {
        Map<String, Boolean> out = new TreeMap<>();
        String[] blocks = catalog.split("\n  - name: ");
        for (int i = 1; i < blocks.length; i++) {
            String block = blocks[i];
            out.put(block.substring(0, block.indexOf('\n')).trim(), block.contains(guardLine));
        }
        return out;
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    /** The catalog service an owned entity belongs to, from its {@code catalog-service:} tag. */
    private static String catalogService(List<String> tags) {
        return tags.stream().filter(t -> t.startsWith("catalog-service:")).map(t -> t.substring(16)).findFirst()
                .orElse(null);
    }
}
