package io.catalogsync.masking.bench;

import io.catalogsync.masking.detect.AwsIdentifierScanner;
import io.catalogsync.masking.service.BodyCodec;
import io.catalogsync.masking.service.MaskingService;
import io.catalogsync.masking.service.MessageBody;
import io.catalogsync.masking.store.MappingStores;
import io.catalogsync.masking.token.TokenMinter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What masking one request costs without HTTP and without Redis, on one thread: parse an 8 KiB Anthropic
 * Messages body with 20 identifiers ({@link MessagesBodies}), mask it ({@link MaskingService} with the in-memory
 * store and a direct executor), write the masked body back to bytes. Compared with the sidecar's CPU per request
 * under load (bench-mask.sh), it tells how much of that goes to the masking itself.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MaskBenchmark {

    private static final int BODIES = 64;

    private final byte[][] bodies = new byte[BODIES][];
    private MaskingService service;
    private int next;

    @Setup
    public void setUp() {
        for (int i = 0; i < BODIES; i++) {
            bodies[i] = MessagesBodies.body(i, 8192, 20).getBytes(StandardCharsets.UTF_8);
        }
        service = new MaskingService(AwsIdentifierScanner.create(),
                new TokenMinter("mask-benchmark-hmac-key-0123456789".getBytes(StandardCharsets.UTF_8)),
                MappingStores.inMemory(), Duration.ofDays(7), 5000, Runnable::run, new SimpleMeterRegistry());
        MaskingService.MaskResult r = mask(bodies[0]);
        if (r.tokens().size() != 20) {
            throw new IllegalStateException("expected 20 tokens for a body, got " + r.tokens().size());
        }
    }

    private MaskingService.MaskResult mask(byte[] body) {
        return service.mask(new MessageBody.Json(BodyCodec.parse(body))).toCompletableFuture().join();
    }

    @Benchmark
    public byte[] maskOneBody(CpuClock clock) {
        clock.start();
        MaskingService.MaskResult r = mask(bodies[next++ & (BODIES - 1)]);
        byte[] out = BodyCodec.write(((MessageBody.Json) r.body()).json());
        clock.stop();
        return out;
    }

    /** JMH's command line (defaults to this class); prints CPU per request and requests per second per core. */
    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(MaskBenchmark.class.getName());
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.println();
        for (RunResult run : results) {
            double cpuUs = ScannerBenchmark.secondary(run, "cpuNanos") / ScannerBenchmark.secondary(run, "ops") / 1000;
            System.out.printf(Locale.ROOT, "mask pipeline (parse, scan, mint, in-memory store, write) of an 8 KiB body with 20"
                            + " identifiers: %.1f us/op wall, %.1f us CPU/op = %,.0f requests/s per core, %.0f KB allocated/op%n",
                    run.getPrimaryResult().getScore(), cpuUs, 1e6 / cpuUs,
                    ScannerBenchmark.secondary(run, "gc.alloc.rate.norm") / 1024);
        }
    }
}
