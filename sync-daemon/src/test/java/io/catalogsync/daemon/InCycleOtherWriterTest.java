package io.catalogsync.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.admin.EntityApi;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.admin.Page;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.EmulatorHarness;
import io.catalogsync.sync.ReconcileOptions;
import io.catalogsync.sync.Reconciler;
import io.catalogsync.sync.TestPaths;
import io.catalogsync.sync.report.CycleReport;
import io.catalogsync.sync.source.FileCatalogSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two daemons with the same owner tag on catalogs that differ in one value (payments' read timeout). Daemon b runs a
 * whole cycle exactly between daemon a's read and a's first service create: a's creates then meet b's entities.
 * Where b wrote the same thing (every other entity), nothing is reported; where b wrote other content (payments),
 * a reports another writer within the cycle, in the result, the report (/status), the log and the contested-writes
 * counter under reason in_cycle. Before, this was seen only one cycle later, as a flip.
 */
class InCycleOtherWriterTest {

    @TempDir
    Path dir;

    /** Runs {@code between} once, when the first service create comes; every service create waits for it. */
    private static final class Interposed extends ForwardingKongAdminClient {
        private final Supplier<Future<?>> between;
        private final AtomicBoolean started = new AtomicBoolean();
        private final io.vertx.core.Promise<Object> finished = io.vertx.core.Promise.promise();

        Interposed(KongAdminClient delegate, Supplier<Future<?>> between) {
            super(delegate);
            this.between = between;
        }

        @Override
        protected <T extends KongEntity> EntityApi<T> entities(EntityApi<T> api, EntityType type, String scope) {
            if (type != EntityType.SERVICE) {
                return api;
            }
            return new ForwardingEntityApi<>(api) {
                @Override
                public Future<T> create(T entity) {
                    if (started.compareAndSet(false, true)) {
                        between.get().onComplete(ar -> finished.complete());
                    }
                    return finished.future().compose(x -> api.create(entity));
                }
            };
        }
    }

    @Test
    void aCreateMeetingAnotherWritersDifferentEntityIsReportedWithinTheCycle() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            String full = Files.readString(TestPaths.exampleCatalog());
            Path other = dir.resolve("other.yaml");
            Files.writeString(other, full.replace("timeout.read: \"30000\"", "timeout.read: \"45000\""));
            Reconciler b = new Reconciler(h.vertx, new FileCatalogSource(h.vertx, other), h.client,
                    EmulatorHarness.translateOptions(EmulatorHarness.TEST_HOOK));
            Reconciler a = new Reconciler(h.vertx, h.source(),
                    new Interposed(h.client, () -> b.reconcile(ReconcileOptions.defaults())),
                    EmulatorHarness.translateOptions(EmulatorHarness.TEST_HOOK));

            CycleResult r = h.cycle(a, ReconcileOptions.defaults());

            assertThat(r.outcome()).as("%s", r.errors()).isIn(CycleResult.Outcome.SUCCESS, CycleResult.Outcome.PARTIAL);
            assertThat(r.contestedInCycle()).isEqualTo(1);
            assertThat(r.contestedCount()).isEqualTo(1);
            assertThat(r.contested()).singleElement().satisfies(x -> assertThat(x)
                    .startsWith("create service payments").contains("[payments]").contains("another writer"));
            assertThat(CycleReport.toJson(r, false).at("/other_writer/contested_in_cycle").asInt()).isEqualTo(1);
            assertThat(CycleReport.toText(r)).contains("between its read and write");

            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            SyncMetrics metrics = new SyncMetrics(() -> true);
            metrics.bindTo(registry);
            metrics.cycleFinished(new FinishedCycle(1, CycleRequest.Trigger.TIMER, r), 0, Map.of());
            assertThat(registry.get(SyncMetrics.CONTESTED).tag("reason", "in_cycle").counter().count()).isEqualTo(1);
            assertThat(registry.get(SyncMetrics.CONTESTED).tag("reason", "previous_cycle").counter().count()).isZero();

            // a's write won this time: payments holds a's read timeout.
            assertThat(EmulatorHarness.await(h.client.services().list(ListQuery.ALL)))
                    .filteredOn(s -> s.name().equals("payments")).singleElement()
                    .satisfies(s -> assertThat(s.readTimeout()).isEqualTo(30000));
        }
    }
}
