package io.catalogsync.sync.dump;

import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.entity.Consumer;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import io.catalogsync.sync.state.Ownership;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

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
        Future<List<Upstream>> upstreams = client.upstreams().list(owned);
        Future<List<Service>> services = client.services().list(owned);
        Future<List<Route>> routes = client.routes().list(owned);
        Future<List<Consumer>> consumers = client.consumers().list(owned);
        Future<List<Plugin>> plugins = client.plugins().list(owned);
        Future<List<List<Target>>> targets = upstreams.compose(us -> targets(mine(us)));
        return Future.all(services, routes, consumers, plugins, targets).map(cf -> {
            List<Target> ownedTargets = new ArrayList<>();
            List<Target> unownedTargets = new ArrayList<>();
            for (List<Target> ts : targets.result()) {
                for (Target t : ts) {
                    (Ownership.owned(t, ownerTag) ? ownedTargets : unownedTargets).add(t);
                }
            }
            // Kong filters by tag already; filtering again costs nothing and guards against a proxy or an
            // Admin API that ignores the parameter, which would otherwise make us treat foreign entities as ours.
            KongState state = new KongState(mine(upstreams.result()), ownedTargets, mine(services.result()),
                    mine(routes.result()), mine(consumers.result()), mine(plugins.result()));
            if (!untagged) {
                return new OwnedState(state, unownedTargets);
            }
            KongState others = new KongState(others(upstreams.result()), List.of(), others(services.result()),
                    others(routes.result()), others(consumers.result()), others(plugins.result()));
            return new OwnedState(state, unownedTargets, others, true);
        });
    }

    /**
     * Everything Kong holds in the collections the daemon manages, whoever owns it: untagged pages of upstreams,
     * services, routes, consumers and plugins, and the targets of every upstream ({@code dump --all}).
     */
    public Future<KongState> readAll() {
        Future<List<Upstream>> upstreams = client.upstreams().list(ListQuery.ALL);
        Future<List<Service>> services = client.services().list(ListQuery.ALL);
        Future<List<Route>> routes = client.routes().list(ListQuery.ALL);
        Future<List<Consumer>> consumers = client.consumers().list(ListQuery.ALL);
        Future<List<Plugin>> plugins = client.plugins().list(ListQuery.ALL);
        Future<List<List<Target>>> targets = upstreams.compose(us -> Bounded.map(us, parallelism,
                u -> client.targets(u.id()).list(ListQuery.ALL)));
        return Future.all(services, routes, consumers, plugins, targets).map(cf -> {
            List<Target> all = new ArrayList<>();
            targets.result().forEach(all::addAll);
            return new KongState(upstreams.result(), all, services.result(), routes.result(), consumers.result(),
                    plugins.result());
        });
    }

    /** Each owned upstream's targets: read, or from the cache for upstreams outside this cycle's slice. */
    private Future<List<List<Target>>> targets(List<Upstream> owned) {
        if (targetCache == null) {
            return Bounded.map(owned, parallelism, u -> client.targets(u.id()).list(ListQuery.ALL));
        }
        List<Upstream> read = targetCache.toRead(owned);
        java.util.Set<String> readIds = new java.util.HashSet<>();
        read.forEach(u -> readIds.add(u.id()));
        return Bounded.map(read, parallelism, u -> client.targets(u.id()).list(ListQuery.ALL)
                .onSuccess(ts -> targetCache.put(u.id(), ts))).map(fresh -> {
                    List<List<Target>> all = new ArrayList<>(fresh);
                    for (Upstream u : owned) {
                        if (!readIds.contains(u.id())) {
                            all.add(targetCache.cached(u.id()));
                        }
                    }
                    return all;
                });
    }

    private <T extends KongEntity> List<T> mine(List<T> entities) {
        return entities.stream().filter(e -> Ownership.owned(e, ownerTag)).toList();
    }

    private <T extends KongEntity> List<T> others(List<T> entities) {
        return entities.stream().filter(e -> !Ownership.owned(e, ownerTag)).toList();
    }
}
