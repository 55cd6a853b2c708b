package io.catalogsync.kong.entity;

import java.util.ArrayList;
import java.util.List;
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
        private final List<Upstream> upstreams = new ArrayList<>();
        private final List<Target> targets = new ArrayList<>();
        private final List<Service> services = new ArrayList<>();
        private final List<Route> routes = new ArrayList<>();
        private final List<Consumer> consumers = new ArrayList<>();
        private final List<Plugin> plugins = new ArrayList<>();

        public Builder add(KongEntity e) {
            if (e instanceof Upstream u) {
                upstreams.add(u);
            } else if (e instanceof Target t) {
                targets.add(t);
            } else if (e instanceof Service s) {
                services.add(s);
            } else if (e instanceof Route r) {
                routes.add(r);
            } else if (e instanceof Consumer c) {
                consumers.add(c);
            } else if (e instanceof Plugin p) {
                plugins.add(p);
            }
            return this;
        }

        public Builder addAll(Iterable<? extends KongEntity> es) {
            es.forEach(this::add);
            return this;
        }

        public KongState build() {
            return new KongState(upstreams, targets, services, routes, consumers, plugins);
        }
    }
}
