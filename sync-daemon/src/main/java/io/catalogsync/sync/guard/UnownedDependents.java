package io.catalogsync.sync.guard;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.sync.kind.Kinds;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Plan;
import io.catalogsync.sync.read.OwnedState;
import io.catalogsync.sync.plan.RefusedDeletion;
import io.catalogsync.sync.state.Ownership;
import io.catalogsync.sync.state.StateIndex;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps back deletions of owned entities that unowned entities depend on. Kong cascades some deletes (plugins go
 * with their service, route or consumer; targets with their upstream) and refuses others (a service with
 * routes): either way the daemon would change what it does not own. Only read when the plan deletes a service,
 * route, consumer or upstream, so a steady state costs nothing.
 *
 * <p>In DB-less mode Kong's whole configuration ({@code GET /config}) is scanned as well, so that an unowned entity of
 * a type the daemon does not manage (a key-auth credential under an owned consumer, an ACL, ...) also keeps its
 * parent: {@code POST /config} would otherwise refuse the whole push for the dangling reference.
 */
public final class UnownedDependents {

    private final Vertx vertx;
    private final KongAdminClient client;
    private final String ownerTag;
    private final java.util.function.Supplier<Future<JsonNode>> dblessConfig;

    public UnownedDependents(Vertx vertx, KongAdminClient client, String ownerTag) {
        this(vertx, client, ownerTag, false);
    }

    public UnownedDependents(Vertx vertx, KongAdminClient client, String ownerTag, boolean dbless) {
        this(vertx, client, ownerTag, dbless ? client::exportConfig : null);
    }

    /**
     * @param dblessConfig DB-less only (null otherwise): reads Kong's unowned entities of every type in the export's
     *                     shape, so that a credential, SNI or other entity hanging on a deleted one keeps it
     */
    public UnownedDependents(Vertx vertx, KongAdminClient client, String ownerTag,
                             java.util.function.Supplier<Future<JsonNode>> dblessConfig) {
        this.vertx = vertx;
        this.client = client;
        this.ownerTag = ownerTag;
        this.dblessConfig = dblessConfig;
    }

    public Future<Plan> protect(Plan plan, OwnedState owned) {
        Map<String, Operation> deletes = new HashMap<>();
        boolean parents = false;
        for (Operation o : plan.ofKind(Operation.Kind.DELETE)) {
            deletes.put(o.type().key(o.entity().id()), o);
            parents |= Kinds.hasDependents(o.type());
        }
        if (!parents) {
            return Future.succeededFuture(plan);
        }
        Future<List<Route>> routes = client.routes().list(ListQuery.ALL);
        Future<List<Plugin>> plugins = client.plugins().list(ListQuery.ALL);
        Future<JsonNode> export = dblessConfig != null ? dblessConfig.get() : Future.succeededFuture(null);
        return Future.all(routes, plugins, export).compose(cf -> vertx.executeBlocking(() -> {
            StateIndex ownedIdx = new StateIndex(owned.owned());
            // owned entity identity -> what foreign entity depends on it (first one, for the message)
            Map<String, String> pinned = new LinkedHashMap<>();
            for (Route r : routes.result()) {
                if (!Ownership.owned(r, ownerTag)) {
                    pin(pinned, deletes, EntityType.SERVICE, r.service(), "route " + r.key());
                }
            }
            for (Plugin p : plugins.result()) {
                if (!Ownership.owned(p, ownerTag)) {
                    String what = "plugin " + p.name() + " " + p.id();
                    pin(pinned, deletes, EntityType.SERVICE, p.service(), what);
                    pin(pinned, deletes, EntityType.ROUTE, p.route(), what);
                    pin(pinned, deletes, EntityType.CONSUMER, p.consumer(), what);
                    StateIndex.anonymousConsumer(p).flatMap(a -> ownedIdx.find(EntityType.CONSUMER, a))
                            .ifPresent(c -> pin(pinned, deletes, EntityType.CONSUMER, Ref.id(c.id()), what));
                }
            }
            for (Target t : owned.unownedTargets()) {
                pin(pinned, deletes, EntityType.UPSTREAM, t.upstream(), "target " + t.target());
            }
            if (export.result() != null) {
                pinExported(pinned, deletes, export.result());
            }
            if (pinned.isEmpty()) {
                return plan;
            }
            // A kept entity keeps what it hangs on (a kept route keeps its service, which keeps its upstream), and
            // what it needs to keep working as it is: the targets of a kept upstream (without them the live route
            // in front of it answers 503) and the plugins on a kept entity (auth, rate limits). Owned routes of a
            // kept service still go: they are what the catalog took away.
            Deque<String> work = new ArrayDeque<>(pinned.keySet());
            while (!work.isEmpty()) {
                String id = work.poll();
                KongEntity e = deletes.get(id).entity();
                String why = e.type().tag() + " " + e.key() + " (kept)";
                for (KongEntity parent : ownedIdx.parents(e)) {
                    keep(pinned, deletes, work, parent.type().key(parent.id()), why);
                }
                for (KongEntity child : ownedIdx.children(e)) {
                    if (child instanceof Target || child instanceof Plugin p && scopedTo(p, e)) {
                        keep(pinned, deletes, work, child.type().key(child.id()), why);
                    }
                }
            }
            List<Operation> kept = new ArrayList<>();
            List<Operation> held = new ArrayList<>();
            for (Operation o : plan.operations()) {
                if (o.kind() == Operation.Kind.DELETE && pinned.containsKey(o.type().key(o.entity().id()))) {
                    held.add(o);
                } else {
                    kept.add(o);
                }
            }
            List<String> examples = new ArrayList<>();
            pinned.forEach((id, by) -> {
                if (examples.size() < 5) {
                    Operation o = deletes.get(id);
                    examples.add(o.type().tag() + " " + o.key() + " (needed by " + by + ")");
                }
            });
            List<RefusedDeletion> refused = new ArrayList<>(plan.refusedDeletions());
            refused.add(new RefusedDeletion(RefusedDeletion.Reason.UNOWNED_DEPENDENTS, pinned.size()
                    + " owned entities are not deleted because entities without the owner tag " + ownerTag
                    + " depend on them: " + String.join(", ", examples) + (pinned.size() > 5 ? ", ..." : ""),
                    held));
            return new Plan(kept, refused, plan.ownedEntities());
        }, false));
    }

