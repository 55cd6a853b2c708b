package io.catalogsync.masking.bench;

import io.catalogsync.masking.detect.AwsIdentifierScanner;
import io.catalogsync.masking.detect.Detection;
import java.util.ArrayList;
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
 * Scanner throughput on one thread: 64 KiB of text without identifiers (target at least 100 MB/s) and with an
 * identifier every few words ({@code dense}, target at least 50 MB/s). Text without identifiers comes twice:
 * {@code clean} is technical text full of near misses (versions, clock times, "instance", "bucket", upper-case
 * words, hex digests) that the scanner must examine and reject, {@code prose} plain lowercase prose. The texts are ASCII, so one
 * character is one byte of the UTF-8 body the sidecar receives.
 *
 * <p>Run through {@link #main}, which takes JMH's own flags and prints the figures in MB/s twice: per wall-clock
 * second (JMH's score) and per CPU second of the benchmark thread ({@link CpuClock}), which is what "per core"
 * means when other processes share the cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScannerBenchmark {

    static final int LENGTH = 64 * 1024;
    static final double CLEAN_TARGET_MB_S = 100;
    static final double DENSE_TARGET_MB_S = 50;

    @Param({"clean", "dense", "prose"})
    public String corpus;

    private final AwsIdentifierScanner scanner = AwsIdentifierScanner.create();
    private String text;

    @Setup
    public void setUp() {
        text = text(corpus);
    }

    @Benchmark
    public List<Detection> scan(CpuClock clock) {
        clock.start();
        List<Detection> found = scanner.scan(text);
        clock.stop();
        return found;
    }

    static String text(String corpus) {
        if ("clean".equals(corpus)) {
            return Corpus.clean(LENGTH, 7L);
        }
        if ("dense".equals(corpus)) {
            return Corpus.dense(LENGTH, 4, 7L);
        }
        if ("prose".equals(corpus)) {
            return Corpus.prose(LENGTH, 7L);
        }
        throw new IllegalArgumentException("corpus must be clean, dense or prose, got " + corpus);
    }

    /** JMH's command line (defaults to this class); prints MB/s and allocation per byte after JMH's own table. */
    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(ScannerBenchmark.class.getName());
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        List<String> lines = new ArrayList<>();
        for (RunResult run : results) {
            String kind = run.getParams().getParam("corpus");
            String sample = text(kind);
            double usPerOp = run.getPrimaryResult().getScore();
            double cpuUsPerOp = secondary(run, "cpuNanos") / secondary(run, "ops") / 1000;
            double mbPerS = sample.length() / usPerOp; // bytes per microsecond = MB/s (10^6 bytes)
            double mbPerCpuS = sample.length() / cpuUsPerOp;
            double target = "dense".equals(kind) ? DENSE_TARGET_MB_S : CLEAN_TARGET_MB_S;
            lines.add(String.format(Locale.ROOT,
                    "scanner %-5s %,d bytes, %d identifiers: %.1f MB/s wall (%.1f us/op), %.1f MB/s per CPU second"
                            + " (%.1f us CPU/op), %.0f B allocated/op; target >= %.0f MB/s per core: %s",
                    kind, sample.length(), Corpus.identifiers(sample), mbPerS, usPerOp, mbPerCpuS, cpuUsPerOp,
                    secondary(run, "gc.alloc.rate.norm"), target, mbPerCpuS >= target ? "met" : "NOT met"));
        }
        System.out.println();
        lines.forEach(System.out::println);
    }

    /** A secondary result by name (JMH 1.37 names the GC profiler's without the older leading middle dot); NaN if absent. */
    static double secondary(RunResult run, String name) {
        Result<?> r = run.getSecondaryResults().get(name);
        if (r == null) {
            r = run.getSecondaryResults().get("\u00b7" + name);
        }
        return r == null ? Double.NaN : r.getScore();
    }
}
