package io.catalogsync.kong.entity;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A set of Kong entities: what the catalog asks for (desired) or what Kong holds (actual). Immutable.
 */
public record KongState(
        List<Upstream> upstreams,
        List<Target> targets,
        List<Service> services,
        List<Route> routes,
        List<Consumer> consumers,
        List<Plugin> plugins) {

    public static final KongState EMPTY = new KongState(List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of());

    public KongState {
        upstreams = List.copyOf(upstreams);
        targets = List.copyOf(targets);
        services = List.copyOf(services);
        routes = List.copyOf(routes);
        consumers = List.copyOf(consumers);
        plugins = List.copyOf(plugins);
    }

    /** Every entity, parents before children. */
    public Stream<KongEntity> all() {
        return Stream.of(upstreams, targets, services, routes, consumers, plugins).flatMap(List::stream);
    }

    public int size() {
        return upstreams.size() + targets.size() + services.size() + routes.size() + consumers.size() + plugins.size();
    }

    /** A builder for code that collects entities one at a time (translation, dumps). */
    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        /** One list per type; each entity's {@link KongEntity#type()} is its record class, so the casts in build hold. */
        private final Map<EntityType, List<KongEntity>> byType = new EnumMap<>(EntityType.class);

        public Builder() {
            for (EntityType t : EntityType.values()) {
                byType.put(t, new ArrayList<>());
            }
        }

        public Builder add(KongEntity e) {
            if (e != null) {
                byType.get(e.type()).add(e);
            }
            return this;
        }

        public Builder addAll(Iterable<? extends KongEntity> es) {
            es.forEach(this::add);
            return this;
        }

        public KongState build() {
            return new KongState(list(EntityType.UPSTREAM), list(EntityType.TARGET), list(EntityType.SERVICE),
                    list(EntityType.ROUTE), list(EntityType.CONSUMER), list(EntityType.PLUGIN));
        }

        @SuppressWarnings("unchecked")
        private <T extends KongEntity> List<T> list(EntityType type) {
            return (List<T>) (List<?>) byType.get(type);
        }
    }
}
