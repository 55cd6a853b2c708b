package io.catalogsync.masking.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load at a fixed rate on a running sidecar's {@code POST /v1/mask}: requests are scheduled at exact
 * intervals whatever the answers do (a slow answer does not delay the next request, so queueing shows in the
 * figures instead of being hidden: no coordinated omission). Latency is reported from the request's scheduled
 * time (what a caller at that rate experiences) and from its actual send.
 *
 * <pre>
 *   java -cp &lt;masking-plugin-sidecar test classpath&gt; io.catalogsync.masking.bench.FixedRateLoad \
 *       http://127.0.0.1:8085 BODY_DIR [rate=1000] [seconds=20] [warmupSeconds=5]
 * </pre>
 * BODY_DIR holds {@code body-N.json} files ({@link MessagesBodies}); they are sent in turn, with the shared secret
 * from {@code KCS_MASKING_SHARED_SECRET} when set (as the Kong hook sends it). Every response must be 200; anything
 * else counts as an error. Exits 1 on errors.
 */
public final class FixedRateLoad {

    private FixedRateLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: FixedRateLoad BASE_URL BODY_DIR [rate=1000] [seconds=20] [warmupSeconds=5]");
            System.exit(64);
        }
        URI base = URI.create(args[0]);
        List<Buffer> bodies = new ArrayList<>();
        for (int i = 0; Files.exists(Path.of(args[1], "body-" + i + ".json")); i++) {
            bodies.add(Buffer.buffer(Files.readAllBytes(Path.of(args[1], "body-" + i + ".json"))));
        }
        if (bodies.isEmpty()) {
            throw new IllegalArgumentException("no body-0.json in " + args[1]);
        }
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 5;

        Vertx vertx = Vertx.vertx();
        // Enough connections that a burst of slow answers never makes a request wait for a free connection.
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                .setDefaultHost(base.getHost()).setDefaultPort(base.getPort()), new PoolOptions().setHttp1MaxSize(256));
        try {
            JsonObject sample = new JsonObject(send(client, bodies.get(0)).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS).toString());
            System.out.printf(Locale.ROOT, "fixed-rate: one body of %d bytes comes back with %d tokens%n",
                    bodies.get(0).length(), sample.getJsonObject("tokens").size());
            if (warmup > 0) {
                run(client, bodies, rate, warmup);
            }
            Run r = run(client, bodies, rate, seconds);
            System.out.printf(Locale.ROOT, "fixed-rate: %d req/s scheduled for %d s: %d sent (%.0f req/s), %d answered 200, %d errors%n",
                    rate, seconds, r.sent, r.sent / r.sendSeconds, r.ok, r.errors);
            System.out.println("fixed-rate: latency from the scheduled time: " + percentiles(r.fromSchedule));
            System.out.println("fixed-rate: latency from the actual send:    " + percentiles(r.fromSend));
            double p99 = percentile(r.fromSchedule, 0.99);
            System.out.printf(Locale.ROOT, "fixed-rate: p99 %.2f ms (target <= 5 ms: %s)%n", p99, p99 <= 5 ? "met" : "NOT met");
            if (r.errors > 0) {
                System.exit(1);
            }
        } finally {
            client.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static final String SECRET = System.getenv("KCS_MASKING_SHARED_SECRET");

    private static Future<Buffer> send(HttpClient client, Buffer body) {
        return client.request(HttpMethod.POST, "/v1/mask")
                .compose(req -> {
                    req.putHeader("Content-Type", "application/json");
                    if (SECRET != null && !SECRET.isEmpty()) {
                        req.putHeader("X-KCS-Masking-Secret", SECRET);
                    }
                    return req.send(body);
                })
                .compose(resp -> resp.body().compose(b -> resp.statusCode() == 200 ? Future.succeededFuture(b)
                        : Future.failedFuture("HTTP " + resp.statusCode() + ": " + b)));
    }

    private record Run(int sent, double sendSeconds, long ok, long errors, long[] fromSchedule, long[] fromSend) {
    }

    /** Sends {@code rate} requests per second for {@code seconds} from this thread, then waits for the answers. */
    private static Run run(HttpClient client, List<Buffer> bodies, int rate, int seconds) throws InterruptedException {
        int total = rate * seconds;
        long[] fromSchedule = new long[total];
        long[] fromSend = new long[total];
        // Unanswered requests keep the largest latency there is, so they cannot flatter the percentiles.
        Arrays.fill(fromSchedule, Long.MAX_VALUE);
        Arrays.fill(fromSend, Long.MAX_VALUE);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(total);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long scheduled = start + (long) (i * (1e9 / rate));
            long wait;
            while ((wait = scheduled - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int n = i;
            long sentAt = System.nanoTime();
            send(client, bodies.get(i % bodies.size())).onComplete(ar -> {
                long end = System.nanoTime();
                fromSchedule[n] = end - scheduled;
                fromSend[n] = end - sentAt;
                (ar.succeeded() ? ok : errors).incrementAndGet();
                done.countDown();
            });
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        if (!done.await(30, TimeUnit.SECONDS)) {
            System.out.println("fixed-rate: " + done.getCount() + " requests still unanswered after 30 s");
        }
        return new Run(total, sendSeconds, ok.get(), errors.get() + done.getCount(), fromSchedule, fromSend);
    }

    private static String percentiles(long[] nanos) {
        return String.format(Locale.ROOT, "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms",
                percentile(nanos, 0.50), percentile(nanos, 0.90), percentile(nanos, 0.99), percentile(nanos, 0.999),
                percentile(nanos, 1.0));
    }

    private static double percentile(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }
}
