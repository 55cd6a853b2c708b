package io.catalogsync.sync.kind;

import io.catalogsync.kong.admin.EntityApi;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.entity.Consumer;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.sync.state.StateIndex;
import java.util.List;
import java.util.Set;

/**
 * Consumers (kong/db/schema/entities/consumers.lua): depend on nothing; keyed by username (else custom_id). Plugins
 * scoped to them, or naming them as {@code config.anonymous}, depend on them.
 */
final class ConsumerKind implements Kind<Consumer> {

    @Override
    public EntityType type() {
        return EntityType.CONSUMER;
    }

    @Override
    public int rank() {
        return 50;
    }

    @Override
    public Set<EntityType> parentTypes() {
        return Set.of();
    }

    @Override
    public List<Consumer> in(KongState state) {
        return state.consumers();
    }

    @Override
    public void parents(Consumer e, StateIndex index, List<KongEntity> out) {
    }

    @Override
    public EntityApi<Consumer> api(KongAdminClient client, Consumer e) {
        return client.consumers();
    }

    @Override
    public EntityApi<Consumer> collection(KongAdminClient client) {
        return client.consumers();
    }
}
