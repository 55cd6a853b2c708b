package io.catalogsync.sync.bench;

import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.translate.TranslateOptions;
import io.catalogsync.catalog.translate.Translator;
import io.catalogsync.kong.emulator.RecordedRequest;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.sync.CycleResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sync engine against the Kong emulator with a per-request latency: a first sync, no-op cycles and a churn
 * cycle, counting every request the emulator receives and checking the counts against what the catalog needs.
 *
 * <pre>
 *   java -cp &lt;sync-daemon test classpath&gt; io.catalogsync.sync.bench.SyncBench \
 *       [--services 10000] [--latency-ms 2] [--parallelism 16] [--churn-percent 1] [--noop-cycles 3]
 * </pre>
 *
 * Targets (issue 7): first sync writes exactly the entities needed (ratio 1.00) within 1.3x of
 * writes x latency / parallelism; a no-op cycle writes nothing, reads only the list pages needed and takes under
 * 2 s; a churn cycle writes exactly the entities that changed. Exits 1 when a count is wrong (a time over its
 * target is reported, not failed: it depends on the machine).
 */
public final class SyncBench {

    private static final int PAGE_SIZE = 1000;

    private SyncBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = flags(args);
        int services = Integer.parseInt(a.getOrDefault("services", "10000"));
        int latencyMs = Integer.parseInt(a.getOrDefault("latency-ms", "2"));
        int parallelism = Integer.parseInt(a.getOrDefault("parallelism", "16"));
        int churnPercent = Integer.parseInt(a.getOrDefault("churn-percent", "1"));
        int noopCycles = Integer.parseInt(a.getOrDefault("noop-cycles", "3"));
        boolean ok = true;

        System.out.printf(Locale.ROOT, "sync: %,d services, emulator latency %d ms per request, parallelism %d%n",
                services, latencyMs, parallelism);
        try (EmulatedKong kong = EmulatedKong.start(Duration.ofMillis(latencyMs), parallelism)) {
            List<CatalogService> catalog = SyntheticCatalog.services(services);
            KongState desired = Translator.translate(catalog, TranslateOptions.defaults()).desired();
            kong.useCatalog(catalog);

            // First sync: Kong is empty, every desired entity is one write.
            long t0 = System.nanoTime();
            CycleResult first = kong.cycle(parallelism);
            double wallS = (System.nanoTime() - t0) / 1e9;
            Counts c = Counts.of(kong.requests());
            double idealS = c.writes * latencyMs / 1000.0 / parallelism;
            double ratio = (double) c.writes / desired.size();
            System.out.printf(Locale.ROOT, "first sync: %s, %,d entities needed, %,d writes (ratio %.2f), %,d reads%s%n",
                    first.outcome(), desired.size(), c.writes, ratio, c.reads, c.readSummary());
            System.out.printf(Locale.ROOT, "first sync: %.2f s wall for the cycle; writes x latency / parallelism = %.2f s;"
                            + " cycle / ideal = %.2f (target <= 1.30: %s); write phase (first to last write) %.2f s = %.2f x ideal;"
                            + " mean request time seen by the client %.2f ms%n",
                    wallS, idealS, wallS / idealS, wallS / idealS <= 1.3 ? "met" : "NOT met", c.writePhaseS,
                    c.writePhaseS / idealS, kong.clientNanos.get() / 1e6 / Math.max(1, kong.clientRequests.get()));
            ok &= check("first sync writes == entities needed", c.writes == desired.size());

            // No-op cycles: nothing changed, nothing written; reads are the list pages and nothing else.
            long expectedPages = listPages(desired);
            for (int i = 1; i <= noopCycles; i++) {
                long n0 = System.nanoTime();
                CycleResult noop = kong.cycle(parallelism);
                double noopS = (System.nanoTime() - n0) / 1e9;
                Counts n = Counts.of(kong.requests());
                System.out.printf(Locale.ROOT, "no-op cycle %d: %s, %d writes, %,d reads (%,d list pages needed + GET / for"
                                + " version and mode)%s, %.2f s (target < 2 s: %s)%n",
                        i, noop.outcome(), n.writes, n.reads, expectedPages, n.readSummary(), noopS, noopS < 2 ? "met" : "NOT met");
                ok &= check("no-op cycle writes nothing", n.writes == 0 && noop.outcome() == CycleResult.Outcome.NO_CHANGES);
                ok &= check("no-op cycle reads == list pages + 1", n.reads == expectedPages + 1);
            }

            // Churn: a share of the services changed; exactly the changed entities are written.
            List<CatalogService> churned = SyntheticCatalog.churned(catalog, churnPercent, 1);
            KongState after = Translator.translate(churned, TranslateOptions.defaults()).desired();
            long changed = changedEntities(desired, after);
            kong.useCatalog(churned);
            long c0 = System.nanoTime();
            CycleResult churn = kong.cycle(parallelism);
            double churnS = (System.nanoTime() - c0) / 1e9;
            Counts ch = Counts.of(kong.requests());
            System.out.printf(Locale.ROOT, "churn cycle (%d%% of services changed): %s, %,d entities changed, %,d writes"
                            + " (ratio %.2f), %,d reads, %.2f s%n",
                    churnPercent, churn.outcome(), changed, ch.writes, (double) ch.writes / changed, ch.reads, churnS);
            ok &= check("churn writes == changed entities", ch.writes == changed);
        }
        System.out.println(ok ? "sync: all counts as expected" : "sync: SOME COUNTS ARE WRONG (see FAILED above)");
        System.exit(ok ? 0 : 1);
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

    private static boolean check(String what, boolean passed) {
        if (!passed) {
            System.out.println("FAILED: " + what);
        }
        return passed;
    }

    /** Requests of one cycle, from the emulator's log. */
    private record Counts(long writes, long reads, Map<String, Long> readsByPath, double writePhaseS) {

        static Counts of(List<RecordedRequest> log) {
            long writes = 0;
            long reads = 0;
            Map<String, Long> byPath = new TreeMap<>();
            java.time.Instant firstWrite = null;
            java.time.Instant lastWrite = null;
            for (RecordedRequest r : log) {
                if (r.isWrite()) {
                    writes++;
                    firstWrite = firstWrite == null ? r.timestamp() : firstWrite;
                    lastWrite = r.timestamp();
                } else {
                    reads++;
                    byPath.merge(template(r.path()), 1L, Long::sum);
                }
            }
            double phase = firstWrite == null ? 0 : Duration.between(firstWrite, lastWrite).toNanos() / 1e9;
            return new Counts(writes, reads, byPath, phase);
        }

        /** {@code /upstreams/<id>/targets} -> {@code /upstreams/{id}/targets}: bounded keys for the summary. */
        private static String template(String path) {
            String[] parts = path.split("/");
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < parts.length; i++) {
                out.append('/').append(i % 2 == 0 ? "{id}" : parts[i]);
            }
            return out.length() == 0 ? "/" : out.toString();
        }

        String readSummary() {
            return " " + readsByPath;
        }
    }

    private static Map<String, String> flags(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: SyncBench [--services N] [--latency-ms N] [--parallelism N]"
                        + " [--churn-percent N] [--noop-cycles N]; bad argument: " + args[i]);
            }
            out.put(args[i].substring(2), args[++i]);
        }
        return out;
    }
}
