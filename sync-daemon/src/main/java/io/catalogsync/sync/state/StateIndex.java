package io.catalogsync.sync.state;

import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Target;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link KongState} indexed by id and by natural key, with the parent/child relation between its entities.
 * Lookups are hash lookups, so diffing 10,000 services stays linear.
 *
 * <p>The parent relation is the dependency order of writes (decK draws it in {@code pkg/diff/order.go}):
 * upstream -> its targets; upstream -> the services whose {@code host} names it; service -> its routes;
 * service, route and consumer -> the plugins scoped to them; consumer -> the auth plugins naming it as
 * {@code config.anonymous}.
 */
public final class StateIndex {

    private final KongState state;
    private final Map<EntityType, Map<String, KongEntity>> byId = new EnumMap<>(EntityType.class);
    /** Built on first use: a steady plan matches every entity by id and never needs natural keys. */
    private Map<EntityType, Map<String, KongEntity>> byKey;
    private Map<String, List<KongEntity>> children;

    public StateIndex(KongState state) {
        this.state = state;
        // One typed list per map, each sized for its list: no stream pipeline, no per-entity type lookup and no
        // rehashing while 43,500 entities go in (a plan of 10,000 services indexes its actual state every cycle).
        for (EntityType t : EntityType.values()) {
            List<? extends KongEntity> list = entities(t);
            Map<String, KongEntity> m = new HashMap<>(Math.max(16, (int) (list.size() / 0.75f) + 1));
            for (KongEntity e : list) {
                if (e.id() != null) {
                    m.put(e.id(), e);
                }
            }
            byId.put(t, m);
        }
    }

    private Map<EntityType, Map<String, KongEntity>> byKey() {
        if (byKey == null) {
            // Assigned before it is filled: natural keys of children resolve parents given by name through it.
            byKey = new EnumMap<>(EntityType.class);
            for (EntityType t : EntityType.values()) {
                byKey.put(t, new HashMap<>());
            }
            for (EntityType t : List.of(EntityType.UPSTREAM, EntityType.SERVICE, EntityType.CONSUMER,
                    EntityType.TARGET, EntityType.ROUTE, EntityType.PLUGIN)) {
                entities(t).forEach(e -> byKey.get(t).putIfAbsent(naturalKey(e), e));
            }
        }
        return byKey;
    }

    public KongState state() {
        return state;
    }

    private List<? extends KongEntity> entities(EntityType t) {
        switch (t) {
            case UPSTREAM: return state.upstreams();
            case TARGET: return state.targets();
            case SERVICE: return state.services();
            case ROUTE: return state.routes();
            case CONSUMER: return state.consumers();
            default: return state.plugins();
        }
    }

    public Optional<KongEntity> byId(EntityType type, String id) {
        return Optional.ofNullable(byIdOrNull(type, id));
    }

    /** {@link #byId} without the {@code Optional}, for the differ's loop over every desired entity. */
    public KongEntity byIdOrNull(EntityType type, String id) {
        return id == null ? null : byId.get(type).get(id);
    }

    public Optional<KongEntity> byNaturalKey(EntityType type, String naturalKey) {
        return Optional.ofNullable(byKey().get(type).get(naturalKey));
    }

    /** By id, else by name (username for consumers), as Kong resolves {@code /{collection}/{idOrName}}. */
    public Optional<KongEntity> find(EntityType type, String idOrName) {
        if (idOrName == null) {
            return Optional.empty();
        }
        KongEntity e = byId.get(type).get(idOrName);
        if (e == null && type != EntityType.TARGET && type != EntityType.PLUGIN) {
            // Names for upstreams, services and routes; username (or custom_id) for consumers.
            e = byKey().get(type).get(idOrName);
        }
        return Optional.ofNullable(e);
    }

    private Optional<KongEntity> resolve(EntityType type, Ref ref) {
        if (ref == null) {
            return Optional.empty();
        }
        return ref.id() != null ? byId(type, ref.id()) : find(type, ref.name());
    }

    /** The id a reference points at: its own id, or the id of the entity its name resolves to here. */
    private String refId(EntityType type, Ref ref) {
        if (ref == null) {
            return "";
        }
        if (ref.id() != null) {
            return ref.id();
        }
        return find(type, ref.name()).map(KongEntity::id).orElse("name:" + ref.name());
    }

