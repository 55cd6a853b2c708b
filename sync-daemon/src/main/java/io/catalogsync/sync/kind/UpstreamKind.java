package io.catalogsync.sync.kind;

import io.catalogsync.kong.admin.EntityApi;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Upstream;
import io.catalogsync.sync.state.StateIndex;
import java.util.List;
import java.util.Set;

/** Upstreams (kong/db/schema/entities/upstreams.lua): depend on nothing; their name is unique. */
final class UpstreamKind implements Kind<Upstream> {

    @Override
    public EntityType type() {
        return EntityType.UPSTREAM;
    }

    @Override
    public int rank() {
        return 10;
    }

    @Override
    public Set<EntityType> parentTypes() {
        return Set.of();
    }

    @Override
    public List<Upstream> in(KongState state) {
        return state.upstreams();
    }

    @Override
    public void parents(Upstream e, StateIndex index, List<KongEntity> out) {
    }

    @Override
    public EntityApi<Upstream> api(KongAdminClient client, Upstream e) {
        return client.upstreams();
    }

    @Override
    public EntityApi<Upstream> collection(KongAdminClient client) {
        return client.upstreams();
    }
}
