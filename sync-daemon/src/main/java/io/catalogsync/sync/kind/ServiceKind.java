package io.catalogsync.sync.kind;

import io.catalogsync.kong.admin.EntityApi;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.sync.state.StateIndex;
import java.util.List;
import java.util.Set;

/**
 * Kong Services (kong/db/schema/entities/services.lua). Their {@code host} is not a foreign key in Kong, but a
 * service whose host names an upstream sends its traffic there: the upstream (and so its targets' parent) is
 * written first, and the service is never created without it.
 */
final class ServiceKind implements Kind<Service> {

    @Override
    public EntityType type() {
        return EntityType.SERVICE;
    }

    @Override
    public int rank() {
        return 30;
    }

    @Override
    public Set<EntityType> parentTypes() {
        return Set.of(EntityType.UPSTREAM);
    }

    @Override
    public List<Service> in(KongState state) {
        return state.services();
    }

    @Override
    public void parents(Service s, StateIndex index, List<KongEntity> out) {
        if (s.host() != null) {
            index.byNaturalKey(EntityType.UPSTREAM, s.host()).ifPresent(out::add);
        }
    }

    @Override
    public EntityApi<Service> api(KongAdminClient client, Service e) {
        return client.services();
    }

    @Override
    public EntityApi<Service> collection(KongAdminClient client) {
        return client.services();
    }
}
