package io.catalogsync.sync.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.admin.ConfigResult;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.entity.Service;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Kong's own capacity, measured in the same run as the sync it is compared with: the saturated rate of
 * {@code PUT /services/{name}} at a given number of requests in flight, the rate of list pages, and (DB-less) the
 * time of Kong's own {@code POST /config} of a body. Probe services carry only the tag {@value #PROBE_TAG} (never
 * the owner tag) and are deleted afterwards.
 */
final class KongCapacity {

    static final String PROBE_TAG = "kcs-bench-probe";

    private KongCapacity() {
    }

    /** {@code requests} requests in {@code seconds} with {@code inFlight} at a time. */
    record Rate(String what, int inFlight, int requests, double seconds) {
        double perSecond() {
            return requests / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s at %d in flight: %,.0f/s (%,d in %.2f s)", what, inFlight,
                    perSecond(), requests, seconds);
        }
    }

    /** PUT-creates of {@code requests} distinct probe services at each level of in-flight requests. */
    static List<Rate> writeRates(KongAdminClient client, int[] inFlights, int requests) throws Exception {
        List<Rate> out = new ArrayList<>();
        int base = 0;
        for (int k : inFlights) {
            int n = k == 1 ? Math.max(50, requests / 8) : requests;
            int from = base;
            out.add(time("PUT /services/{name}", k, n, i -> client.services().upsert(probeName(from + i),
                    probe(probeName(from + i))).mapEmpty()));
            base += n;
        }
        return out;
    }

    /** {@code GET /services?size=1000} (the first page, full when at least 1000 services exist), repeated. */
    static Rate listRate(KongAdminClient client, int inFlight, int pages) throws Exception {
        return time("GET /services?size=1000 page", inFlight, pages,
                i -> client.services().page(ListQuery.ALL, null).mapEmpty());
    }

    /** Deletes every probe service; returns how many. */
    static int cleanUp(KongAdminClient client) throws Exception {
        List<Service> probes = EmulatedKong.await(client.services().list(ListQuery.allTags(PROBE_TAG)), 600);
        time("DELETE probe", 32, probes.size(), i -> client.services().delete(probes.get(i).id()));
        return probes.size();
    }

    /** Kong's own {@code POST /config} of {@code body}: seconds, failing unless Kong loaded it. */
    static double postConfigSeconds(KongAdminClient client, ObjectNode body) throws Exception {
        long t0 = System.nanoTime();
        // As the daemon pushes: written into the request body, Kong's 201 echo of every entity not parsed.
        ConfigResult r = EmulatedKong.await(client.loadConfig(g -> io.catalogsync.sync.state.EntityJson.MAPPER.writeTree(g, body), false), 600);
        double s = (System.nanoTime() - t0) / 1e9;
        if (r.outcome() != ConfigResult.Outcome.LOADED) {
            throw new IllegalStateException("Kong did not load the benchmark configuration: " + r.message());
        }
        return s;
    }

    /**
     * Seconds of the read a DB-less push makes of Kong's state ({@code UnownedReader}: untagged list pages of every
     * exportable collection, the targets of every upstream), at 16 in flight.
     */
    static double listReadSeconds(io.vertx.core.Vertx vertx, KongAdminClient client,
                                  io.catalogsync.kong.admin.KongInfo info) throws Exception {
        long t0 = System.nanoTime();
        EmulatedKong.await(new io.catalogsync.sync.dbless.UnownedReader(vertx, client,
                io.catalogsync.catalog.translate.TranslateOptions.DEFAULT_OWNER_TAG, 16).read(info), 600);
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Seconds of one {@code GET /config} (Kong's export, parsed as the daemon parses it). */
    static double exportSeconds(KongAdminClient client) throws Exception {
        long t0 = System.nanoTime();
        EmulatedKong.await(client.exportConfig(), 600);
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String probeName(int i) {
        return String.format(Locale.ROOT, "kcs-bench-probe-%06d", i);
    }

    private static Service probe(String name) {
        return new Service(null, name, "http", name + ".probe.internal", 8080, "/", null, null, null, null, null,
                List.of(PROBE_TAG), null, null);
    }

    /** Runs {@code n} requests with {@code inFlight} at a time and times them all. */
    private static Rate time(String what, int inFlight, int n, IntFunction<Future<Void>> request) throws Exception {
        Promise<Void> done = Promise.promise();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        long t0 = System.nanoTime();
        if (n == 0) {
            done.complete();
        }
        for (int s = 0; s < Math.min(inFlight, n); s++) {
            startNext(request, n, next, finished, done);
        }
        EmulatedKong.await(done.future(), 1800);
        return new Rate(what, inFlight, n, (System.nanoTime() - t0) / 1e9);
    }

    private static void startNext(IntFunction<Future<Void>> request, int n, AtomicInteger next,
                                  AtomicInteger finished, Promise<Void> done) {
        int i = next.getAndIncrement();
        if (i >= n) {
            return;
        }
        request.apply(i).onComplete(ar -> {
            if (ar.failed()) {
                done.tryFail(ar.cause());
                return;
            }
            if (finished.incrementAndGet() == n) {
                done.tryComplete();
            } else {
                startNext(request, n, next, finished, done);
            }
        });
    }
}
