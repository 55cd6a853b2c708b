package io.catalogsync.sync.kind;

import io.catalogsync.kong.admin.EntityApi;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.sync.state.StateIndex;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Plugins (kong/db/schema/entities/plugins.lua): depend on the service, route and consumer they are scoped to,
 * and on the consumer auth plugins name as {@code config.anonymous}. They collide by scope, not by name.
 */
final class PluginKind implements Kind<Plugin> {

    @Override
    public EntityType type() {
        return EntityType.PLUGIN;
    }

    @Override
    public int rank() {
        return 60;
    }

    @Override
    public Set<EntityType> parentTypes() {
        return Set.of(EntityType.SERVICE, EntityType.ROUTE, EntityType.CONSUMER);
    }

    @Override
    public List<Plugin> in(KongState state) {
        return state.plugins();
    }

    @Override
    public void parents(Plugin p, StateIndex index, List<KongEntity> out) {
        index.resolve(EntityType.SERVICE, p.service()).ifPresent(out::add);
        index.resolve(EntityType.ROUTE, p.route()).ifPresent(out::add);
        index.resolve(EntityType.CONSUMER, p.consumer()).ifPresent(out::add);
        StateIndex.anonymousConsumer(p).flatMap(a -> index.find(EntityType.CONSUMER, a))
                .filter(c -> !out.contains(c)).ifPresent(out::add);
    }

    /** Instance name, else plugin name + service + route + consumer (plugins.lua {@code cache_key}). */
    @Override
    public String naturalKey(Plugin p, StateIndex index) {
        if (p.instanceName() != null) {
            return "instance:" + p.instanceName();
        }
        return p.name() + "|" + index.refId(EntityType.SERVICE, p.service()) + "|"
                + index.refId(EntityType.ROUTE, p.route()) + "|" + index.refId(EntityType.CONSUMER, p.consumer());
    }

    /** The instance name, else {@code plugin@scope}. */
    @Override
    public String displayKey(Plugin p, StateIndex index) {
        if (p.instanceName() != null) {
            return p.instanceName();
        }
        String scope;
        if (p.route() != null) {
            scope = "route " + index.resolve(EntityType.ROUTE, p.route()).map(KongEntity::key).orElse(refText(p.route()));
        } else if (p.service() != null) {
            scope = "service " + index.resolve(EntityType.SERVICE, p.service()).map(KongEntity::key).orElse(refText(p.service()));
        } else if (p.consumer() != null) {
            scope = "consumer " + index.resolve(EntityType.CONSUMER, p.consumer()).map(KongEntity::key).orElse(refText(p.consumer()));
        } else {
            scope = "global";
        }
        return p.name() + "@" + scope;
    }

    private static String refText(Ref r) {
        return r.id() != null ? r.id() : r.name();
    }

    @Override
    public boolean uniqueName() {
        return false;
    }

    /** A plugin's fields and config defaults are those of the plugin it names (kong/plugins/NAME/schema.lua). */
    @Override
    public <R> R schema(Plugin p, Function<EntityType, R> entity, Function<String, R> plugin) {
        return plugin.apply(p.name());
    }

    @Override
    public Plugin rewriteRefs(Plugin p, IdRemap remap) {
        Plugin q = p.withScope(remap.ref(p.service(), EntityType.SERVICE), remap.ref(p.route(), EntityType.ROUTE),
                remap.ref(p.consumer(), EntityType.CONSUMER));
        String anonymous = StateIndex.anonymousConsumer(q).orElse(null);
        String newAnonymous = anonymous == null ? null : remap.to(EntityType.CONSUMER, anonymous);
        if (newAnonymous != null) {
            Map<String, Object> config = new LinkedHashMap<>(q.config());
            config.put("anonymous", newAnonymous);
            q = new Plugin(q.id(), q.name(), q.instanceName(), q.service(), q.route(), q.consumer(), config,
                    q.protocols(), q.enabled(), q.tags(), q.createdAt(), q.updatedAt());
        }
        return q;
    }

    @Override
    public EntityApi<Plugin> api(KongAdminClient client, Plugin e) {
        return client.plugins();
    }

    @Override
    public EntityApi<Plugin> collection(KongAdminClient client) {
        return client.plugins();
    }
}
