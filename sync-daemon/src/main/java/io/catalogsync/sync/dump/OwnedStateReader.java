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
 * Reads the owned state from Kong: every collection filtered by the owner tag alone (one tag per query; Kong
 * refuses more than five and the owner tag is enough), in pages of 1000, all collections at once. Targets are
 * read per owned upstream (Kong has no top-level {@code /targets}) and split by the owner tag.
 */
public final class OwnedStateReader {

    private final KongAdminClient client;
    private final String ownerTag;
    private final int parallelism;

    public OwnedStateReader(KongAdminClient client, String ownerTag, int parallelism) {
        this.client = client;
        this.ownerTag = ownerTag;
        this.parallelism = parallelism;
    }

    public Future<OwnedState> read() {
        ListQuery owned = ListQuery.allTags(ownerTag);
        Future<List<Upstream>> upstreams = client.upstreams().list(owned);
        Future<List<Service>> services = client.services().list(owned);
        Future<List<Route>> routes = client.routes().list(owned);
        Future<List<Consumer>> consumers = client.consumers().list(owned);
        Future<List<Plugin>> plugins = client.plugins().list(owned);
        Future<List<List<Target>>> targets = upstreams.compose(us -> Bounded.map(us, parallelism,
                u -> client.targets(u.id()).list(ListQuery.ALL)));
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
            return new OwnedState(state, unownedTargets);
        });
    }

    private <T extends KongEntity> List<T> mine(List<T> entities) {
        return entities.stream().filter(e -> Ownership.owned(e, ownerTag)).toList();
    }
}