    /**
     * Every unowned entity of the exported declarative config (flat: one top-level list per collection, foreign keys
     * as bare ids or {@code {"id": ...}}) pins the owned entity any of its fields references.
     */
    private void pinExported(Map<String, String> pinned, Map<String, Operation> deletes, JsonNode config) {
        Map<String, String> deleteKeyById = new HashMap<>();
        deletes.forEach((key, op) -> deleteKeyById.put(op.entity().id(), key));
        config.properties().forEach(collection -> {
            if (!collection.getValue().isArray()) {
                return;
            }
            for (JsonNode e : collection.getValue()) {
                if (!e.isObject() || owned(e)) {
                    continue;
                }
                e.properties().forEach(f -> {
                    if (f.getKey().equals("id")) {
                        return;
                    }
                    JsonNode v = f.getValue();
                    String ref = v.isTextual() ? v.asText() : v.isObject() && v.path("id").isTextual()
                            ? v.path("id").asText() : null;
                    String key = ref == null ? null : deleteKeyById.get(ref);
                    if (key != null) {
                        pinned.putIfAbsent(key, collection.getKey() + " " + e.path("id").asText("?"));
                    }
                });
            }
        });
    }

    private boolean owned(JsonNode e) {
        for (JsonNode t : e.path("tags")) {
            if (ownerTag.equals(t.asText())) {
                return true;
            }
        }
        return false;
    }

    /** The plugin runs on {@code e} (its service, route or consumer), rather than naming it as anonymous. */
    private static boolean scopedTo(Plugin p, KongEntity e) {
        for (Ref r : new Ref[] {p.service(), p.route(), p.consumer()}) {
            if (r != null && e.id() != null && e.id().equals(r.id())) {
                return true;
            }
        }
        return false;
    }

    private static void keep(Map<String, String> pinned, Map<String, Operation> deletes, Deque<String> work,
                             String key, String why) {
        if (deletes.containsKey(key) && !pinned.containsKey(key)) {
            pinned.put(key, why);
            work.add(key);
        }
    }

    private static void pin(Map<String, String> pinned, Map<String, Operation> deletes, EntityType type, Ref ref,
                            String by) {
        if (ref == null || ref.id() == null) {
            return;
        }
        String id = type.key(ref.id());
        if (deletes.containsKey(id)) {
            pinned.putIfAbsent(id, by);
        }
    }
}
