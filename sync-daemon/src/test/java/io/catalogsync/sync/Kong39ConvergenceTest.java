package io.catalogsync.sync;

import static io.catalogsync.sync.EmulatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.RecordedRequest;
import io.catalogsync.kong.entity.Plugin;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The daemon against the emulator in Kong 3.9.3 mode (and Enterprise versions, which follow 3.9's shapes):
 * rate-limiting answers carry both the nested {@code config.redis} and the flat {@code redis_*} mirror
 * (kong-transcripts/3.9.3/plugins.json), and neither may look like a change. An unknown major version is refused
 * before anything is written.
 */
class Kong39ConvergenceTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "Kong {0}, dbless={1}")
    @CsvSource({"3.9.3, false", "3.9.3, true", "3.14.0.0-enterprise-edition, false", "3.10.0.1, true"})
    void theSecondSyncWritesNothing(String version, boolean dbless) throws Exception {
        EmulatorOptions options = EmulatorOptions.defaults().withDbless(dbless).withVersion(version);
        try (EmulatorHarness h = EmulatorHarness.start(options, dir)) {
            Reconciler r = h.reconciler();
            CycleResult first = h.cycle(r, ReconcileOptions.defaults());
            assertThat(first.outcome()).as("%s %s", first.errors(), first.failure()).isEqualTo(CycleResult.Outcome.SUCCESS);
            assertThat(first.kong().version()).isEqualTo(version);

            // Kong answers the Redis settings in both shapes; the daemon sent the nested one only.
            Plugin rl = await(h.client.plugins().list(ListQuery.ALL)).stream()
                    .filter(p -> p.name().equals("rate-limiting") && "redis".equals(p.config().get("policy")))
                    .findFirst().orElseThrow();
            assertThat(rl.config()).containsKey("redis").containsKey("redis_host");
            assertThat(h.requests()).filteredOn(RecordedRequest::isWrite)
                    .allSatisfy(w -> assertThat(w.body() == null ? "" : w.body()).doesNotContain("redis_host"));

            h.emulator.clearRequests();
            CycleResult second = h.cycle(r, ReconcileOptions.defaults());
            assertThat(second.plan().operations()).as("second plan").isEmpty();
            assertThat(second.outcome()).isEqualTo(CycleResult.Outcome.NO_CHANGES);
            assertThat(h.requests()).noneMatch(RecordedRequest::isWrite);
        }
    }

    @ParameterizedTest(name = "Kong {0}")
    @ValueSource(strings = {"4.0.0", "2.8.0"})
    void anUnknownMajorVersionIsRefusedAndNothingIsWritten(String version) throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults().withVersion(version), dir)) {
            CycleResult c = h.cycle(h.reconciler(), ReconcileOptions.defaults());
            assertThat(c.outcome()).isEqualTo(CycleResult.Outcome.FAILED);
            assertThat(c.failure().message()).contains("Kong " + version + " is not supported");
            assertThat(h.requests()).noneMatch(RecordedRequest::isWrite);
        }
    }
}
