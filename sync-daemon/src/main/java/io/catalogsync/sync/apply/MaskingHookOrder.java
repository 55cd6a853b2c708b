package io.catalogsync.sync.apply;

import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.sync.plan.Delete;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Update;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The extra "waits for" edges that keep every route of a masked service behind the masking hook at every instant
 * of a DB-mode apply, whichever single write fails (a 400, a timeout, a Kong restart): Kong routes traffic through
 * a route as soon as its write commits, and a route without the hook forwards bodies unmasked.
 *
 * <p>The hook is Kong's {@code pre-function} plugin, written at Kong-Service scope (catalog-model's
 * {@code PluginBuilder}), so it covers every route of that service from the moment it commits. The rules:
 * <ol>
 *   <li>A route create or update waits for the hook writes on the service it will point at: a new route of a
 *       masked service, a route moving to another (masked) service, a route of a service being masked now. If the
 *       hook write fails, the route write is skipped and the route is not there (or stays where it was).</li>
 *   <li>A service-scoped hook delete waits for every update and delete of a route now on that service: the hook
 *       goes after the last route leaves, and stays if any of those fails.</li>
 *   <li>A route-scoped hook delete (the layout of earlier releases: one hook per route) waits for its route's
 *       update or delete and for the hook writes of the same catalog service, so that an upgrade puts the
 *       service-scoped hooks in place first. (Its route may not be in the plan, so its Kong Service is unknown
 *       here; the catalog-service tag is, and bounds the edges to a few per hook.) Kong deletes a route's plugins with it (plugins.route is {@code on_delete = "cascade"} in
 *       kong/db/schema/entities/plugins.lua), and a 404 on the later plugin delete counts as done, so the
 *       usual "children first" order is reversed for it ({@link #reversesChildFirst}).</li>
 * </ol>
 * The service's auth plugin guards its routes the same way (issue 10: a route written before its service's
 * {@code key-auth} is live without authentication, one whose {@code jwt} is deleted first too): rules 1 and 2 hold
 * for every service-scoped guard, the hook or an auth plugin ({@link #AUTH_PLUGINS}), and a service-scoped guard
 * delete also waits for the guard writes on the same service, so that switching {@code auth.type} (a new plugin
 * and the old one's delete) puts the new plugin in place before the old one goes.
 *
 * <p>Writes never wait for deletes, and these edges only make deletes wait for writes or for route operations
 * (which never wait for a guard delete), so no cycle can form.
 */
final class MaskingHookOrder {

    /** The Kong plugin carrying the masking hook. The daemon owns no other {@code pre-function}. */
    static final String HOOK_PLUGIN = "pre-function";

    /**
     * The auth plugins the translation puts on a Kong Service (catalog-model's {@code AuthPolicy.TYPES}); a route
     * of that service without one forwards unauthenticated requests.
     */
    static final Set<String> AUTH_PLUGINS = Set.of("jwt", "key-auth", "basic-auth", "oauth2");

    private MaskingHookOrder() {
    }

    static boolean isHook(KongEntity e) {
        return e instanceof Plugin p && HOOK_PLUGIN.equals(p.name());
    }

    /** The masking hook or an auth plugin: a plugin no route of its service may be live without. */
    static boolean isGuard(KongEntity e) {
        return e instanceof Plugin p && (HOOK_PLUGIN.equals(p.name()) || AUTH_PLUGINS.contains(p.name()));
    }

    /**
     * Whether the usual edge "deleting {@code parent} waits for {@code op} on its child" must be left out: a
     * route-scoped hook is deleted after its route (rule 3), never before.
     */
    static boolean reversesChildFirst(Operation op, KongEntity parent) {
        return op instanceof Delete && isHook(op.entity()) && parent instanceof Route;
    }

    static void addEdges(List<Scheduler.Node> nodes) {
        Map<String, List<Scheduler.Node>> guardWritesByService = new HashMap<>();
        Map<String, List<Scheduler.Node>> hookWritesByCatalogService = new HashMap<>();
        Map<String, List<Scheduler.Node>> routeOpsByCurrentService = new HashMap<>();
        Map<String, Scheduler.Node> routeOpsById = new HashMap<>();
        for (Scheduler.Node n : nodes) {
            Operation op = n.op;
            if (!(op instanceof Delete) && op.entity() instanceof Plugin p && isGuard(p)) {
                if (isHook(p)) {
                    hookWritesByCatalogService.computeIfAbsent(String.valueOf(op.catalogService()),
                            k -> new ArrayList<>()).add(n);
                }
                String service = id(p.service());
                if (service != null && p.route() == null && p.consumer() == null) {
                    guardWritesByService.computeIfAbsent(service, k -> new ArrayList<>()).add(n);
                }
            }
            Route before = op instanceof Delete && op.entity() instanceof Route r ? r
                    : op instanceof Update u && u.current() instanceof Route r ? r : null;
            if (before != null) {
                routeOpsById.put(before.id(), n);
                String service = id(before.service());
                if (service != null) {
                    routeOpsByCurrentService.computeIfAbsent(service, k -> new ArrayList<>()).add(n);
                }
            }
        }
        for (Scheduler.Node n : nodes) {
            Operation op = n.op;
            if (!(op instanceof Delete) && op.entity() instanceof Route r) {
                waitForAll(n, guardWritesByService.get(id(r.service())));
            } else if (op instanceof Delete && op.entity() instanceof Plugin p && isGuard(p)) {
                if (p.route() != null) {
                    if (!isHook(p)) {
                        continue;
                    }
                    Scheduler.Node routeOp = routeOpsById.get(id(p.route()));
                    if (routeOp != null) {
                        n.mustWaitFor(routeOp);
                    }
                    waitForAll(n, hookWritesByCatalogService.get(String.valueOf(op.catalogService())));
                } else if (p.service() != null) {
                    waitForAll(n, routeOpsByCurrentService.get(id(p.service())));
                    waitForAll(n, guardWritesByService.get(id(p.service())));
                }
            }
        }
    }

    private static void waitForAll(Scheduler.Node n, List<Scheduler.Node> others) {
        if (others != null) {
            others.forEach(n::mustWaitFor);
        }
    }

    private static String id(Ref ref) {
        return ref == null ? null : ref.id();
    }
}
