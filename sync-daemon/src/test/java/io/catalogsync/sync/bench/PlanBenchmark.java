package io.catalogsync.sync.bench;

import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.translate.TranslateOptions;
import io.catalogsync.catalog.translate.Translation;
import io.catalogsync.catalog.translate.TranslationCache;
import io.catalogsync.catalog.translate.Translator;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.sync.diff.DiffScope;
import io.catalogsync.sync.diff.Differ;
import io.catalogsync.sync.diff.SchemaDefaults;
import io.catalogsync.sync.read.KongSchemaCache;
import io.catalogsync.sync.read.OwnedState;
import io.catalogsync.sync.read.OwnedStateReader;
import io.catalogsync.sync.plan.Plan;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The plan of one cycle, translate + diff, for a {@link SyntheticCatalog} of 10,000 services (about 43,500 Kong
 * entities) on one thread: target at most 150 ms of CPU after warm-up (issue 12), every field compared against Kong's schema defaults.
 *
 * <p>The actual state is what Kong itself returns: set-up syncs the catalog into the Kong emulator and reads the
 * owned state back with the engine's own reader, so defaults Kong fills in are there to be compared. Scenarios:
 * <ul>
 *   <li>{@code steady}: Kong already equals the catalog (the every-30-seconds case; the plan is empty);</li>
 *   <li>{@code churn}: 1% of the services changed since;</li>
 *   <li>{@code first}: Kong holds nothing yet (every entity is a create).</li>
 * </ul>
 * and two ways to translate: {@code fresh} (the whole catalog from scratch: one-shot runs, and every daemon cycle
 * before issue 12's cache) and {@code reused}, as the daemon's cycle does: a {@link TranslationCache} warm from the
 * previous cycle, which saw the synced catalog parsed into objects of its own (equal values, other instances, as a
 * fresh parse of the catalog gives them), so every unchanged service is compared in full and the changed ones are
 * translated again. The cache is warmed before each operation outside the measured CPU time ({@link CpuClock}
 * measures the plan alone, allocation included; JMH's wall time and {@code -prof gc} include the warming).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PlanBenchmark {

    static final double TARGET_MS = 150;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Param({"10000"})
    public int services;

    @Param({"steady", "churn", "first"})
    public String scenario;

    @Param({"fresh", "reused"})
    public String translation;

    private final TranslateOptions options = TranslateOptions.defaults();
    private List<CatalogService> catalog;
    private KongState actual;
    /** Kong's schema defaults, read from the emulator as the daemon reads them: every field is compared. */
    private SchemaDefaults defaults;
    private int expectedOperations;
    /** What the previous daemon cycle translated: the synced catalog, in objects of its own. */
    private List<CatalogService> previousCycle;
    private TranslationCache cache;

    @Setup
    public void setUp() throws Exception {
        List<CatalogService> synced = SyntheticCatalog.services(services);
        switch (scenario) {
            case "steady" -> catalog = synced;
            case "churn" -> catalog = SyntheticCatalog.churned(synced, 1, 1);
            case "first" -> catalog = synced;
            default -> throw new IllegalArgumentException("scenario must be steady, churn or first: " + scenario);
        }
        actual = "first".equals(scenario) ? KongState.EMPTY : syncedState(synced);
        defaults = kongSchemas(synced);
        if (!"fresh".equals(translation) && !"reused".equals(translation)) {
            throw new IllegalArgumentException("translation must be fresh or reused: " + translation);
        }
        previousCycle = "first".equals(scenario) ? List.of() : SyntheticCatalog.services(services);
        cache = new TranslationCache();
        previousCycle();
        Plan plan = plan();
        if (!Translator.translate(catalog, options).equals(translate())) {
            throw new IllegalStateException("the reused translation differs from a fresh one");
        }
        expectedOperations = switch (scenario) {
            case "steady" -> 0;
            case "churn" -> (int) SyncBench.changedEntities(Translator.translate(synced, options).desired(),
                    Translator.translate(catalog, options).desired());
            default -> Translator.translate(catalog, options).desired().size();
        };
        if (plan.operations().size() != expectedOperations) {
            throw new IllegalStateException(scenario + ": expected " + expectedOperations + " operations in the plan, got "
                    + plan.operations().size() + ": " + plan.counts());
        }
    }

    /**
     * What Kong holds after syncing {@code catalog}: written through the emulator, read back by the engine. The
     * emulator takes a minute or two for 10,000 services, so when {@code BENCH_PLAN_STATE_DIR} is set (the script
     * sets it to a directory it empties first, so nothing outlives one run) the state is kept there as JSON for the
     * other scenarios' forks, under a hash of the desired state it came from.
     */
    static KongState syncedState(List<CatalogService> catalog) throws Exception {
        String dir = System.getenv("BENCH_PLAN_STATE_DIR");
        Path cached = dir == null ? null : Path.of(dir, "kong-state-" + sha256(JSON.writeValueAsBytes(
                Translator.translate(catalog, TranslateOptions.defaults()).desired())) + ".json");
        if (cached != null && Files.exists(cached)) {
            return JSON.readValue(cached.toFile(), KongState.class);
        }
        KongState state;
        try (EmulatedKong kong = EmulatedKong.start(Duration.ZERO, 16)) {
            kong.useCatalog(catalog);
            kong.cycle(16);
            OwnedState owned = EmulatedKong.await(new OwnedStateReader(kong.client, TranslateOptions.DEFAULT_OWNER_TAG, 16).read(), 300);
            state = owned.owned();
        }
        if (cached != null) {
            Files.createDirectories(cached.getParent());
            JSON.writeValue(cached.toFile(), state);
            // Keep the file only if it reads back as the very same state.
            if (!state.equals(JSON.readValue(cached.toFile(), KongState.class))) {
                Files.delete(cached);
            }
        }
        return state;
    }

    /** The schema defaults the daemon would read from the emulator for the plugins {@code catalog} uses. */
    static SchemaDefaults kongSchemas(List<CatalogService> catalog) throws Exception {
        java.util.Set<String> plugins = new java.util.TreeSet<>();
        Translator.translate(catalog, TranslateOptions.defaults()).desired().plugins().forEach(p -> plugins.add(p.name()));
        try (EmulatedKong kong = EmulatedKong.start(Duration.ZERO, 1)) {
            String version = EmulatedKong.await(kong.client.info()).version();
            SchemaDefaults d = EmulatedKong.await(new KongSchemaCache(kong.client).defaults(version, plugins));
            if (!d.fromKong() || !d.pluginNames().containsAll(plugins)) {
                throw new IllegalStateException("the emulator did not describe every schema: " + d.pluginNames());
            }
            return d;
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The cache as the previous cycle left it (a no-op when it already is). */
    @Setup(Level.Invocation)
    public void previousCycle() {
        if ("reused".equals(translation)) {
            cache.translate(previousCycle, options);
        }
    }

    private Translation translate() {
        return "reused".equals(translation) ? cache.translate(catalog, options) : Translator.translate(catalog, options);
    }

    private Plan plan() {
        Translation t = translate();
        return new Differ(defaults).diff(t.desired(), actual, new DiffScope(t.rejectedServices(), KongState.EMPTY));
    }

    @Benchmark
    public Plan plan(CpuClock clock) {
        clock.start();
        Plan p = plan();
        clock.stop();
        return p;
    }

    /** JMH's command line (defaults to this class); prints ms per plan (wall, thread CPU, JVM CPU) and allocation. */
    public static void main(String[] args) throws Exception {
        EmulatedKong.quietLogs();
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(PlanBenchmark.class.getName());
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.println();
        for (RunResult run : results) {
            double ops = secondary(run, "ops");
            double cpuMs = secondary(run, "cpuNanos") / ops / 1e6;
            double jvmCpuMs = secondary(run, "processCpuNanos") / ops / 1e6;
            double planMb = secondary(run, "allocatedBytes") / ops / 1e6;
            System.out.printf(Locale.ROOT, "plan %-6s %-6s %s services: %.1f ms/op wall, %.1f ms/op CPU of the benchmark thread,"
                            + " %.1f ms/op CPU of the whole JVM (with GC), %.1f MB allocated by the plan/op (%.1f MB/op in all);"
                            + " target <= %.0f ms on one core: %s%n",
                    run.getParams().getParam("scenario"), run.getParams().getParam("translation"),
                    run.getParams().getParam("services"), run.getPrimaryResult().getScore(), cpuMs, jvmCpuMs, planMb,
                    secondary(run, "gc.alloc.rate.norm") / 1e6,
                    TARGET_MS, !"10000".equals(run.getParams().getParam("services")) ? "n/a, the target is for 10,000 services"
                            : jvmCpuMs <= TARGET_MS ? "met" : "NOT met");
        }
    }

    static double secondary(RunResult run, String name) {
        Result<?> r = run.getSecondaryResults().get(name);
        if (r == null) {
            r = run.getSecondaryResults().get("\u00b7" + name);
        }
        return r == null ? Double.NaN : r.getScore();
    }
}
