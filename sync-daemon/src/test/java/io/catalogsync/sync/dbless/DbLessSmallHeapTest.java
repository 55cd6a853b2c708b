package io.catalogsync.sync.dbless;

import static io.catalogsync.sync.EmulatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.catalog.CatalogService;
import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.RecordedRequest;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.sync.EmulatorHarness;
import io.catalogsync.sync.bench.SyntheticCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: the daemon keeps working with {@code -Xmx256m} at 10,000 services in DB-less mode. The daemon runs as
 * its own process ({@code run --once} on this JVM's class path, {@code -Xmx256m}) against the emulator in this JVM:
 * a first push of 10,000 services (43,500 entities), then a 1 % change, which must read Kong's state back, then
 * {@code dump --all}, which writes all of it. Reading it from {@code GET /config} (~45 M characters of YAML at this
 * size, as Kong's) ran out of memory there, in both.
 * Each process is bounded in time; the emulator answers on loopback without added latency.
 */
class DbLessSmallHeapTest {

    private static final int SERVICES = 10_000;
    private static final long PROCESS_MINUTES = 8;

    @TempDir
    Path dir;

    @Test
    void aChangeAtTenThousandServicesWorksUnderA256MiBHeap() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.dblessDefaults(), dir)) {
            List<CatalogService> catalog = SyntheticCatalog.services(SERVICES);
            Path file = dir.resolve("catalog.json");
            SyntheticCatalog.write(catalog, file);
            Run first = runOnce(h, file, "first");
            assertThat(first.exit()).as(first.log()).isZero();
            assertThat(await(h.client.services().list(ListQuery.ALL))).hasSize(SERVICES);

            SyntheticCatalog.write(SyntheticCatalog.churned(catalog, 1, 1), file);
            h.emulator.clearRequests();
            Run change = runOnce(h, file, "change");
            assertThat(change.log()).doesNotContain("OutOfMemoryError");
            assertThat(change.exit()).as(change.log()).isZero();
            assertThat(h.requests()).filteredOn(r -> r.method().equals("POST") && r.path().equals("/config"))
                    .extracting(RecordedRequest::status).containsExactly(201);
            // svc-00000 is among the changed services: its read timeout moved to the next revision.
            Service changed = await(h.client.services().list(ListQuery.ALL)).stream()
                    .filter(s -> s.name().equals("svc-00000")).findFirst().orElseThrow();
            assertThat(changed.readTimeout()).isEqualTo(30_001);
            assertThat(await(h.client.services().list(ListQuery.ALL))).hasSize(SERVICES);

            // dump --all writes everything Kong holds; it read GET /config (as large as Kong's) and ran out of memory.
            long entities = h.emulator.state().values().stream().mapToLong(List::size).sum();
            Path out = dir.resolve("all.yaml");
            h.emulator.clearRequests();
            Run dump = run(h, "dump", List.of("dump", "--all", "--out", out.toString()));
            assertThat(dump.log()).doesNotContain("OutOfMemoryError");
            assertThat(dump.exit()).as(dump.log()).isZero();
            assertThat(dump.log()).contains("wrote " + entities + " entities to " + out);
            assertThat(h.requests()).noneMatch(r -> r.path().equals("/config"));
            assertThat(Files.size(out)).isPositive();
        }
    }

    private record Run(int exit, String log) {
    }

    private Run runOnce(EmulatorHarness h, Path catalog, String name) throws Exception {
        return run(h, name, List.of("run", "--once", "--catalog", catalog.toString()));
    }

    private Run run(EmulatorHarness h, String name, List<String> args) throws Exception {
        Path log = dir.resolve(name + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), "io.catalogsync.cli.Main"));
        command.addAll(args);
        command.addAll(List.of("--kong-admin", h.emulator.adminUrl(), "--parallelism", "16"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(PROCESS_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                return new Run(-1, "did not finish within " + PROCESS_MINUTES + " min\n" + tail(log));
            }
            return new Run(p.exitValue(), tail(log));
        } finally {
            p.destroyForcibly();
        }
    }

    private static String tail(Path log) throws Exception {
        String s = Files.readString(log);
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }
}
