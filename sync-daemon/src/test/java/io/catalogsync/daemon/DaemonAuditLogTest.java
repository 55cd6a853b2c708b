package io.catalogsync.daemon;

import static io.catalogsync.daemon.DaemonLoopTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.ReconcileOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The daemon appends every write of every cycle to the audit log, and nothing for a cycle that writes nothing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DaemonAuditLogTest {

    @TempDir
    Path dir;

    @Test
    void everyWriteOfEveryCycleIsOneLine() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (DaemonHarness h = new DaemonHarness(EmulatorOptions.defaults(), "catalog-key");
             AuditLog audit = AuditLog.open(log.toString())) {
            h.catalog.put(CatalogServer.service("billing", "billing.internal", 8080));
            Daemon d = h.start(DaemonHarness.options(Duration.ofMillis(300), null),
                    io.catalogsync.daemon.ReconcilerCycleRunner.factory(
                            v -> new io.catalogsync.sync.source.HttpCatalogSource(v, h.catalogOptions()),
                            h.kongOptions(), io.catalogsync.catalog.translate.TranslateOptions.defaults(),
                            ReconcileOptions.defaults(), audit), null);
            waitFor(() -> d.state().lastCycle() != null
                    && d.state().lastCycle().outcome() == CycleResult.Outcome.SUCCESS, 20_000);
            long firstWrites = h.kong.writeCount();
            // Two more cycles that write nothing add no line.
            long id = DaemonHarness.lastId(d);
            DaemonHarness.cycleAfter(d, id + 1, 20_000);
            List<JsonNode> lines = new ArrayList<>();
            for (String l : Files.readAllLines(log)) {
                lines.add(new ObjectMapper().readTree(l));
            }
            assertThat(firstWrites).isPositive();
            assertThat(lines).hasSize((int) firstWrites);
            assertThat(lines).allSatisfy(n -> {
                assertThat(n.path("cycle").asText()).isEqualTo("cycle-1");
                assertThat(n.at("/kong/result").asText()).isEqualTo("ok");
            });
            assertThat(Files.readString(log)).doesNotContain("catalog-key");
        }
    }
}
