package io.catalogsync.daemon;

import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.plan.RefusedDeletion;
import static io.catalogsync.daemon.DaemonHarness.cycleAfter;
import static io.catalogsync.daemon.DaemonHarness.lastId;
import static io.catalogsync.daemon.DaemonLoopTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.kong.emulator.RecordedRequest;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults, bounded and on loopback: Kong answering 5xx, timing out, dropping connections and lagging; a catalog
 * API that flaps between 500, no answer, truncated JSON, an empty list and 304; Kong restarted empty. The
 * daemon must converge once the faults stop, never duplicate an entity, never touch an unowned one, and delete
 * nothing unless the catalog is valid, non-empty and within the guard.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DaemonFaultTest {

    private static final Duration INTERVAL = Duration.ofMillis(300);
    private DaemonHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new DaemonHarness();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void kongFaultsDuringCyclesThenConvergenceWithoutDuplicatesOrCollateral() throws Exception {
        // Entities someone else made by hand: no owner tag. The daemon must never write to them.
        Service legacy = DaemonHarness.await(h.reader().services().upsert("legacy",
                new Service(null, "legacy", "http", "legacy.internal", 80, "/", null, null, null, null, null,
                        List.of("team:legacy"), null, null)));
        Route legacyRoute = DaemonHarness.await(h.reader().routes().upsert("legacy-route",
                new Route(null, "legacy-route", List.of("http"), null, null, List.of("/legacy"), null, null, null,
                        null, null, null, null, null, new Ref(legacy.id(), null), List.of("team:legacy"), null,
                        null)));
        h.kong.clearRequests();
        for (int i = 0; i < 4; i++) {
            h.catalog.put(CatalogServer.service("svc-" + i, "svc-" + i + ".internal", 8080 + i));
        }
        h.kong.faults().setSeed(42).setServerErrorRate(0.3, 503).setTimeoutRate(0.03).setDropRate(0.03)
                .setLatency(Duration.ofMillis(20));
        Daemon d = h.start(DaemonHarness.options(INTERVAL, null));

        // Cycles under faults, with catalog changes so that writes meet faults too; the daemon stays alive.
        waitFor(() -> lastId(d) >= 2, 20_000);
        h.catalog.put(CatalogServer.service("svc-4", "svc-4.internal", 8084));
        h.catalog.put(CatalogServer.service("svc-5", "svc-5.internal", 8085));
        long changed = lastId(d);
        waitFor(() -> lastId(d) >= changed + 3 && h.kong.requests().stream()
                .anyMatch(r -> r.isWrite() && r.fault() != null), 20_000);
        assertThat(h.get(d, "/healthz").statusCode()).isEqualTo(200);
        assertThat(h.kong.requests()).anyMatch(r -> "error".equals(r.fault()))
                .anyMatch(r -> "timeout".equals(r.fault()) || "drop".equals(r.fault()));
        double unsuccessful = d.registry().get(SyncMetrics.SYNC).tag("result", "failed").counter().count()
                + d.registry().get(SyncMetrics.SYNC).tag("result", "partial").counter().count();
        assertThat(unsuccessful).as("cycles that failed or were partial under faults").isPositive();

        h.kong.faults().clear();
        long cleared = lastId(d) + 1;
        // The first cycle that starts after the faults stop converges; the one after has nothing left to do.
        FinishedCycle converged = cycleAfter(d, cleared, 10_000);
        if (converged.outcome() != CycleResult.Outcome.NO_CHANGES) {
            assertThat(converged.outcome()).isEqualTo(CycleResult.Outcome.SUCCESS);
            converged = cycleAfter(d, converged.id(), 5_000);
        }
        assertThat(converged.outcome()).isEqualTo(CycleResult.Outcome.NO_CHANGES);

        assertNoDuplicates();
        for (int i = 0; i < 6; i++) {
            assertThat(h.ownedServicesOf("svc-" + i)).hasSize(1);
        }
        // The unowned entities are exactly as they were, and no write was ever sent to them.
        assertThat(DaemonHarness.await(h.reader().services().get("legacy"))).contains(legacy);
        assertThat(DaemonHarness.await(h.reader().routes().get("legacy-route"))).contains(legacyRoute);
        assertThat(h.kong.requests()).filteredOn(RecordedRequest::isWrite)
                .noneMatch(r -> r.path().contains(legacy.id()) || r.path().contains("legacy")
                        || r.path().contains(legacyRoute.id()));
    }

    @Test
    void aFlappingCatalogDeletesNothingUntilItIsValidNonEmptyAndWithinTheGuard() throws Exception {
        for (int i = 0; i < 5; i++) {
            h.catalog.put(CatalogServer.service("svc-" + i, "svc-" + i + ".internal", 8080 + i));
        }
        Daemon d = h.start(DaemonHarness.options(INTERVAL, null));
        waitFor(() -> d.state().lastCycle() != null
                && d.state().lastCycle().outcome() == CycleResult.Outcome.SUCCESS, 10_000);
        Set<String> owned = ownedNames();
        assertThat(owned).hasSizeGreaterThanOrEqualTo(5 * 4);

        // The catalog drops svc-4 from now on, but answers unusably: nothing may be deleted.
        h.catalog.remove("svc-4");
        for (CatalogServer.Mode mode : List.of(CatalogServer.Mode.ERROR_500, CatalogServer.Mode.TIMEOUT,
                CatalogServer.Mode.TRUNCATED, CatalogServer.Mode.EMPTY, CatalogServer.Mode.NOT_MODIFIED)) {
            h.catalog.mode(mode);
            long from = lastId(d) + 1;
            int deletesBefore = deletes();
            FinishedCycle c = cycleAfter(d, from, 8_000);
            c = cycleAfter(d, c.id(), 8_000);
            assertThat(deletes()).as("DELETEs to Kong while the catalog answers " + mode).isEqualTo(deletesBefore);
            assertThat(ownedNames()).as("owned entities after " + mode).isEqualTo(owned);
            switch (mode) {
                case ERROR_500 -> {
                    assertThat(c.outcome()).isEqualTo(CycleResult.Outcome.FAILED);
                    assertThat(c.report().failure().kind()).isEqualTo(CycleResult.Failure.Kind.CATALOG_UNAVAILABLE);
                }
                case TIMEOUT -> {
                    assertThat(c.outcome()).isEqualTo(CycleResult.Outcome.FAILED);
                    assertThat(c.report().failure().kind()).isEqualTo(CycleResult.Failure.Kind.CATALOG_UNAVAILABLE);
                }
                case TRUNCATED -> {
                    assertThat(c.outcome()).isEqualTo(CycleResult.Outcome.FAILED);
                    assertThat(c.report().failure().kind()).isEqualTo(CycleResult.Failure.Kind.CATALOG_INVALID);
                }
                case EMPTY -> {
                    assertThat(c.report().refusedDeletions()).extracting(RefusedDeletion::reason)
                            .containsExactly(RefusedDeletion.Reason.EMPTY_CATALOG);
                    assertThat(h.get(d, "/metrics").body())
                            .contains("kong_catalog_sync_refused_deletions_total{reason=\"empty_catalog\"}");
                    assertThat(h.status(d).getJsonObject("lastCycle").getJsonArray("refused_deletions")
                            .getJsonObject(0).getString("message")).contains("--force");
                }
                default -> assertThat(c.report().catalog().notModified()).isTrue();
            }
        }

        // A valid, non-empty catalog without svc-4: one service of five (20 %, under the 25 % guard) goes.
        h.catalog.mode(CatalogServer.Mode.OK);
        waitFor(() -> !DaemonSyncTest.exists(h, "svc-4"), 10_000);
        for (int i = 0; i < 4; i++) {
            assertThat(h.ownedServicesOf("svc-" + i)).hasSize(1);
        }
        assertThat(ownedNames()).isSubsetOf(owned).hasSizeLessThan(owned.size());
    }

    @Test
    void kongRestartedEmptyIsRebuilt() throws Exception {
        for (int i = 0; i < 3; i++) {
            h.catalog.put(CatalogServer.service("svc-" + i, "svc-" + i + ".internal", 8080 + i));
        }
        Daemon d = h.start(DaemonHarness.options(INTERVAL, null));
        waitFor(() -> d.state().lastCycle() != null
                && d.state().lastCycle().outcome() == CycleResult.Outcome.SUCCESS, 10_000);
        Set<String> before = ownedNames();

        h.restartKongEmpty();
        assertThat(h.services()).isEmpty();
        waitFor(() -> {
            try {
                return ownedNames().equals(before);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, 10_000);
        assertNoDuplicates();
        FinishedCycle next = cycleAfter(d, lastId(d), 5_000);
        assertThat(next.outcome()).isIn(CycleResult.Outcome.NO_CHANGES, CycleResult.Outcome.SUCCESS);
    }

    private int deletes() {
        return (int) h.kong.requests().stream().filter(r -> r.method().equals("DELETE")).count();
    }

    /** Every owned entity, as type + natural key. */
    private Set<String> ownedNames() throws Exception {
        Set<String> out = new HashSet<>();
        for (KongEntity e : ownedEntities()) {
            out.add(e.type() + ":" + e.key());
        }
        return out;
    }

    private List<KongEntity> ownedEntities() throws Exception {
        List<KongEntity> all = new ArrayList<>();
        all.addAll(h.services());
        all.addAll(h.routes());
        all.addAll(h.plugins());
        List<Upstream> upstreams = h.upstreams();
        all.addAll(upstreams);
        for (Upstream u : upstreams) {
            List<Target> ts = DaemonHarness.await(h.reader().targets(u.id())
                    .list(io.catalogsync.kong.admin.ListQuery.ALL));
            all.addAll(ts);
        }
        return all.stream().filter(DaemonHarness::owned).toList();
    }

    /**
     * Names are unique in Kong for services, routes and upstreams anyway; plugins and targets are not: the same
     * plugin on the same scope, or the same target in the same upstream, twice would be a duplicate.
     */
    private void assertNoDuplicates() throws Exception {
        List<String> pluginScopes = h.plugins().stream().filter(DaemonHarness::owned)
                .map(p -> p.name() + "@" + scope(p)).toList();
        assertThat(pluginScopes).doesNotHaveDuplicates();
        for (Upstream u : h.upstreams()) {
            List<String> targets = DaemonHarness.await(h.reader().targets(u.id())
                    .list(io.catalogsync.kong.admin.ListQuery.ALL)).stream().map(Target::target)
                    .collect(Collectors.toList());
            assertThat(targets).as("targets of " + u.name()).doesNotHaveDuplicates();
        }
    }

    private static String scope(Plugin p) {
        return (p.service() == null ? "-" : p.service().id()) + "/" + (p.route() == null ? "-" : p.route().id())
                + "/" + (p.consumer() == null ? "-" : p.consumer().id());
    }
}
