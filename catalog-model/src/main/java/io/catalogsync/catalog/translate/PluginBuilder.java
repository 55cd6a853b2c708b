package io.catalogsync.catalog.translate;

import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The plugins of one catalog service: rate-limiting, auth, cors and the masking {@code pre-function} on each of its
 * Kong Services. The masking hook sits at service scope, not on each route, so that it covers every route of the
 * service from the moment it is written: the applier writes it before any route of that service and removes it only
 * after the last one (sync-daemon's {@code Applier}), so no route of a masked service is ever routable without it,
 * whichever single write fails. Plugins carry no {@code instance_name} (ids are enough for
 * {@code PUT /plugins/{id}}, and a name would add a uniqueness Kong could refuse); their id is derived from the
 * plugin name and the scope's name.
 */
final class PluginBuilder {

    private PluginBuilder() {
    }

    static List<Plugin> build(ServiceSpec s, RoutingBuilder.Routing routing, TranslateOptions options, Owner owner,
                              String anonymousConsumerId) {
        List<Plugin> out = new ArrayList<>();
        for (Service ks : routing.services()) {
            if (s.rateLimit() != null) {
                out.add(onService(owner, s, ks, "rate-limiting",
                        s.rateLimit().config(options.kongRedis(), options.kongVersion())));
            }
            if (s.auth() != null) {
                out.add(onService(owner, s, ks, s.auth().type(), s.auth().config(anonymousConsumerId)));
            }
            if (s.cors() != null) {
                out.add(onService(owner, s, ks, "cors", s.cors().config()));
            }
            if (s.masking() != null) {
                out.add(onService(owner, s, ks, MaskingHook.PLUGIN, MaskingHook.config(options, s.masking())));
            }
        }
        return out;
    }

    private static Plugin onService(Owner owner, ServiceSpec s, Service ks, String plugin, Map<String, Object> config) {
        return new Plugin(owner.id(EntityType.PLUGIN, plugin + "@service:" + ks.name()), plugin, null, Ref.id(ks.id()),
                null, null, config, null, null, ks.tags(), null, null); // ks.tags() is owner.tags(s.name())
    }
}
