package io.catalogsync.sync.kind;

import io.catalogsync.kong.admin.EntityApi;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.sync.state.StateIndex;
import java.util.List;
import java.util.Set;

/**
 * Targets (kong/db/schema/entities/targets.lua): {@code host:port} within their upstream, which they depend on.
 * They live under the upstream's path ({@code /upstreams/{u}/targets/{t}}), and Kong's PUT there only updates.
 */
final class TargetKind implements Kind<Target> {

    @Override
    public EntityType type() {
        return EntityType.TARGET;
    }

    @Override
    public int rank() {
        return 20;
    }

    @Override
    public Set<EntityType> parentTypes() {
        return Set.of(EntityType.UPSTREAM);
    }

    @Override
    public List<Target> in(KongState state) {
        return state.targets();
    }

    @Override
    public void parents(Target t, StateIndex index, List<KongEntity> out) {
        index.resolve(EntityType.UPSTREAM, t.upstream()).ifPresent(out::add);
    }

    /** Upstream + {@code host:port}: Kong keeps the target unique within its upstream only. */
    @Override
    public String naturalKey(Target t, StateIndex index) {
        return index.refId(EntityType.UPSTREAM, t.upstream()) + "|" + t.target();
    }

    /** {@code upstream/host:port}. */
    @Override
    public String displayKey(Target t, StateIndex index) {
        String upstream = index.resolve(EntityType.UPSTREAM, t.upstream()).map(KongEntity::key)
                .orElse(t.upstream() == null ? "?" : t.upstream().id() != null ? t.upstream().id() : t.upstream().name());
        return upstream + "/" + t.target();
    }

    @Override
    public boolean uniqueName() {
        return false;
    }

    @Override
    public Target rewriteRefs(Target t, IdRemap remap) {
        return t.withUpstream(remap.ref(t.upstream(), EntityType.UPSTREAM));
    }

    @Override
    public boolean nested() {
        return true;
    }

    @Override
    public boolean putCreates() {
        return false;
    }

    @Override
    public EntityApi<Target> api(KongAdminClient client, Target t) {
        return client.targets(upstreamOf(t));
    }

    @Override
    public EntityApi<Target> collection(KongAdminClient client) {
        throw new IllegalArgumentException("targets have no collection of their own: they live under their upstream");
    }

    private static String upstreamOf(Target t) {
        if (t.upstream() == null) {
            throw new IllegalArgumentException("target " + t.target() + " has no upstream");
        }
        return t.upstream().id() != null ? t.upstream().id() : t.upstream().name();
    }
}
