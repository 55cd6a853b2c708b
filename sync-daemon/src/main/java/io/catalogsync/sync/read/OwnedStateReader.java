package io.catalogsync.sync.read;

import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import io.catalogsync.sync.kind.Kind;
import io.catalogsync.sync.kind.Kinds;
import io.catalogsync.sync.state.Ownership;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the owned state from Kong, in pages of 1000, all collections at once. Targets are read per owned
 * upstream (Kong has no top-level {@code /targets}) and split by the owner tag.
 *
 * <p>Two ways to find the owned entities of a collection:
 * <ul>
 * <li>{@link Filter#TAG}: Kong filters by the owner tag alone (one tag per query; Kong refuses more than five and
 * the owner tag is enough). Reads only what the daemon owns: the cheaper read of a DB-mode Kong that also holds
 * many entities of others.</li>
 * <li>{@link Filter#CLIENT}: untagged pages, split by the owner tag here. Real Kong 3.9.3 DB-less answers every
 * tag-filtered list of a collection holding one untagged entity with 500 ({@code kong/db/strategies/off/init.lua}
 * calls {@code ipairs} on a null {@code tags}; kong-transcripts/3.9.3-daemon/README.md,
 * {@code daemon-dbless-untagged.json}), and an untagged list works on every Kong in both modes. It also yields
 * every unowned entity of those collections, so that conflicts are found without another request.</li>
 * </ul>
 */
public final class OwnedStateReader {

    private final KongAdminClient client;
    private final String ownerTag;
    private final int parallelism;
    private final Filter filter;
    private final TargetCache targetCache;

    /** Where the owner tag is matched: in Kong ({@code ?tags=}) or in the client, over untagged pages. */
    public enum Filter {
        TAG, CLIENT;

        /** Client-side for DB-less Kong (tag filters answer 500 on 3.9 DB-less), Kong-side for a database. */
        public static Filter forMode(boolean dbless) {
            return dbless ? CLIENT : TAG;
        }
    }

    public OwnedStateReader(KongAdminClient client, String ownerTag, int parallelism) {
        this(client, ownerTag, parallelism, Filter.TAG);
    }

    public OwnedStateReader(KongAdminClient client, String ownerTag, int parallelism, Filter filter) {
        this(client, ownerTag, parallelism, filter, null);
    }

    /** @param targetCache targets kept across cycles ({@link TargetCache}); null reads every upstream's targets */
    public OwnedStateReader(KongAdminClient client, String ownerTag, int parallelism, Filter filter,
                            TargetCache targetCache) {
        this.client = client;
        this.ownerTag = ownerTag;
        this.parallelism = parallelism;
        this.filter = filter;
        this.targetCache = targetCache;
    }

    public Future<OwnedState> read() {
        boolean untagged = filter == Filter.CLIENT;
        ListQuery owned = untagged ? ListQuery.ALL : ListQuery.allTags(ownerTag);
        // Each upstream's targets are read as soon as its page of upstreams arrives: in a first cycle at 10,000
        // services (every target page to read), the 10,000 target reads no longer wait for the 10 upstream pages.
        TargetReads reads = new TargetReads();
        Map<EntityType, Future<List<? extends KongEntity>>> lists = lists(owned, reads::page);
        Future<List<List<Target>>> targets = reads.result(upstreams(lists));
        return Future.all(waitingFor(lists, targets)).map(cf -> {
            List<Target> ownedTargets = new ArrayList<>();
            List<Target> unownedTargets = new ArrayList<>();
            for (List<Target> ts : targets.result()) {
                for (Target t : ts) {
                    (Ownership.owned(t, ownerTag) ? ownedTargets : unownedTargets).add(t);
                }
            }
            // Kong filters by tag already; filtering again costs nothing and guards against a proxy or an
            // Admin API that ignores the parameter, which would otherwise make us treat foreign entities as ours.
            KongState.Builder state = KongState.builder().addAll(ownedTargets);
            lists.values().forEach(l -> state.addAll(mine(l.result())));
            if (!untagged) {
                return new OwnedState(state.build(), unownedTargets);
            }
            KongState.Builder others = KongState.builder();
            lists.values().forEach(l -> others.addAll(others(l.result())));
            return new OwnedState(state.build(), unownedTargets, others.build(), true);
        });
    }

    /**
     * Everything Kong holds in the collections the daemon manages, whoever owns it: untagged pages of upstreams,
     * services, routes, consumers and plugins, and the targets of every upstream ({@code dump --all}).
     */
    public Future<KongState> readAll() {
        Map<EntityType, Future<List<? extends KongEntity>>> lists = lists(ListQuery.ALL, page -> { });
        Future<List<List<Target>>> targets = upstreams(lists).compose(us -> Bounded.map(us, parallelism,
                u -> client.targets(u.id()).list(ListQuery.ALL)));
        return Future.all(waitingFor(lists, targets)).map(cf -> {
            KongState.Builder all = KongState.builder();
            lists.values().forEach(l -> all.addAll(l.result()));
            targets.result().forEach(all::addAll);
            return all.build();
        });
    }

    /**
     * One list of every kind with a collection of its own, all sent at once in dependency order; kinds Kong keeps
     * under a parent (targets, {@link io.catalogsync.sync.kind.Kind#nested()}) are read per parent.
     */
    private Map<EntityType, Future<List<? extends KongEntity>>> lists(ListQuery query,
                                                                     Consumer<List<Upstream>> upstreamPages) {
        Map<EntityType, Future<List<? extends KongEntity>>> out = new EnumMap<>(EntityType.class);
        for (EntityType t : Kinds.createOrder()) {
            if (t == EntityType.UPSTREAM) {
                out.put(t, client.upstreams().list(query, upstreamPages).map(l -> l));
            } else if (!Kinds.of(t).nested()) {
                out.put(t, list(Kinds.of(t), query));
            }
        }
        return out;
    }

    private <T extends KongEntity> Future<List<? extends KongEntity>> list(Kind<T> kind, ListQuery query) {
        return kind.collection(client).list(query).map(l -> l);
    }

    private static Future<List<Upstream>> upstreams(Map<EntityType, Future<List<? extends KongEntity>>> lists) {
        return lists.get(EntityType.UPSTREAM).map(l -> l.stream().map(Upstream.class::cast).toList());
    }

    private static List<Future<?>> waitingFor(Map<EntityType, Future<List<? extends KongEntity>>> lists,
                                              Future<List<List<Target>>> targets) {
        List<Future<?>> out = new ArrayList<>(lists.values());
        out.add(targets);
        return out;
    }

    /**
     * Each owned upstream's targets: read, or from the cache for upstreams outside this cycle's slice
     * ({@link TargetCache}), the reads started page by page as the upstreams arrive. The lists come out in the order
     * they did when the reads waited for every upstream: those read, then those cached, each in the order of the
     * upstreams.
     */
    private final class TargetReads {

        private final Bounded<Upstream, List<Target>> reads = Bounded.feed(parallelism, this::readTargets);
        private final TargetCache.Rotation rotation = targetCache == null ? null : targetCache.begin();
        private final List<Upstream> owned = new ArrayList<>();
        /** Cached and outside this cycle's slice: read only if there turn out to be few upstreams in all. */
        private final List<Upstream> deferred = new ArrayList<>();
        private final Set<String> read = new HashSet<>();
        /** The upstreams whose targets are read, in the order the reads were started (that of the results). */
        private final List<Upstream> started = new ArrayList<>();

        /** A page of upstreams as it arrives (on the event loop, before the next page is asked for). */
        void page(List<Upstream> upstreams) {
            for (Upstream u : upstreams) {
                if (!Ownership.owned(u, ownerTag)) {
                    continue;
                }
                owned.add(u);
                if (rotation == null || rotation.mustRead(u)) {
                    start(u);
                } else {
                    deferred.add(u);
                }
            }
        }

        private void start(Upstream u) {
            read.add(u.id());
            started.add(u);
            reads.add(u);
        }

        private Future<List<Target>> readTargets(Upstream u) {
            Future<List<Target>> f = client.targets(u.id()).list(ListQuery.ALL);
            return targetCache == null ? f : f.onSuccess(ts -> targetCache.put(u.id(), ts));
        }

        /** Once the last page of upstreams is in: the remaining reads, then every owned upstream's targets. */
        Future<List<List<Target>>> result(Future<List<Upstream>> upstreams) {
            upstreams.onComplete(ar -> {
                if (ar.failed()) {
                    reads.fail(ar.cause());
                    return;
                }
                if (rotation != null) {
                    if (owned.size() <= TargetCache.READ_ALL_BELOW) {
                        deferred.forEach(this::start);
                    }
                    rotation.end(owned);
                }
                reads.close();
            });
            return reads.result().map(fresh -> {
                Map<String, List<Target>> byUpstream = new HashMap<>(Math.max(16, (int) (fresh.size() / 0.75f) + 1));
                for (int i = 0; i < started.size(); i++) {
                    byUpstream.put(started.get(i).id(), fresh.get(i));
                }
                List<List<Target>> all = new ArrayList<>(owned.size());
                for (Upstream u : owned) {
                    if (read.contains(u.id())) {
                        all.add(byUpstream.get(u.id()));
                    }
                }
                for (Upstream u : owned) {
                    if (!read.contains(u.id())) {
                        all.add(targetCache.cached(u.id()));
                    }
                }
                return all;
            });
        }
    }

    private <T extends KongEntity> List<T> mine(List<T> entities) {
        return entities.stream().filter(e -> Ownership.owned(e, ownerTag)).toList();
    }

    private <T extends KongEntity> List<T> others(List<T> entities) {
        return entities.stream().filter(e -> !Ownership.owned(e, ownerTag)).toList();
    }
}
