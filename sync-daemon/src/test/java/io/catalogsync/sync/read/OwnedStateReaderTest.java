package io.catalogsync.sync.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongAdminOptions;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.KongEmulator;
import io.catalogsync.kong.emulator.RecordedRequest;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The owned-state read starts each upstream's targets as soon as its page of upstreams arrives (issue 12: a first
 * cycle at 10,000 services waited for all 10 upstream pages before the first of 10,000 target reads), and reads
 * the same targets as before: every upstream's on the first read, then the {@link TargetCache}'s rotation.
 * Against the Kong emulator on 127.0.0.1, pages of 2 or 25 upstreams so that a few upstreams make several pages.
 */
class OwnedStateReaderTest {

    private static final String OWNER = "managed-by:kong-catalog-sync";

    private Vertx vertx;
    private KongEmulator emulator;
    private KongAdminClient client;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        emulator = await(KongEmulator.start(vertx, EmulatorOptions.defaults()));
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        await(vertx.close());
    }

    private void clientWithPages(int size) {
        client = KongAdminClient.create(vertx, new KongAdminOptions().setBaseUrl(emulator.adminUrl()).setMaxRetries(0)
                .setRequestTimeout(Duration.ofSeconds(10)).setPageSize(size).setMaxInFlight(8));
    }

    @Test
    void targetsAreReadWhileLaterUpstreamPagesAreStillComing() throws Exception {
        clientWithPages(2);
        List<Upstream> ups = upstreams(6);
        emulator.clearRequests();

        OwnedState state = await(new OwnedStateReader(client, OWNER, 8, OwnedStateReader.Filter.TAG, new TargetCache())
                .read());

        assertThat(state.owned().targets()).hasSize(6);
        assertThat(state.owned().targets().stream().map(t -> t.upstream().id()).toList())
                .as("targets in the order of their upstreams").containsExactlyElementsOf(ids(ups));
        List<RecordedRequest> requests = emulator.requests();
        int lastUpstreamPage = -1;
        int firstTargets = -1;
        for (int i = 0; i < requests.size(); i++) {
            String path = requests.get(i).path();
            if (path.equals("/upstreams")) {
                lastUpstreamPage = i;
            } else if (path.endsWith("/targets") && firstTargets < 0) {
                firstTargets = i;
            }
        }
        assertThat(requests.stream().filter(r -> r.path().equals("/upstreams")).count()).as("upstream pages")
                .isEqualTo(3);
        assertThat(firstTargets).as("first target read, before the last upstream page (" + lastUpstreamPage + ")")
                .isBetween(0, lastUpstreamPage - 1);
    }

    /**
     * Above {@link TargetCache#READ_ALL_BELOW} upstreams, a second read reads the targets of exactly this cycle's
     * slice of the cached upstreams (and of any not cached), whatever page each arrives in, and still returns every
     * upstream's targets; at or below it, every read reads all of them.
     */
    @Test
    void theRotationReadsTheSameUpstreamsAsBefore() throws Exception {
        clientWithPages(25);
        List<Upstream> ups = upstreams(TargetCache.READ_ALL_BELOW + 20);
        TargetCache cache = new TargetCache();
        OwnedStateReader reader = new OwnedStateReader(client, OWNER, 8, OwnedStateReader.Filter.TAG, cache);

        emulator.clearRequests();
        assertThat(await(reader.read()).owned().targets()).hasSize(ups.size());
        assertThat(targetReads()).as("first read: every upstream").isEqualTo(new TreeSet<>(ids(ups)));

        Upstream fresh = upstreams(1, ups.size()).get(0);
        for (int cycle = 1; cycle <= 3; cycle++) {
            emulator.clearRequests();
            OwnedState state = await(reader.read());
            long slice = cycle % TargetCache.REFRESH_CYCLES;
            Set<String> expected = java.util.stream.Stream.concat(ups.stream(), java.util.stream.Stream.of(fresh))
                    .map(Upstream::id)
                    .filter(id -> Math.floorMod(id.hashCode(), TargetCache.REFRESH_CYCLES) == slice)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (cycle == 1) {
                expected.add(fresh.id()); // not cached yet
            }
            assertThat(targetReads()).as("cycle %d reads its slice and the new upstream", cycle).isEqualTo(expected);
            assertThat(state.owned().targets()).as("every upstream's targets").hasSize(ups.size() + 1);
        }
    }

    @Test
    void fewUpstreamsAreAllReadEveryTime() throws Exception {
        clientWithPages(3);
        List<Upstream> ups = upstreams(7);
        OwnedStateReader reader = new OwnedStateReader(client, OWNER, 4, OwnedStateReader.Filter.TAG,
                new TargetCache());
        for (int cycle = 0; cycle < 3; cycle++) {
            emulator.clearRequests();
            OwnedState state = await(reader.read());
            assertThat(targetReads()).isEqualTo(new TreeSet<>(ids(ups)));
            assertThat(state.owned().targets().stream().map(t -> t.upstream().id()).toList())
                    .containsExactlyElementsOf(ids(ups));
        }
    }

    private Set<String> targetReads() {
        Set<String> out = new TreeSet<>();
        for (RecordedRequest r : emulator.requests()) {
            if (r.method().equals("GET") && r.path().endsWith("/targets")) {
                out.add(r.path().split("/")[2]);
            }
        }
        return out;
    }

    private List<Upstream> upstreams(int n) throws Exception {
        return upstreams(n, 0);
    }

    /** {@code n} owned upstreams with one owned target each, created in name order (Kong pages by id). */
    private List<Upstream> upstreams(int n, int from) throws Exception {
        List<Upstream> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            String name = String.format("up-%04d", i);
            Upstream u = await(client.upstreams().upsert(name, new Upstream(null, name, null, null, null, null, null,
                    null, List.of(OWNER), null, null)));
            await(client.targets(u.id()).create(new Target(null, "10.0." + (i / 250) + "." + (i % 250) + ":80", 100,
                    null, List.of(OWNER), null, null)));
            out.add(u);
        }
        // The order Kong lists them in: by id.
        List<Upstream> listed = await(client.upstreams().list(io.catalogsync.kong.admin.ListQuery.ALL));
        Set<String> mine = out.stream().map(Upstream::id).collect(Collectors.toSet());
        return listed.stream().filter(u -> mine.contains(u.id())).toList();
    }

    private static List<String> ids(List<Upstream> ups) {
        return ups.stream().map(Upstream::id).toList();
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
