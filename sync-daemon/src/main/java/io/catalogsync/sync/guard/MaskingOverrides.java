package io.catalogsync.sync.guard;

import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.sync.read.Conflict;
import io.catalogsync.sync.state.Ownership;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds unowned {@code pre-function} plugins that Kong would run <em>instead of</em> the daemon's masking hook.
 *
 * <p>The hook is a {@code pre-function} at Kong-Service scope. Kong runs one instance of a plugin per request, the
 * most specific one configured: route+service+consumer, route+consumer, service+consumer, route+service,
 * consumer, route, then service, then global (kong/runloop/plugins_iterator.lua {@code lookup_cfg}, and its unit
 * test spec/01-unit/28-plugins-iterator/lookup_cfg_spec.lua). {@code pre-function} cannot be consumer-scoped
 * ({@code consumer = typedefs.no_consumer} in kong/plugins/pre-function/_schema.lua), so what can beat the hook is
 * a {@code pre-function} on a route of a masked service (route, or route+service, scope): it replaces the hook for
 * every request of that route, and those bodies go upstream unmasked. Such a plugin is not the daemon's to remove (it never updates or
 * deletes what it does not own), and it cannot take the route out of service without deleting it, which would make
 * Kong delete the unowned plugin with it (plugins.route is {@code on_delete = "cascade"}, kong/db/schema/entities/
 * plugins.lua); Kong 3.4 routes have no {@code enabled} flag. What it does is report each one as a conflict of that
 * catalog service, every cycle until it is gone (docs/masking.md, "A foreign pre-function").
 *
 * <p>Reads {@code GET /plugins} (all pages) once per cycle, and only when the desired state masks something.
 */
public final class MaskingOverrides {

    /** The Kong plugin carrying the masking hook (MaskingHookOrder, catalog-model's PluginBuilder). */
    static final String HOOK_PLUGIN = "pre-function";

    private final KongAdminClient kong;
    private final String ownerTag;

    public MaskingOverrides(KongAdminClient kong, String ownerTag) {
        this.kong = kong;
        this.ownerTag = ownerTag;
    }

    /** The overriding plugins for the masked services of {@code desired}, as conflicts; fails when Kong does. */
    public Future<List<Conflict>> find(KongState desired) {
        Map<String, String> maskedServices = new HashMap<>();
        desired.plugins().forEach(p -> {
            if (HOOK_PLUGIN.equals(p.name()) && p.service() != null && p.service().id() != null && p.route() == null
                    && p.consumer() == null) {
                maskedServices.put(p.service().id(), Ownership.catalogService(p).orElse("(shared)"));
            }
        });
        if (maskedServices.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        Map<String, Route> maskedRoutes = new HashMap<>();
        desired.routes().forEach(r -> {
            if (r.service() != null && r.id() != null && maskedServices.containsKey(r.service().id())) {
                maskedRoutes.put(r.id(), r);
            }
        });
        return kong.plugins().list(ListQuery.ALL).map(all -> overrides(all, maskedServices, maskedRoutes));
    }

    private List<Conflict> overrides(List<Plugin> all, Map<String, String> maskedServices,
                                     Map<String, Route> maskedRoutes) {
        List<Conflict> out = new ArrayList<>();
        for (Plugin p : all) {
            if (!HOOK_PLUGIN.equals(p.name()) || Ownership.owned(p, ownerTag) || Boolean.FALSE.equals(p.enabled())) {
                continue;
            }
            String route = id(p.route());
            if (route != null && maskedRoutes.containsKey(route)) {
                Route r = maskedRoutes.get(route);
                String catalogService = Ownership.catalogService(r).orElse(maskedServices.get(id(r.service())));
                out.add(conflict(catalogService, p, "route " + r.name() + " (" + r.id() + ")",
                        p.service() == null ? "route" : "route+service"));
            }
        }
        return out;
    }

    private static Conflict conflict(String catalogService, Plugin p, String where, String scope) {
        return new Conflict(EntityType.PLUGIN, p.id(), catalogService, p.id(),
                "masking overridden: unowned pre-function plugin " + p.id() + " (" + scope + " scope) runs instead of "
                        + "the masking hook on " + where + "; Kong runs only the most specific pre-function, so "
                        + "request bodies there go upstream unmasked. Remove it, or move its code into the catalog's "
                        + "masking settings", 0);
    }

    private static String id(Ref ref) {
        return ref == null ? null : ref.id();
    }
}
