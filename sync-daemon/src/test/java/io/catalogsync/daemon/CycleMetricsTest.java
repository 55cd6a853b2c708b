package io.catalogsync.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.Fixtures;
import io.catalogsync.sync.apply.ApplyResult;
import io.catalogsync.sync.plan.Create;
import io.catalogsync.sync.plan.Delete;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Plan;
import io.catalogsync.sync.plan.RefusedDeletion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the daemon's meters and per-service streaks make of the engine's report. */
class CycleMetricsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** An applied cycle in which Kong refused {@code failing}'s write, and a guard held a deletion. */
    private static FinishedCycle cycle(long id, String failing, RefusedDeletion.Reason reason) {
        Operation ok = new Create(Fixtures.service("good"), "good", "good");
        List<ApplyResult.FailedOperation> failed = failing == null ? List.of()
                : List.of(new ApplyResult.FailedOperation(new Create(Fixtures.service(failing), failing, failing),
                        "PUT /services/x -> 400: schema violation", 400));
        Operation held = new Delete(Fixtures.service("old"), "old", "old");
        List<RefusedDeletion> refused = reason == null ? List.of()
                : List.of(new RefusedDeletion(reason, "held", List.of(held)));
        CycleResult r = new CycleResult(T0, T0.plusSeconds(1), CycleResult.Outcome.PARTIAL, false, null,
                new Plan(List.of(ok), refused, 3), new ApplyResult(List.of(ok), failed, List.of()), List.of(),
                List.of(), List.of(), refused, new CycleResult.CatalogSummary("file", null, false, 3, 3, 0), null, 0,
                0, List.of());
        return new FinishedCycle(id, CycleRequest.Trigger.TIMER, r);
    }

    @Test
    void refusedDeletionsAreCountedUnderTheGuardsRealReason() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SyncMetrics metrics = new SyncMetrics(() -> true);
        metrics.bindTo(registry);
        metrics.cycleFinished(cycle(1, null, RefusedDeletion.Reason.UNOWNED_DEPENDENTS), 0, Map.of());
        metrics.cycleFinished(cycle(2, null, RefusedDeletion.Reason.DELETE_BUDGET), 0, Map.of());

        assertThat(registry.get(SyncMetrics.REFUSED).tag("reason", "unowned_dependents").counter().count()).isEqualTo(1);
        assertThat(registry.get(SyncMetrics.REFUSED).tag("reason", "delete_budget").counter().count()).isEqualTo(1);
        // every reason exists from the start (dashboards show 0, not "no data"); nothing was counted under this one
        assertThat(registry.get(SyncMetrics.REFUSED).tag("reason", "max_delete_ratio").counter().count()).isZero();
        assertThat(StatusJson.cycle(cycle(3, null, RefusedDeletion.Reason.UNOWNED_DEPENDENTS))
                .getJsonArray("refused_deletions").getJsonObject(0).getString("reason")).isEqualTo("unowned_dependents");
    }

    @Test
    void aServiceFailingCycleAfterCycleBuildsAStreakThatClearsWhenItRecovers() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SyncMetrics metrics = new SyncMetrics(() -> true);
        metrics.bindTo(registry);
        Map<String, Integer> streaks = Map.of();
        for (int i = 1; i <= 3; i++) {
            FinishedCycle c = cycle(i, "bad", null);
            streaks = SyncLoop.failingServices(streaks, c);
            metrics.cycleFinished(c, 0, streaks);
        }
        assertThat(streaks).containsExactly(Map.entry("bad", 3));
        assertThat(registry.get(SyncMetrics.SERVICE_FAILURE_STREAK).gauge().value()).isEqualTo(3.0);
        assertThat(registry.get(SyncMetrics.FAILING_SERVICES).gauge().value()).isEqualTo(1.0);
        assertThat(registry.get(SyncMetrics.CONSECUTIVE_FAILURES).gauge().value()).isZero();

        // A cycle that failed as a whole says nothing about one service: the streak stays.
        FinishedCycle outage = new FinishedCycle(4, CycleRequest.Trigger.BACKOFF, CycleResult.failed(T0, T0, false,
                CycleResult.Failure.Kind.KONG_UNAVAILABLE, "down", "file"));
        assertThat(SyncLoop.failingServices(streaks, outage)).isEqualTo(streaks);

        streaks = SyncLoop.failingServices(streaks, cycle(5, null, null));
        metrics.cycleFinished(cycle(5, null, null), 0, streaks);
        assertThat(streaks).isEmpty();
        assertThat(registry.get(SyncMetrics.SERVICE_FAILURE_STREAK).gauge().value()).isZero();
    }
}
