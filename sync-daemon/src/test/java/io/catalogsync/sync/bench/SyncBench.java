package io.catalogsync.sync.bench;

import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.translate.TranslateOptions;
import io.catalogsync.catalog.translate.Translator;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongAdminOptions;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.ReconcileOptions;
import io.catalogsync.sync.Reconciler;
import io.catalogsync.sync.source.FileCatalogSource;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sync engine (file catalog source, real Admin API client, {@link Reconciler}, as the daemon wires them)
 * against the Kong emulator running as its own process on 127.0.0.1 with a per-request latency: a first sync,
 * no-op cycles and a churn cycle. Every request is counted by the client's own listener and checked against what
 * the catalog needs; wall time and the CPU time of each side are reported per cycle, with this JVM's heap and RSS
 * (run it with {@code -Xmx256m} to see whether the engine fits).
 *
 * <pre>
 *   java -Xmx256m -cp &lt;sync-daemon test classpath&gt; io.catalogsync.sync.bench.SyncBench \
 *       [--services 10000] [--latency-ms 2] [--parallelism 16] [--churn-percent 1] [--noop-cycles 3] [--emulator-heap 2g]
 * </pre>
 *
 * Targets (issue 7): the first sync writes exactly the entities needed (ratio 1.00) within 1.3x of
 * writes x latency / parallelism; a no-op cycle writes nothing, reads only the list pages needed and takes under
 * 2 s; a churn cycle writes exactly the entities that changed. Exits 1 when a count is wrong; a time over its
 * target is reported, not failed (it depends on the machine and on the emulator).
 */
public final class SyncBench {

    private static final int PAGE_SIZE = 1000;

    private SyncBench() {
    }

    public static void main(String[] args) throws Exception {
        EmulatedKong.quietLogs();
        Map<String, String> a = flags(args);
        int services = Integer.parseInt(a.getOrDefault("services", "10000"));
        int latencyMs = Integer.parseInt(a.getOrDefault("latency-ms", "2"));
        int parallelism = Integer.parseInt(a.getOrDefault("parallelism", "16"));
        int churnPercent = Integer.parseInt(a.getOrDefault("churn-percent", "1"));
        int noopCycles = Integer.parseInt(a.getOrDefault("noop-cycles", "3"));
        String emulatorHeap = a.getOrDefault("emulator-heap", "2g");
        boolean ok = true;

        System.out.printf(Locale.ROOT, "sync: %,d services, emulator latency %d ms per request, parallelism %d, engine heap"
                        + " -Xmx%dm%n", services, latencyMs, parallelism, Runtime.getRuntime().maxMemory() >> 20);
        Path dir = Files.createTempDirectory("kcs-bench-sync");
        Path catalogFile = dir.resolve("catalog.json");
        RequestTally tally = new RequestTally();
        Vertx vertx = Vertx.vertx();
        try (KongProcess kong = KongProcess.start(latencyMs, emulatorHeap)) {
            KongAdminClient client = KongAdminClient.create(vertx, new KongAdminOptions().setBaseUrl(kong.adminUrl)
                    .setMaxInFlight(parallelism).setRequestTimeout(Duration.ofSeconds(60)).setListener(tally));
            Reconciler reconciler = new Reconciler(vertx, new FileCatalogSource(vertx, catalogFile), client,
                    TranslateOptions.defaults());
            Cycles cycles = new Cycles(reconciler, tally, kong, parallelism);

            List<CatalogService> catalog = SyntheticCatalog.services(services);
            KongState desired = Translator.translate(catalog, TranslateOptions.defaults()).desired();
            SyntheticCatalog.write(catalog, catalogFile);

            // First sync: Kong is empty, every desired entity is one write.
            Cycle first = cycles.run("first sync");
            double idealS = first.writes * latencyMs / 1000.0 / parallelism;
            double ratio = (double) first.writes / desired.size();
            System.out.printf(Locale.ROOT, "first sync: %,d entities needed, %,d writes (ratio %.2f)%n", desired.size(),
                    first.writes, ratio);
            System.out.printf(Locale.ROOT, "first sync: writes x latency / parallelism = %.2f s; cycle %.2f s = %.2f x that"
                            + " (target <= 1.30: %s); write phase (first to last write) %.2f s = %.2f x%n",
                    idealS, first.wallS, first.wallS / idealS, first.wallS / idealS <= 1.3 ? "met" : "NOT met",
                    first.writePhaseS, first.writePhaseS / idealS);
            ok &= check("first sync writes == entities needed", first.writes == desired.size());

            // No-op cycles: nothing changed, nothing written; reads are the list pages and GET / only.
            long expectedPages = listPages(desired);
            for (int i = 1; i <= noopCycles; i++) {
                Cycle noop = cycles.run("no-op cycle " + i);
                System.out.printf(Locale.ROOT, "no-op cycle %d: %,d list pages needed + GET / = %,d reads expected;"
                                + " %.2f s (target < 2 s: %s)%n",
                        i, expectedPages, expectedPages + 1, noop.wallS, noop.wallS < 2 ? "met" : "NOT met");
                ok &= check("no-op cycle writes nothing", noop.writes == 0 && noop.outcome == CycleResult.Outcome.NO_CHANGES);
                ok &= check("no-op cycle reads == list pages + 1", noop.reads == expectedPages + 1);
            }
            System.out.println("engine JVM after the no-op cycles: " + memory());

            // Churn: a share of the services changed; exactly the changed entities are written.
            List<CatalogService> churned = SyntheticCatalog.churned(catalog, churnPercent, 1);
            long changed = changedEntities(desired, Translator.translate(churned, TranslateOptions.defaults()).desired());
            SyntheticCatalog.write(churned, catalogFile);
            Cycle churn = cycles.run("churn cycle (" + churnPercent + "% of services changed)");
            System.out.printf(Locale.ROOT, "churn cycle: %,d entities changed, %,d writes (ratio %.2f)%n", changed,
                    churn.writes, (double) churn.writes / changed);
            ok &= check("churn writes == changed entities", churn.writes == changed);
            client.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            deleteQuietly(catalogFile, dir);
        }
        System.out.println(ok ? "sync: all counts as expected" : "sync: SOME COUNTS ARE WRONG (see FAILED above)");
        System.exit(ok ? 0 : 1);
    }

