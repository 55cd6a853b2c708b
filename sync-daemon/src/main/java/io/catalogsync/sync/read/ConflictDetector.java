package io.catalogsync.sync.read;

import io.catalogsync.kong.admin.EntityApi;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.sync.kind.Kinds;
import io.catalogsync.sync.state.Ownership;
import io.catalogsync.sync.state.StateIndex;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds desired entities whose name or id an entity without the owner tag already holds. Only names that are
 * not among the owned entities are looked up, so a steady state costs no request. Where the unowned entities
 * come from, cheapest first:
 * <ul>
 * <li>the untagged read of the owned state ({@link OwnedState#unownedComplete()}, DB-less): no request at all;</li>
 * <li>{@link Lookup#ON_WRITE} (DB mode, applying): upstreams, services, routes and consumers are not looked up:
 * their creates are {@code POST}s carrying the deterministic id, which Kong refuses when an unowned entity holds
 * the name (409) or the id (400 primary key violation), so the write itself finds the conflict and cannot
 * overwrite anything (see {@code EntityWriter}). Plugins are still checked here (one list of all plugins):
 * their scope is what collides;</li>
 * <li>{@link Lookup#REQUESTS} (a dry run, which writes nothing): few lookups go one by one
 * ({@code GET /{collection}/{name}}, then by id), with bounded parallelism; many (a first sync) read the
 * whole collection once instead, which is far cheaper than thousands of GETs.</li>
 * </ul>
 */
public final class ConflictDetector {

    /** Above this many unknown entities of one type, list the collection instead of one GET per entity. */
    static final int BULK_THRESHOLD = 100;

    /** Kinds with a collection of their own; targets (under their upstream) are checked against the unowned ones read. */
    private static final List<EntityType> LOOKED_UP = Kinds.createOrder().stream()
            .filter(t -> !Kinds.of(t).nested()).toList();

    private final Vertx vertx;
    private final KongAdminClient client;
    private final String ownerTag;
    private final int parallelism;
    private final Lookup lookup;

    /** How name and id conflicts of upstreams, services, routes and consumers are found in DB mode. */
    public enum Lookup {
        /** GETs or collection lists before the plan: what a dry run needs, since it sends no write. */
        REQUESTS,
        /** By the create itself, which Kong refuses on a name or id clash: no request before the write. */
        ON_WRITE
    }

    public ConflictDetector(Vertx vertx, KongAdminClient client, String ownerTag, int parallelism) {
        this(vertx, client, ownerTag, parallelism, Lookup.REQUESTS);
    }

    public ConflictDetector(Vertx vertx, KongAdminClient client, String ownerTag, int parallelism, Lookup lookup) {
        this.vertx = vertx;
        this.client = client;
        this.ownerTag = ownerTag;
        this.parallelism = parallelism;
        this.lookup = lookup;
    }

    /** Indexes and candidates, computed on a worker thread: tens of thousands of entities for a big catalog. */
    private record Prepared(StateIndex owned, StateIndex desiredIdx, Map<EntityType, List<KongEntity>> unknown,
                            List<Hit> targetHits) {
    }

    public Future<ConflictCheck> check(KongState desired, OwnedState actual) {
        return vertx.executeBlocking(() -> prepare(desired, actual), false).compose(p -> {
            List<Future<List<Hit>>> lookups = new ArrayList<>();
            for (Map.Entry<EntityType, List<KongEntity>> u : p.unknown().entrySet()) {
                EntityType type = u.getKey();
                if (type == EntityType.PLUGIN) {
                    // A plugin collides by scope (name + service + route + consumer), which no GET by id can see.
                    lookups.add(plugins(u.getValue(), p.desiredIdx(), p.owned(), actual));
                } else if (actual.unownedComplete()) {
                    lookups.add(vertx.executeBlocking(() -> matches(type, u.getValue(), ofType(actual.unowned(), type)),
                            false));
                } else if (lookup == Lookup.REQUESTS) {
                    lookups.add(u.getValue().size() > BULK_THRESHOLD ? bulk(type, u.getValue())
                            : oneByOne(type, u.getValue()));
                }
            }
            return Future.all(lookups).compose(cf -> vertx.executeBlocking(() -> {
                List<Hit> found = new ArrayList<>(p.targetHits());
                for (Future<List<Hit>> f : lookups) {
                    found.addAll(f.result());
                }
                return withhold(desired, p.desiredIdx(), found);
            }, false));
        });
    }

    private Prepared prepare(KongState desired, OwnedState actual) {
        StateIndex owned = new StateIndex(actual.owned());
        StateIndex desiredIdx = new StateIndex(desired);
        Map<EntityType, List<KongEntity>> unknown = new EnumMap<>(EntityType.class);
        desired.all().forEach(e -> {
            if (LOOKED_UP.contains(e.type()) && !known(owned, e)) {
                unknown.computeIfAbsent(e.type(), t -> new ArrayList<>()).add(e);
            }
        });
        return new Prepared(owned, desiredIdx, unknown,
                targetConflicts(desired, desiredIdx, owned, actual.unownedTargets()));
    }

    private static boolean known(StateIndex owned, KongEntity e) {
        if (owned.byId(e.type(), e.id()).isPresent()) {
            return true;
        }
        if (e.type() == EntityType.PLUGIN) {
            return owned.byNaturalKey(EntityType.PLUGIN, owned.naturalKey(e)).isPresent();
        }
        return owned.byNaturalKey(e.type(), e.key()).isPresent();
    }

    private Future<List<Hit>> oneByOne(EntityType type, List<KongEntity> entities) {
        EntityApi<? extends KongEntity> api = api(type);
        return Bounded.map(entities, parallelism, e -> lookup(api, e)).map(rs -> {
            List<Hit> out = new ArrayList<>();
            rs.forEach(r -> r.ifPresent(out::add));
            return out;
        });
    }

    /** By name first (what collides on create), then by id (what a PUT by id would overwrite). */
    private Future<Optional<Hit>> lookup(EntityApi<? extends KongEntity> api, KongEntity e) {
        Future<? extends Optional<? extends KongEntity>> byName = e.type() == EntityType.PLUGIN || e.key() == null
                ? Future.succeededFuture(Optional.empty()) : api.get(e.key());
        return byName.compose(n -> {
            Optional<Hit> c = conflict(e, n.orElse(null));
            if (c.isPresent() || e.id() == null) {
                return Future.succeededFuture(c);
            }
            return api.get(e.id()).map(byId -> conflict(e, byId.orElse(null)));
        });
    }

    private Future<List<Hit>> bulk(EntityType type, List<KongEntity> entities) {
        return api(type).list(ListQuery.ALL).map(all -> matches(type, entities, all));
    }

    /** Desired entities whose name or id an unowned entity of {@code all} holds. */
    private List<Hit> matches(EntityType type, List<KongEntity> entities, List<? extends KongEntity> all) {
        Map<String, KongEntity> byKey = new HashMap<>();
        Map<String, KongEntity> byId = new HashMap<>();
        for (KongEntity k : all) {
            if (!Ownership.owned(k, ownerTag)) {
                byId.put(k.id(), k);
                if (type != EntityType.PLUGIN && k.key() != null) {
                    byKey.put(k.key(), k);
                }
            }
        }
        List<Hit> out = new ArrayList<>();
        for (KongEntity e : entities) {
            KongEntity holder = type == EntityType.PLUGIN ? null : byKey.get(e.key());
            if (holder == null) {
                holder = byId.get(e.id());
            }
            conflict(e, holder).ifPresent(out::add);
        }
        return out;
    }

    /**
     * Unknown desired plugins against every plugin in Kong: an unowned plugin with the desired id, or with the same
     * name on the same service/route/consumer (Kong keeps that combination unique: plugins.lua {@code cache_key}).
     * The desired plugin's scope is translated to the ids Kong has for owned parents matched by name.
     */
    private Future<List<Hit>> plugins(List<KongEntity> entities, StateIndex desiredIdx, StateIndex owned,
                                      OwnedState actual) {
        Future<List<io.catalogsync.kong.entity.Plugin>> listed = actual.unownedComplete()
                ? Future.succeededFuture(actual.unowned().plugins()) : client.plugins().list(ListQuery.ALL);
        return listed.map(all -> {
            Map<String, KongEntity> byId = new HashMap<>();
            Map<String, KongEntity> byScope = new HashMap<>();
            for (io.catalogsync.kong.entity.Plugin p : all) {
                if (!Ownership.owned(p, ownerTag)) {
                    byId.put(p.id(), p);
                    byScope.put(scope(p.name(), refId(p.service()), refId(p.route()), refId(p.consumer())), p);
                }
            }
            List<Hit> out = new ArrayList<>();
            for (KongEntity e : entities) {
                io.catalogsync.kong.entity.Plugin p = (io.catalogsync.kong.entity.Plugin) e;
                KongEntity holder = byId.get(p.id());
                if (holder == null) {
                    holder = byScope.get(scope(p.name(), kongId(EntityType.SERVICE, p.service(), desiredIdx, owned),
                            kongId(EntityType.ROUTE, p.route(), desiredIdx, owned),
                            kongId(EntityType.CONSUMER, p.consumer(), desiredIdx, owned)));
                }
                if (holder != null && !Ownership.owned(holder, ownerTag)) {
                    String scope = desiredIdx.displayKey(p);
                    out.add(new Hit(p, new Conflict(EntityType.PLUGIN, scope, Ownership.catalogService(p).orElse(null),
                            holder.id(), "plugin " + scope + " already exists in Kong without the owner tag "
                            + ownerTag + " (id " + holder.id() + "); it is not overwritten", 0)));
                }
            }
            return out;
        });
    }

    private static String scope(String name, String service, String route, String consumer) {
        return name + "|" + service + "|" + route + "|" + consumer;
    }

    private static String refId(io.catalogsync.kong.entity.Ref r) {
        return r == null ? "" : r.id() != null ? r.id() : "name:" + r.name();
    }

    /** The id Kong has for a desired parent: the owned entity of the same name, else the desired id. */
    private static String kongId(EntityType type, io.catalogsync.kong.entity.Ref ref, StateIndex desiredIdx,
                                 StateIndex owned) {
        if (ref == null) {
            return "";
        }
        KongEntity parent = ref.id() != null ? desiredIdx.byId(type, ref.id()).orElse(null)
                : desiredIdx.find(type, ref.name()).orElse(null);
        if (parent == null) {
            return refId(ref);
        }
        return owned.find(type, parent.key()).map(KongEntity::id).orElse(parent.id());
    }

    private Optional<Hit> conflict(KongEntity desired, KongEntity holder) {
        return conflictWith(desired, holder, ownerTag, 0).map(c -> new Hit(desired, c));
    }

    /**
     * The conflict of {@code desired} with {@code holder}, the entity Kong has under its name or id; empty when
     * there is none or the holder is the daemon's own. Also used for a create Kong refused for that reason.
     */
    public static Optional<Conflict> conflictWith(KongEntity desired, KongEntity holder, String ownerTag,
                                                  int withheldDependents) {
        if (holder == null || Ownership.owned(holder, ownerTag)) {
            return Optional.empty();
        }
        String type = desired.type().tag();
        boolean sameName = desired.type() != EntityType.PLUGIN && desired.key() != null && desired.key().equals(holder.key());
        String what = sameName ? type + " '" + desired.key() + "'" : type + " id " + desired.id();
        return Optional.of(new Conflict(desired.type(), desired.key(),
                Ownership.catalogService(desired).orElse(null), holder.id(), what
                + " already exists in Kong without the owner tag " + ownerTag + " (id " + holder.id()
                + "); it is not overwritten", withheldDependents));
    }

    /** Desired targets whose address an unowned target of the same (owned) upstream already has. */
    private List<Hit> targetConflicts(KongState desired, StateIndex desiredIdx, StateIndex owned,
                                           List<Target> unownedTargets) {
        if (unownedTargets.isEmpty()) {
            return List.of();
        }
        Map<String, Target> byAddress = new HashMap<>();
        for (Target t : unownedTargets) {
            byAddress.put(t.upstream().id() + "|" + t.target(), t);
        }
        List<Hit> out = new ArrayList<>();
        for (Target t : desired.targets()) {
            String upstreamName = desiredIdx.parents(t).stream().findFirst().map(KongEntity::key).orElse(null);
            String upstreamId = owned.find(EntityType.UPSTREAM, upstreamName).map(KongEntity::id).orElse(null);
            Target holder = upstreamId == null ? null : byAddress.get(upstreamId + "|" + t.target());
            if (holder != null) {
                out.add(new Hit(t, new Conflict(EntityType.TARGET, upstreamName + "/" + t.target(),
                        Ownership.catalogService(t).orElse(null), holder.id(), "target " + t.target()
                        + " of upstream '" + upstreamName + "' already exists without the owner tag " + ownerTag
                        + " (id " + holder.id() + "); it is not overwritten", 0)));
            }
        }
        return out;
    }

    /** Takes conflicting entities and everything depending on them out of the desired state. */
    private static ConflictCheck withhold(KongState desired, StateIndex desiredIdx, List<Hit> found) {
        if (found.isEmpty()) {
            return new ConflictCheck(desired, KongState.EMPTY, List.of());
        }
        Set<String> withheld = new LinkedHashSet<>();
        List<Conflict> reported = new ArrayList<>();
        for (Hit h : found) {
            Conflict c = h.conflict();
            int before = withheld.size();
            Deque<KongEntity> work = new ArrayDeque<>(List.of(h.entity()));
            while (!work.isEmpty()) {
                KongEntity e = work.poll();
                if (withheld.add(desiredIdx.identity(e))) {
                    work.addAll(desiredIdx.children(e));
                }
            }
            int dependents = Math.max(0, withheld.size() - before - 1);
            reported.add(new Conflict(c.type(), c.key(), c.catalogService(), c.holderId(), c.message(), dependents));
        }
        KongState.Builder kept = KongState.builder();
        KongState.Builder held = KongState.builder();
        desired.all().forEach(e -> (withheld.contains(desiredIdx.identity(e)) ? held : kept).add(e));
        return new ConflictCheck(kept.build(), held.build(), reported);
    }

    /** A conflict with the desired entity it concerns. */
    private record Hit(KongEntity entity, Conflict conflict) {
    }

    private static List<? extends KongEntity> ofType(KongState s, EntityType type) {
        return Kinds.of(type).in(s);
    }

    private EntityApi<? extends KongEntity> api(EntityType type) {
        return Kinds.of(type).collection(client);
    }
}
