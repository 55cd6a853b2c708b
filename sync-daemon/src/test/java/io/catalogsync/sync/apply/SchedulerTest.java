package io.catalogsync.sync.apply;

import static io.catalogsync.sync.Fixtures.anonymous;
import static io.catalogsync.sync.Fixtures.keyAuth;
import static io.catalogsync.sync.Fixtures.rateLimiting;
import static io.catalogsync.sync.Fixtures.route;
import static io.catalogsync.sync.Fixtures.service;
import static io.catalogsync.sync.Fixtures.target;
import static io.catalogsync.sync.Fixtures.upstream;
import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.sync.diff.DiffScope;
import io.catalogsync.sync.diff.Differ;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Plan;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduling of a plan, with operations that just take time (a timer) or fail on purpose: no Kong here,
 * the writes themselves are covered against the emulator in {@code ReconcilerEmulatorTest}.
 */
class SchedulerTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static KongState services(String... names) {
        KongState.Builder b = KongState.builder();
        for (String s : names) {
            b.add(upstream(s)).add(target(s, s + ":80")).add(service(s)).add(route(s, "a", "/" + s, List.of("GET")))
                    .add(rateLimiting(s, 10, false));
        }
        return b.build();
    }

    /** Runs every operation as a timer of {@code delayMs}, failing those whose key is in {@code failing}. */
    private ApplyResult run(Plan plan, int parallelism, long delayMs, List<String> failing, List<String> log,
                            AtomicInteger maxInFlight) throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        Scheduler s = new Scheduler(parallelism, op -> {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            log.add("start " + op.describe());
            Promise<Void> p = Promise.promise();
            vertx.setTimer(delayMs, t -> {
                inFlight.decrementAndGet();
                log.add("end " + op.describe());
                if (failing.contains(op.key())) {
                    p.fail(new IllegalStateException("boom " + op.key()));
                } else {
                    p.complete();
                }
            });
            return p.future();
        }, Applier::skipReason);
        return s.run(Applier.graph(plan.operations())).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void childrenStartAsSoonAsTheirOwnParentIsDone() throws Exception {
        Plan plan = new Differ().diff(services("a", "b", "c", "d"), KongState.EMPTY, DiffScope.NONE);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        ApplyResult r = run(plan, 8, 20, List.of(), log, new AtomicInteger());
        assertThat(r.applied()).hasSize(20);
        for (String s : List.of("a", "b", "c", "d")) {
            assertThat(log.indexOf("end create upstream " + s + ".upstream"))
                    .isLessThan(log.indexOf("start create target " + s + ".upstream/" + s + ":80"))
                    .isLessThan(log.indexOf("start create service " + s));
            assertThat(log.indexOf("end create service " + s)).isLessThan(log.indexOf("start create route " + s + "-a"))
                    .isLessThan(log.indexOf("start create plugin rate-limiting@service " + s));
        }
        // No per-type barrier: some route starts before the last service has finished.
        int firstRouteStart = log.stream().filter(l -> l.startsWith("start create route")).mapToInt(log::indexOf).min().orElseThrow();
        int lastServiceEnd = log.stream().filter(l -> l.startsWith("end create service")).mapToInt(log::indexOf).max().orElseThrow();
        assertThat(firstRouteStart).isLessThan(lastServiceEnd);
    }

    @Test
    void parallelismIsBounded() throws Exception {
        Plan plan = new Differ().diff(services("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), KongState.EMPTY,
                DiffScope.NONE);
        AtomicInteger max = new AtomicInteger();
        ApplyResult r = run(plan, 3, 5, List.of(), Collections.synchronizedList(new ArrayList<>()), max);
        assertThat(r.applied()).hasSize(50);
        assertThat(max.get()).isEqualTo(3);
    }

    @Test
    void aFailedParentSkipsItsDependentsOnly() throws Exception {
        Plan plan = new Differ().diff(services("a", "b"), KongState.EMPTY, DiffScope.NONE);
        ApplyResult r = run(plan, 4, 5, List.of("a.upstream"), Collections.synchronizedList(new ArrayList<>()),
                new AtomicInteger());
        assertThat(r.failed()).singleElement().satisfies(f -> {
            assertThat(f.operation().key()).isEqualTo("a.upstream");
            assertThat(f.message()).isEqualTo("boom a.upstream");
        });
        assertThat(r.skipped()).extracting(s -> s.operation().key()).containsExactlyInAnyOrder(
                "a.upstream/a:80", "a", "a-a", "rate-limiting@service a");
        assertThat(r.skipped()).extracting(ApplyResult.SkippedOperation::reason)
                .containsOnly("parent upstream a.upstream failed");
        assertThat(r.applied()).extracting(Operation::catalogService).containsOnly("b").hasSize(5);
    }

    @Test
    void deletesRunChildrenFirstAndStopAboveAFailure() throws Exception {
        KongState before = KongState.builder().addAll(services("a").all().toList()).add(anonymous())
                .add(keyAuth("a", anonymous().id())).build();
        Plan plan = new Differ().diff(KongState.EMPTY, before, DiffScope.NONE);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        assertThat(run(plan, 8, 5, List.of(), log, new AtomicInteger()).applied()).hasSize(7);
        assertThat(log.indexOf("end delete plugin rate-limiting@service a")).isLessThan(log.indexOf("start delete service a"));
        assertThat(log.indexOf("end delete route a-a")).isLessThan(log.indexOf("start delete service a"));
        assertThat(log.indexOf("end delete service a")).isLessThan(log.indexOf("start delete upstream a.upstream"));
        assertThat(log.indexOf("end delete target a.upstream/a:80")).isLessThan(log.indexOf("start delete upstream a.upstream"));
        assertThat(log.indexOf("end delete plugin key-auth@service a")).isLessThan(log.indexOf("start delete consumer kcs-anonymous"));

        ApplyResult r = run(plan, 8, 5, List.of("a-a"), Collections.synchronizedList(new ArrayList<>()), new AtomicInteger());
        // The route could not go, so neither can its service, nor the upstream the service points at, nor that
        // upstream's target: the route still takes traffic and must keep a backend. Nor can the service's auth
        // plugin (the live route would take unauthenticated traffic, issue 10), nor the consumer it names.
        assertThat(r.failed()).extracting(f -> f.operation().key()).containsExactly("a-a");
        assertThat(r.skipped()).extracting(s -> s.operation().key())
                .containsExactlyInAnyOrder("a", "a.upstream", "a.upstream/a:80", "key-auth@service a",
                        "kcs-anonymous");
        assertThat(r.skipped()).extracting(ApplyResult.SkippedOperation::reason)
                .allMatch(reason -> reason.equals("waits for delete of route a-a, which failed"));
        assertThat(r.applied()).extracting(Operation::key).doesNotContain("a.upstream/a:80", "kcs-anonymous");
    }

    @Test
    void thousandsOfOperationsCompleteWithoutDeepStacks() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            names.add("s" + i);
        }
        Plan plan = new Differ().diff(services(names.toArray(String[]::new)), KongState.EMPTY, DiffScope.NONE);
        Map<String, Boolean> seen = new ConcurrentHashMap<>();
        ApplyResult r = new Scheduler(8, op -> {
            seen.put(op.entity().id(), true);
            return Future.succeededFuture();
        }, Applier::skipReason).run(Applier.graph(plan.operations())).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertThat(r.applied()).hasSize(10_000);
        assertThat(seen).hasSize(10_000);
        assertThat(plan.operations()).extracting(Operation::entity).extracting(KongEntity::id).doesNotHaveDuplicates();
    }
}
