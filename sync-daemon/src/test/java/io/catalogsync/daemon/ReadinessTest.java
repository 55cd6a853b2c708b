package io.catalogsync.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.apply.ApplyResult;
import io.catalogsync.sync.plan.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Readiness from the loop's state and an explicit "now": no timer, no wall clock. */
class ReadinessTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Leadership STANDALONE = Leadership.standalone("test");

    private static FinishedCycle cycle(long id, CycleResult.Outcome outcome, Instant start, Instant end) {
        CycleResult r = outcome == CycleResult.Outcome.FAILED
                ? CycleResult.failed(start, end, false, CycleResult.Failure.Kind.KONG_FAILED, "Kong failed", "file")
                : new CycleResult(start, end, outcome, false, null, Plan.EMPTY, ApplyResult.EMPTY, List.of(),
                        List.of(), List.of(), List.of(), new CycleResult.CatalogSummary("file", null, false, 3, 3, 0),
                        null, 0, 0, List.of());
        return new FinishedCycle(id, CycleRequest.Trigger.TIMER, r);
    }

    private static LoopState after(FinishedCycle c) {
        return LoopState.initial(T0).withFinished(c, c.backOff() ? 1 : 0, Map.of());
    }

    private static Readiness at(LoopState s, Instant now) {
        return Readiness.evaluate(s, now, INTERVAL, 2, STANDALONE);
    }

    @Test
    void aLongCycleAfterASyncedOneDoesNotMakeTheDaemonUnready() {
        LoopState synced = after(cycle(1, CycleResult.Outcome.NO_CHANGES, T0, T0.plusSeconds(1)));
        LoopState running = synced.withRunning(new LoopState.Running(2, CycleRequest.Trigger.TIMER, false,
                T0.plusSeconds(31)));
        // Ten intervals into a cycle in which nothing failed: still ready.
        Readiness r = at(running, T0.plusSeconds(31 + 300));
        assertThat(r.ready()).as(r.reason()).isTrue();
        assertThat(r.reason()).contains("in flight");
    }

    @Test
    void withoutACycleInFlightTheLastSyncAges() {
        LoopState synced = after(cycle(1, CycleResult.Outcome.SUCCESS, T0, T0.plusSeconds(1)));
        assertThat(at(synced, T0.plusSeconds(60)).ready()).isTrue();
        assertThat(at(synced, T0.plusSeconds(62)).ready()).isFalse();
    }

    @Test
    void aPartialCycleIsReadyAndAFailedOneAgesFromTheLastSync() {
        LoopState partial = after(cycle(1, CycleResult.Outcome.PARTIAL, T0, T0.plusSeconds(1)));
        assertThat(at(partial, T0.plusSeconds(10)).ready()).isTrue();

        LoopState failed = partial.withFinished(cycle(2, CycleResult.Outcome.FAILED, T0.plusSeconds(31),
                T0.plusSeconds(32)), 1, Map.of());
        LoopState retrying = failed.withRunning(new LoopState.Running(3, CycleRequest.Trigger.BACKOFF, false,
                T0.plusSeconds(40)));
        // After a failure, a cycle in flight does not stop the clock: the last sync is too old.
        Readiness r = at(retrying, T0.plusSeconds(100));
        assertThat(r.ready()).isFalse();
        assertThat(r.reason()).contains("failed").contains("Kong failed");
    }
}
