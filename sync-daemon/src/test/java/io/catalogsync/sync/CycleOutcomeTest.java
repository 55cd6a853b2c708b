package io.catalogsync.sync;

import static io.catalogsync.sync.EmulatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import io.catalogsync.sync.guard.DeleteBudget;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.RefusedDeletion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outcome rules (issue 11, 4 and 4b) on whole cycles against the emulator: one service's refusals make a cycle
 * partial, Kong itself failing across services makes it failed; held-back deletions keep what they need; the
 * delete budget stops a flapping catalog.
 */
class CycleOutcomeTest {

    @TempDir
    Path dir;

    @Test
    void kongRefusingOneServiceWhileTheRestIsInSyncIsPartialNotFailed() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            assertThat(h.cycle(h.reconciler(), ReconcileOptions.defaults()).outcome())
                    .isEqualTo(CycleResult.Outcome.SUCCESS);
            // Everything is in sync; now only llm-gateway's masking plugins change, and Kong refuses those writes
            // (400). (An unparseable hook is no longer written at all: Kong's POST /schemas/plugins/validate refuses
            // it before the write, PluginValidationEmulatorTest; so the refusal is injected at the write.)
            Reconciler bad = new Reconciler(h.vertx, h.source(), h.client,
                    EmulatorHarness.translateOptions(EmulatorHarness.TEST_HOOK + "-- v2\n"));
            h.emulator.faults().setWritesOnly(true).failNextRequests(1000, 400);
            ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                    .getLogger(Reconciler.class);
            ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                    new ch.qos.logback.core.read.ListAppender<>();
            lines.start();
            log.addAppender(lines);
            CycleResult c;
            try {
                c = h.cycle(bad, ReconcileOptions.defaults());
            } finally {
                log.detachAppender(lines);
                h.emulator.faults().clear();
            }
            // Each failed operation is logged once, naming the entity, its service and Kong's answer.
            List<String> failures = lines.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains(" failed: ")).toList();
            assertThat(failures).hasSize(Math.min(c.applied().failed().size(), Reconciler.FAILURES_LOGGED_PER_CYCLE))
                    .allSatisfy(m -> assertThat(m).contains("plugin").contains("[llm-gateway]").contains("400"));
            assertThat(c.applied().applied()).as("nothing else to write").isEmpty();
            assertThat(c.applied().failed()).isNotEmpty().allSatisfy(f -> assertThat(f.status()).isEqualTo(400));
            assertThat(c.outcome()).as("%s", c.failure()).isEqualTo(CycleResult.Outcome.PARTIAL);
            assertThat(c.failure()).isNull();
            assertThat(c.failedServices()).containsExactly("llm-gateway");
        }
    }

    @Test
    void kongFailingAcrossServicesFailsTheCycleWhateverShareOfWritesWent() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            // Reads answer; a fifth of the writes get 503 (Kong's database gone for a moment), seeded.
            h.emulator.faults().setWritesOnly(true).setSeed(7).setServerErrorRate(0.2, 503);
            CycleResult c = h.cycle(h.reconciler(), ReconcileOptions.defaults());
            assertThat(c.applied().applied()).as("most writes went through").isNotEmpty();
            assertThat(c.applied().failed()).isNotEmpty();
            assertThat(c.outcome()).isEqualTo(CycleResult.Outcome.FAILED);
            assertThat(c.failure().kind()).isEqualTo(CycleResult.Failure.Kind.KONG_FAILED);
            assertThat(c.failure().message()).contains("503");

            h.emulator.faults().clear();
            assertThat(h.cycle(h.reconciler(), ReconcileOptions.defaults()).outcome())
                    .isEqualTo(CycleResult.Outcome.SUCCESS);
        }
    }

    @Test
    void aDeletionHeldForAnUnownedDependentKeepsTheTargetsBehindIt() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            Reconciler r = h.reconciler();
            h.cycle(r, ReconcileOptions.defaults());
            Route route = await(h.client.routes().list(ListQuery.ALL)).stream()
                    .filter(x -> x.name().startsWith("notifications")).findFirst().orElseThrow();
            // Another team puts its own plugin on the daemon's route.
            await(h.client.plugins().create(new Plugin(null, "request-termination", null, null, Ref.id(route.id()),
                    null, Map.of("status_code", 503), null, true, List.of("team-b"), null, null)));
            Upstream upstream = await(h.client.upstreams().list(ListQuery.ALL)).stream()
                    .filter(u -> u.name().startsWith("notifications")).findFirst().orElseThrow();
            List<Target> targets = await(h.client.targets(upstream.id()).list(ListQuery.ALL));
            assertThat(targets).isNotEmpty();

            String catalog = Files.readString(TestPaths.exampleCatalog());
            h.useCatalog(catalog.substring(0, catalog.indexOf("  # Webhook receiver")));
            CycleResult c = h.cycle(r, ReconcileOptions.defaults());

            assertThat(c.refusedDeletions()).singleElement().satisfies(d -> {
                assertThat(d.reason()).isEqualTo(RefusedDeletion.Reason.UNOWNED_DEPENDENTS);
                assertThat(d.held()).extracting(Operation::type)
                        .contains(EntityType.ROUTE, EntityType.SERVICE, EntityType.UPSTREAM, EntityType.TARGET);
            });
            // The route still takes traffic, so its backend stays whole: no target of it was deleted.
            assertThat(await(h.client.targets(upstream.id()).list(ListQuery.ALL))).extracting(Target::target)
                    .containsExactlyInAnyOrderElementsOf(targets.stream().map(Target::target).toList());
            assertThat(c.plan().ofKind(Operation.Kind.DELETE)).extracting(Operation::catalogService)
                    .doesNotContain("notifications");
        }
    }

    @Test
    void aCatalogFlappingUnderTheRatioRunsOutOfDeleteBudget() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
            Reconciler r = new Reconciler(h.vertx, h.source(), h.client,
                    EmulatorHarness.translateOptions(EmulatorHarness.TEST_HOOK), clock);
            String full = Files.readString(TestPaths.exampleCatalog());
            String without = full.substring(0, full.indexOf("  # Webhook receiver"));
            h.cycle(r, ReconcileOptions.defaults());

            h.useCatalog(without);
            CycleResult first = h.cycle(r, ReconcileOptions.defaults());
            int flap = first.plan().count(Operation.Kind.DELETE);
            assertThat(flap).isPositive();
            assertThat(first.refusedDeletions()).isEmpty();
            ReconcileOptions budget = ReconcileOptions.defaults().withDeleteBudget(flap + 1, Duration.ofHours(1));

            h.useCatalog(full);
            clock.advance(Duration.ofMinutes(1));
            h.cycle(r, budget);
            h.useCatalog(without);
            clock.advance(Duration.ofMinutes(1));
            CycleResult second = h.cycle(r, budget);
            assertThat(second.plan().count(Operation.Kind.DELETE)).isZero();
            assertThat(second.refusedDeletions()).singleElement().satisfies(d -> {
                assertThat(d.reason()).isEqualTo(RefusedDeletion.Reason.DELETE_BUDGET);
                assertThat(d.count()).isEqualTo(flap);
                assertThat(d.message()).contains("--max-deletes-per-window");
            });
            assertThat(second.outcome()).isEqualTo(CycleResult.Outcome.PARTIAL);

            // Once the window has passed, the deletions go.
            clock.advance(Duration.ofHours(1));
            CycleResult later = h.cycle(r, budget);
            assertThat(later.plan().count(Operation.Kind.DELETE)).isEqualTo(flap);
            assertThat(later.refusedDeletions()).isEmpty();
            assertThat(new io.catalogsync.sync.guard.DeleteBudget(0, Duration.ofHours(1)).off()).isTrue();
            assertThat(DeleteBudget.DEFAULT.off()).isFalse();
        }
    }

    @Test
    void twoDaemonsWithTheSameOwnerTagOnDifferentCatalogsSeeEachOther() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            String full = Files.readString(TestPaths.exampleCatalog());
            Path other = dir.resolve("other.yaml");
            Files.writeString(other, full.replace("timeout.read: \"30000\"", "timeout.read: \"45000\""));
            assertThat(Files.readString(other)).isNotEqualTo(full);
            Reconciler a = h.reconciler();
            Reconciler b = new Reconciler(h.vertx, new io.catalogsync.sync.source.FileCatalogSource(h.vertx, other),
                    h.client, EmulatorHarness.translateOptions(EmulatorHarness.TEST_HOOK));

            assertThat(h.cycle(a, ReconcileOptions.defaults()).contestedCount()).isZero();
            assertThat(h.cycle(b, ReconcileOptions.defaults()).contestedCount()).isZero();
            // a's next cycle writes back what it wrote before: b undid it.
            CycleResult fight = h.cycle(a, ReconcileOptions.defaults());
            assertThat(fight.contestedCount()).isPositive();
            assertThat(fight.contested()).anyMatch(x -> x.startsWith("create service payments")
                    || x.contains("service payments"));
            assertThat(io.catalogsync.sync.report.CycleReport.toJson(fight, false).at("/other_writer/contested")
                    .asInt()).isEqualTo(fight.contestedCount());

            // Alone again, a converges and the signal clears.
            h.cycle(a, ReconcileOptions.defaults());
            CycleResult calm = h.cycle(a, ReconcileOptions.defaults());
            assertThat(calm.contestedCount()).isZero();
            assertThat(calm.outcome()).isEqualTo(CycleResult.Outcome.NO_CHANGES);
        }
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