    /**
     * The key Kong keeps unique for the entity, with references as ids: name for upstreams, services and
     * routes; username (else custom_id) for consumers; upstream + {@code host:port} for targets; instance name,
     * else plugin name + service + route + consumer for plugins (kong/db/schema/entities/plugins.lua
     * {@code cache_key}).
     */
    public String naturalKey(KongEntity e) {
        if (e instanceof Target t) {
            return refId(EntityType.UPSTREAM, t.upstream()) + "|" + t.target();
        }
        if (e instanceof Plugin p) {
            if (p.instanceName() != null) {
                return "instance:" + p.instanceName();
            }
            return p.name() + "|" + refId(EntityType.SERVICE, p.service()) + "|" + refId(EntityType.ROUTE, p.route())
                    + "|" + refId(EntityType.CONSUMER, p.consumer());
        }
        String key = e.key();
        return key != null ? key : "";
    }

    /** A short human-readable key: the name, {@code upstream/host:port}, or {@code plugin@scope}. */
    public String displayKey(KongEntity e) {
        if (e instanceof Target t) {
            String upstream = resolve(EntityType.UPSTREAM, t.upstream()).map(KongEntity::key)
                    .orElse(t.upstream() == null ? "?" : t.upstream().id() != null ? t.upstream().id() : t.upstream().name());
            return upstream + "/" + t.target();
        }
        if (e instanceof Plugin p) {
            if (p.instanceName() != null) {
                return p.instanceName();
            }
            String scope;
            if (p.route() != null) {
                scope = "route " + resolve(EntityType.ROUTE, p.route()).map(KongEntity::key).orElse(refText(p.route()));
            } else if (p.service() != null) {
                scope = "service " + resolve(EntityType.SERVICE, p.service()).map(KongEntity::key).orElse(refText(p.service()));
            } else if (p.consumer() != null) {
                scope = "consumer " + resolve(EntityType.CONSUMER, p.consumer()).map(KongEntity::key).orElse(refText(p.consumer()));
            } else {
                scope = "global";
            }
            return p.name() + "@" + scope;
        }
        return e.key();
    }

    private static String refText(Ref r) {
        return r.id() != null ? r.id() : r.name();
    }

    /** The entities of this state that {@code e} depends on (see the class comment). */
    public List<KongEntity> parents(KongEntity e) {
        List<KongEntity> out = new ArrayList<>(2);
        if (e instanceof Target t) {
            resolve(EntityType.UPSTREAM, t.upstream()).ifPresent(out::add);
        } else if (e instanceof Route r) {
            resolve(EntityType.SERVICE, r.service()).ifPresent(out::add);
        } else if (e instanceof Service s) {
            // Not a foreign key in Kong, but a service whose host names an upstream sends its traffic there:
            // write the upstream (and its targets' parent) first, and never create the service without it.
            if (s.host() != null) {
                Optional.ofNullable(byKey().get(EntityType.UPSTREAM).get(s.host())).ifPresent(out::add);
            }
        } else if (e instanceof Plugin p) {
            resolve(EntityType.SERVICE, p.service()).ifPresent(out::add);
            resolve(EntityType.ROUTE, p.route()).ifPresent(out::add);
            resolve(EntityType.CONSUMER, p.consumer()).ifPresent(out::add);
            anonymousConsumer(p).flatMap(a -> find(EntityType.CONSUMER, a))
                    .filter(c -> !out.contains(c)).ifPresent(out::add);
        }
        return out;
    }

    /** {@code config.anonymous} of auth plugins: a consumer id or username. */
    public static Optional<String> anonymousConsumer(Plugin p) {
        if (p.config() != null && p.config().get("anonymous") instanceof String s && !s.isEmpty()) {
            return Optional.of(s);
        }
        return Optional.empty();
    }

    /** The entities of this state that depend on {@code e} directly. */
    public List<KongEntity> children(KongEntity e) {
        if (children == null) {
            Map<String, List<KongEntity>> m = new HashMap<>();
            state.all().forEach(c -> parents(c).forEach(p -> m.computeIfAbsent(identity(p), k -> new ArrayList<>()).add(c)));
            children = m;
        }
        return children.getOrDefault(identity(e), List.of());
    }

    /** A key unique across types: the type and the id (or natural key when the id is unknown). */
    public String identity(KongEntity e) {
        return e.type() + ":" + (e.id() != null ? e.id() : naturalKey(e));
    }
}
