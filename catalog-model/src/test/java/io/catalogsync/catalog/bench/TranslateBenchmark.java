package io.catalogsync.catalog.bench;

import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.translate.TranslateOptions;
import io.catalogsync.catalog.translate.Translation;
import io.catalogsync.catalog.translate.Translator;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
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
 * Translation alone (catalog -> desired Kong state) of a {@link SyntheticCatalog}, on one thread: the first half of
 * the plan, whose target (translate + diff of 10,000 services) is at most 500 ms on one core. sync-daemon's
 * PlanBenchmark measures the whole plan.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TranslateBenchmark {

    @Param({"10000"})
    public int services;

    private final TranslateOptions options = TranslateOptions.defaults();
    private List<CatalogService> catalog;

    @Setup
    public void setUp() {
        catalog = SyntheticCatalog.services(services);
        Translation t = Translator.translate(catalog, options);
        if (!t.rejected().isEmpty() || t.desired().services().size() != services) {
            throw new IllegalStateException("the synthetic catalog must translate cleanly: " + t.rejected());
        }
    }

    @Benchmark
    public Translation translate(CpuClock clock) {
        clock.start();
        Translation t = Translator.translate(catalog, options);
        clock.stop();
        return t;
    }

    /** JMH's command line (defaults to this class); prints ms per translation, wall and CPU, and allocation. */
    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(TranslateBenchmark.class.getName());
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.println();
        for (RunResult run : results) {
            int n = Integer.parseInt(run.getParams().getParam("services"));
            int entities = Translator.translate(SyntheticCatalog.services(n), TranslateOptions.defaults()).desired().size();
            double ops = secondary(run, "ops");
            System.out.printf(Locale.ROOT, "translate %,d services (%,d Kong entities): %.1f ms/op wall, %.1f ms/op CPU of the"
                            + " benchmark thread, %.1f ms/op CPU of the whole JVM (with GC), %.1f MB allocated/op%n",
                    n, entities, run.getPrimaryResult().getScore(), secondary(run, "cpuNanos") / ops / 1e6,
                    secondary(run, "processCpuNanos") / ops / 1e6, secondary(run, "gc.alloc.rate.norm") / 1e6);
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
