package io.catalogsync.sync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged daemon ({@code kong-catalog-sync.jar run}) as its own process with {@code -Xmx256m}, against the Kong
 * emulator (its own process, with a per-request latency) and a 10,000-service catalog file: its first cycle, then
 * no-op cycles triggered with {@code POST /sync}. Per cycle: result and duration from {@code /status}, Admin API
 * reads and writes from the daemon's own {@code kong_catalog_sync_admin_requests_seconds_count}, and the
 * daemon's heap (from its {@code jvm_memory_used_bytes}) and RSS ({@code VmRSS}/{@code VmHWM} in
 * {@code /proc/<pid>/status}).
 *
 * <pre>
 *   java -cp &lt;sync-daemon test classpath&gt; io.catalogsync.sync.bench.DaemonBench --jar sync-daemon/target/kong-catalog-sync.jar \
 *       [--services 10000] [--latency-ms 2] [--parallelism 16] [--daemon-heap 256m] [--noop-cycles 3]
 * </pre>
 * Exits 1 when the daemon dies, a no-op cycle writes, or SIGTERM does not end it with 0.
 */
public final class DaemonBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DaemonBench() {
    }

    public static void main(String[] args) throws Exception {
        EmulatedKong.quietLogs();
        Map<String, String> a = flags(args);
        Path jar = Path.of(a.getOrDefault("jar", "sync-daemon/target/kong-catalog-sync.jar"));
        int services = Integer.parseInt(a.getOrDefault("services", "10000"));
        int latencyMs = Integer.parseInt(a.getOrDefault("latency-ms", "2"));
        int parallelism = Integer.parseInt(a.getOrDefault("parallelism", "16"));
        String heap = a.getOrDefault("daemon-heap", "256m");
        int noopCycles = Integer.parseInt(a.getOrDefault("noop-cycles", "3"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no daemon jar at " + jar + " (mvn -pl sync-daemon -am package)");
        }
        boolean ok = true;
        Path dir = Files.createTempDirectory("kcs-bench-daemon");
        Path catalog = dir.resolve("catalog.json");
        Path log = dir.resolve("daemon.log");
        SyntheticCatalog.write(SyntheticCatalog.services(services), catalog);
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        System.out.printf(Locale.ROOT, "daemon: %,d services, emulator latency %d ms, parallelism %d, -Xmx%s%n",
                services, latencyMs, parallelism, heap);
        try (KongProcess kong = KongProcess.start(latencyMs, "2g")) {
            String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            List<String> command = List.of(java, "-Xmx" + heap, "-jar", jar.toString(), "run",
                    "--catalog", catalog.toString(), "--kong-admin", kong.adminUrl,
                    "--http-host", "127.0.0.1", "--http-port", Integer.toString(port),
                    "--sync-interval", "1h", "--parallelism", Integer.toString(parallelism));
            System.out.println("daemon command: java -Xmx" + heap + " -jar " + jar + " run --catalog <10k-service file>"
                    + " --kong-admin <emulator> --http-host 127.0.0.1 --http-port <free> --sync-interval 1h --parallelism " + parallelism);
            Process daemon = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                JsonNode first = waitForCycle(base, daemon, 1, Duration.ofMinutes(30));
                Map<String, Double> m0 = requestCounts(base);
                report("first cycle", first, Map.of(), m0, daemon, base);
                ok &= check("first cycle synced", "SUCCESS".equals(first.path("outcome").asText()));
                Map<String, Double> before = m0;
                for (int i = 1; i <= noopCycles; i++) {
                    JsonNode started = JSON.readTree(post(base + "/sync"));
                    JsonNode c = waitForCycle(base, daemon, started.path("cycle").asInt(), Duration.ofMinutes(10));
                    Map<String, Double> after = requestCounts(base);
                    double writes = report("no-op cycle " + i, c, before, after, daemon, base);
                    ok &= check("no-op cycle " + i + " writes nothing", writes == 0 && "NO_CHANGES".equals(c.path("outcome").asText()));
                    before = after;
                }
                ok &= check("the daemon never ran out of memory", !Files.readString(log).contains("OutOfMemoryError"));
            } catch (Exception e) {
                ok = check(e.getMessage(), false);
            } finally {
                daemon.destroy(); // SIGTERM: graceful shutdown
                boolean ended = daemon.waitFor(30, TimeUnit.SECONDS);
                if (!ended) {
                    daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                ok &= check("SIGTERM ends the daemon with 0", ended && daemon.exitValue() == 0);
            }
        } finally {
            if (!ok) {
                List<String> lines = Files.readAllLines(log);
                System.out.println("daemon log kept at " + log + "; its end:");
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> System.out.println("  | " + l));
            } else {
                Files.deleteIfExists(log);
                Files.deleteIfExists(catalog);
                Files.deleteIfExists(dir);
            }
        }
        System.out.println(ok ? "daemon: all checks passed" : "daemon: SOME CHECKS FAILED (see FAILED above)");
        System.exit(ok ? 0 : 1);
    }

    /** Prints one cycle's figures; returns the writes it made. */
    private static double report(String label, JsonNode cycle, Map<String, Double> before, Map<String, Double> after,
                                 Process daemon, String base) throws Exception {
        double writes = 0;
        double reads = 0;
        for (var e : after.entrySet()) {
            double d = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            if (e.getKey().equals("GET")) {
                reads += d;
            } else {
                writes += d;
            }
        }
        Map<String, Double> metrics = scrape(base);
        System.out.printf(Locale.ROOT, "%s: %s in %.2f s (daemon's /status), plan %d operations; %,.0f writes, %,.0f reads"
                        + " (daemon's admin request counter); heap used %.0f MiB of %.0f MiB; RSS %s; load %s%n",
                label, cycle.path("outcome").asText(), cycle.path("duration_ms").asLong() / 1000.0,
                cycle.path("plan").path("create").asInt() + cycle.path("plan").path("update").asInt()
                        + cycle.path("plan").path("delete").asInt(), writes, reads, metrics.getOrDefault("heapUsed", Double.NaN) / 1048576,
                metrics.getOrDefault("heapMax", Double.NaN) / 1048576, rss(daemon.pid()), SyncBench.loadAverage());
        return writes;
    }

    /** The daemon's own Admin API request counts by HTTP method, from its /metrics. */
    private static Map<String, Double> requestCounts(String base) throws Exception {
        Map<String, Double> out = new HashMap<>();
        for (String line : get(base + "/metrics").split("\n")) {
            if (line.startsWith("kong_catalog_sync_admin_requests_seconds_count{")) {
                String method = line.replaceAll(".*method=\"([A-Z]+)\".*", "$1");
                out.merge(method, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
            }
        }
        return out;
    }

    /** Heap used and heap max (sums over the heap pools) from the daemon's /metrics. */
    private static Map<String, Double> scrape(String base) throws Exception {
        Map<String, Double> out = new HashMap<>();
        for (String line : get(base + "/metrics").split("\n")) {
            if (line.contains("area=\"heap\"")) {
                double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (line.startsWith("jvm_memory_used_bytes{")) {
                    out.merge("heapUsed", v, Double::sum);
                } else if (line.startsWith("jvm_memory_max_bytes{") && v > 0) {
                    out.merge("heapMax", v, Double::sum);
                }
            }
        }
        return out;
    }

    /** Polls /status until {@code lastCycle.cycle >= id}; fails if the daemon exits first. */
    private static JsonNode waitForCycle(String base, Process daemon, int id, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!daemon.isAlive()) {
                throw new IllegalStateException("the daemon exited with " + daemon.exitValue() + " before cycle " + id);
            }
            try {
                JsonNode last = JSON.readTree(get(base + "/status")).path("lastCycle");
                if (last.path("cycle").asInt(-1) >= id) {
                    return last;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("cycle " + id + " did not end within " + timeout);
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String post(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String rss(long pid) throws IOException {
        String rss = "?";
        String peak = "?";
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = (Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10) + " MiB";
            } else if (line.startsWith("VmHWM:")) {
                peak = (Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10) + " MiB";
            }
        }
        return rss + " (peak " + peak + ")";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean check(String what, boolean passed) {
        if (!passed) {
            System.out.println("FAILED: " + what);
        }
        return passed;
    }

    private static Map<String, String> flags(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: DaemonBench --jar JAR [--services N] [--latency-ms N]"
                        + " [--parallelism N] [--daemon-heap SIZE] [--noop-cycles N]; bad argument: " + args[i]);
            }
            out.put(args[i].substring(2), args[++i]);
        }
        return out;
    }
}