    /** What one cycle did and cost. */
    private record Cycle(CycleResult.Outcome outcome, long writes, long reads, double wallS, double writePhaseS) {
    }

    /** Runs cycles and prints, for each, its outcome, requests and the time and CPU it took on both sides. */
    private record Cycles(Reconciler reconciler, RequestTally tally, KongProcess kong, int parallelism) {

        Cycle run(String label) throws Exception {
            tally.reset();
            Duration engineCpu0 = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
            Duration kongCpu0 = kong.cpu();
            long t0 = System.nanoTime();
            CycleResult r = reconciler.reconcile(new ReconcileOptions(false, false, 0.25, parallelism))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
            double wallS = (System.nanoTime() - t0) / 1e9;
            double engineCpuS = (ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).minus(engineCpu0)).toMillis() / 1e3;
            double kongCpuS = kong.cpu().minus(kongCpu0).toMillis() / 1e3;
            System.out.printf(Locale.ROOT, "%s: %s in %.2f s wall; %,d writes, %,d reads %s, %d answered 4xx/5xx or not at all;"
                            + " mean request %.2f ms as the client saw it; CPU: engine JVM %.2f s, emulator JVM %.2f s;"
                            + " load %s%n",
                    label, r.outcome(), wallS, tally.writes(), tally.reads(), tally.readsByPath(), tally.failed(),
                    tally.meanMs(), engineCpuS, kongCpuS, loadAverage());
            if (r.outcome() != CycleResult.Outcome.SUCCESS && r.outcome() != CycleResult.Outcome.NO_CHANGES) {
                throw new IllegalStateException(label + " did not converge: " + r.outcome() + " " + r.failure()
                        + " errors " + r.errors().subList(0, Math.min(5, r.errors().size())));
            }
            return new Cycle(r.outcome(), tally.writes(), tally.reads(), wallS, tally.writePhaseS());
        }
    }

    /** Pages of 1000 per owner-tagged collection (at least one each), and one target page per upstream. */
    static long listPages(KongState s) {
        long pages = pages(s.upstreams().size()) + pages(s.services().size()) + pages(s.routes().size())
                + pages(s.consumers().size()) + pages(s.plugins().size());
        Map<String, Integer> targetsPerUpstream = new HashMap<>();
        s.targets().forEach(t -> targetsPerUpstream.merge(t.upstream().id(), 1, Integer::sum));
        for (var u : s.upstreams()) {
            pages += pages(targetsPerUpstream.getOrDefault(u.id(), 0));
        }
        return pages;
    }

    private static long pages(int entities) {
        return Math.max(1, (entities + PAGE_SIZE - 1) / PAGE_SIZE);
    }

    /** Entities added, removed or different between two desired states, matched by id (ids are deterministic). */
    static long changedEntities(KongState before, KongState after) {
        Map<String, KongEntity> old = new HashMap<>();
        before.all().forEach(e -> old.put(e.type() + ":" + e.id(), e));
        long changed = 0;
        for (KongEntity e : (Iterable<KongEntity>) after.all()::iterator) {
            KongEntity was = old.remove(e.type() + ":" + e.id());
            if (!e.equals(was)) {
                changed++;
            }
        }
        return changed + old.size();
    }

    /** Heap in use after a full collection (the live set), the heap limit, RSS and the collections so far. */
    static String memory() throws IOException {
        System.gc();
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long gcs = 0;
        long gcMs = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs += Math.max(0, gc.getCollectionCount());
            gcMs += Math.max(0, gc.getCollectionTime());
        }
        return String.format(Locale.ROOT, "heap used after a full GC %d MiB (max %d MiB), RSS %s, %d GCs taking %d ms in all",
                heap.getUsed() >> 20, heap.getMax() >> 20, rss(), gcs, gcMs);
    }

    static String rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return (kb >> 10) + " MiB";
            }
        }
        return "unknown";
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static boolean check(String what, boolean passed) {
        if (!passed) {
            System.out.println("FAILED: " + what);
        }
        return passed;
    }

    private static void deleteQuietly(Path file, Path dir) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    private static Map<String, String> flags(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: SyncBench [--services N] [--latency-ms N] [--parallelism N]"
                        + " [--churn-percent N] [--noop-cycles N] [--emulator-heap SIZE]; bad argument: " + args[i]);
            }
            out.put(args[i].substring(2), args[++i]);
        }
        return out;
    }
}
