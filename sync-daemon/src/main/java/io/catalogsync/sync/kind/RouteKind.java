package io.catalogsync.sync.kind;

import io.catalogsync.kong.admin.EntityApi;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.sync.state.StateIndex;
import java.util.List;
import java.util.Set;

/** Routes (kong/db/schema/entities/routes.lua): depend on their service; their name is unique. */
final class RouteKind implements Kind<Route> {

    @Override
    public EntityType type() {
        return EntityType.ROUTE;
    }

    @Override
    public int rank() {
        return 40;
    }

    @Override
    public Set<EntityType> parentTypes() {
        return Set.of(EntityType.SERVICE);
    }

    @Override
    public List<Route> in(KongState state) {
        return state.routes();
    }

    @Override
    public void parents(Route r, StateIndex index, List<KongEntity> out) {
        index.resolve(EntityType.SERVICE, r.service()).ifPresent(out::add);
    }

    @Override
    public Route rewriteRefs(Route r, IdRemap remap) {
        return r.withService(remap.ref(r.service(), EntityType.SERVICE));
    }

    @Override
    public EntityApi<Route> api(KongAdminClient client, Route e) {
        return client.routes();
    }

    @Override
    public EntityApi<Route> collection(KongAdminClient client) {
        return client.routes();
    }
}
