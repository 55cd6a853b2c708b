package io.catalogsync.masking.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load on a running sidecar's POST /v1/mask (JDK classes only, so it runs from test-classes):
 * {@code java -cp masking-plugin-sidecar/target/test-classes io.catalogsync.masking.bench.MaskLoad
 * http://127.0.0.1:8085 16 20 [identifiers] [paddingBytes] [secret]}. Prints requests/s and latency percentiles.
 * A measuring tool, not a test: it is never run by the suite.
 */
public final class MaskLoad {

    private MaskLoad() {
    }

    /** An Anthropic Messages body with {@code identifiers} distinct identifiers and some plain padding. */
    static String body(int identifiers, int padding, int variant) {
        StringBuilder text = new StringBuilder("Incident review: ");
        for (int i = 0; i < identifiers; i++) {
            switch (i % 4) {
                case 0 -> text.append(String.format("instance i-%017x ", (long) variant * 1000 + i));
                case 1 -> text.append(String.format("in vpc-%017x ", (long) i));
                case 2 -> text.append("host 10.").append(i % 250).append('.').append(variant % 250).append(".7 ");
                default -> text.append("role arn:aws:iam::123456789012:role/ops-").append(i).append(' ');
            }
        }
        text.append("x".repeat(Math.max(0, padding)));
        return "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,\"temperature\":0.2,"
                + "\"system\":\"You are an SRE assistant.\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8085";
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int identifiers = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int padding = args.length > 4 ? Integer.parseInt(args[4]) : 2000;
        String secret = args.length > 5 ? args[5] : System.getenv("KCS_MASKING_SHARED_SECRET");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String[] bodies = new String[64];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = body(identifiers, padding, i);
        }
        URI uri = URI.create(base + "/v1/mask");

        // warm-up: 5 s, not measured
        run(client, uri, bodies, secret, concurrency, 5_000_000_000L, new long[1 << 22], new AtomicInteger(),
                new AtomicLong());
        long[] latencies = new long[1 << 22];
        AtomicInteger count = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        run(client, uri, bodies, secret, concurrency, seconds * 1_000_000_000L, latencies, count, errors);
        double elapsed = (System.nanoTime() - start) / 1e9;
        int n = Math.min(count.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        System.out.printf("body %d bytes, %d identifiers, concurrency %d, %d s%n", bodies[0].length(), identifiers,
                concurrency, seconds);
        System.out.printf("requests %d, errors %d, throughput %.0f req/s%n", n, errors.get(), n / elapsed);
        System.out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n", pct(sorted, 0.50),
                pct(sorted, 0.90), pct(sorted, 0.99), pct(sorted, 0.999), sorted[n - 1] / 1e6);
    }

    private static double pct(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    private static void run(HttpClient client, URI uri, String[] bodies, String secret, int concurrency,
            long durationNanos, long[] latencies, AtomicInteger count, AtomicLong errors) throws Exception {
        long end = System.nanoTime() + durationNanos;
        CompletableFuture<?>[] workers = new CompletableFuture<?>[concurrency];
        for (int w = 0; w < concurrency; w++) {
            workers[w] = loop(client, uri, bodies, secret, w, end, latencies, count, errors);
        }
        CompletableFuture.allOf(workers).get();
    }

    private static CompletableFuture<Void> loop(HttpClient client, URI uri, String[] bodies, String secret, int w,
            long end, long[] latencies, AtomicInteger count, AtomicLong errors) {
        if (System.nanoTime() >= end) {
            return CompletableFuture.completedFuture(null);
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(bodies[(w * 7 + count.get()) % bodies.length]));
        if (secret != null) {
            req.header("X-KCS-Masking-Secret", secret);
        }
        long t0 = System.nanoTime();
        return client.sendAsync(req.build(), HttpResponse.BodyHandlers.discarding()).handle((r, e) -> {
            if (e != null || r.statusCode() != 200) {
                errors.incrementAndGet();
            } else {
                int i = count.getAndIncrement();
                if (i < latencies.length) {
                    latencies[i] = System.nanoTime() - t0;
                }
            }
            return null;
        }).thenCompose(v -> loop(client, uri, bodies, secret, w, end, latencies, count, errors));
    }
}
