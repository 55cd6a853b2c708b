package io.catalogsync.catalog.translate;

import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The Kong Services and Routes of one catalog service. A route points at a Kong Service whose host is the upstream
 * of exactly the endpoints that serve the route ({@link TargetSets}), so there is one Kong Service per (upstream
 * base path, upstream): Kong can only forward "service path + what follows the matched route path" (see
 * {@link PathMapping}) and balances over every target of the service's upstream. One Route per public path and
 * target set; endpoints that differ only in host/port are replicas behind the same upstream and share a route.
 *
 * <p>Names: the Kong Service is {@code <service>} when the catalog service needs only one, else
 * {@code <service>~<path-slug>} (without stripping: {@code <service>~<upstream label>}); a route is
 * {@code <service>~<path-slug>}. Neither depends on methods: adding a method to an endpoint updates its route in
 * place (same name, same id). Names that would coincide get {@code ~<8 hex>} of their exact key (for two routes of
 * one path that go to different target sets, that key includes the catalog's method lists of the route).
 */
final class RoutingBuilder {

    record Routing(List<Service> services, List<Route> routes) {
    }

    private RoutingBuilder() {
    }

    static Routing build(ServiceSpec s, TargetSets.Layout layout, Owner owner) {
        // With an empty prefix the public path already is the endpoint path: nothing to strip, and one Kong
        // Service (no path) per upstream.
        boolean strip = s.route().stripPath() && !s.route().prefix().isEmpty();
        // Key: service path ("" when not stripping) + "\n" + upstream name.
        TreeMap<String, List<TargetSets.RouteUnit>> groups = new TreeMap<>();
        for (TargetSets.RouteUnit r : layout.routes()) {
            String key = (strip ? r.path().basePath() : "") + "\n" + r.set().upstreamName();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        Map<String, String> serviceNames = groups.size() == 1
                ? Map.of(groups.firstKey(), s.name())
                : uniqueNames(groups.keySet(), k -> s.name() + Names.SEPARATOR + (strip
                        ? Names.slug(groups.get(k).get(0).path().basePath())
                        : upstreamLabel(s.name(), groups.get(k).get(0).set().upstreamName())), k -> k);

        Map<String, Integer> unitsPerPath = new HashMap<>();
        for (TargetSets.RouteUnit r : layout.routes()) {
            unitsPerPath.merge(r.pathKey(), 1, Integer::sum);
        }
        // By identity: a RouteUnit's record hashCode walks its endpoint and whole target set.
        Map<TargetSets.RouteUnit, String> routeKeys = new java.util.IdentityHashMap<>();
        for (TargetSets.RouteUnit r : layout.routes()) {
            routeKeys.put(r, unitsPerPath.get(r.pathKey()) == 1 ? r.pathKey()
                    : r.pathKey() + " " + r.methodGroups());
        }
        Map<String, String> routeNames = uniqueNames(routeKeys.values(),
                k -> s.name() + Names.SEPARATOR + Names.slug(k.substring(k.indexOf(' ') + 1).split(" ")[0]),
                k -> k);

        List<String> tags = owner.tags(s.name()); // immutable: shared by the service's entities
        List<Service> services = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        List<String> routeProtocols = s.protocol().equals("https") ? List.of("https") : List.of("http", "https");
        // The masking hook restores tokens chunk by chunk; Kong buffers whole responses by default, which would
        // hold an SSE stream ("stream": true) until it ends. Null leaves Kong's default (true) for other routes.
        Boolean responseBuffering = s.masking() != null ? Boolean.FALSE : null;
        for (Map.Entry<String, List<TargetSets.RouteUnit>> g : groups.entrySet()) {
            String serviceName = serviceNames.get(g.getKey());
            String serviceId = owner.id(EntityType.SERVICE, serviceName);
            TargetSets.RouteUnit first = g.getValue().get(0);
            int port = minPort(first.set().serves());
            TimeoutPolicy t = s.timeouts();
            services.add(new Service(serviceId, serviceName, s.protocol(), first.set().upstreamName(), port,
                    strip ? first.path().basePath() : null, t.retries(), t.connectMs(), t.writeMs(), t.readMs(),
                    null, tags, null, null));
            for (TargetSets.RouteUnit r : g.getValue()) {
                String routeName = routeNames.get(routeKeys.get(r));
                List<String> hosts = s.route().hosts().isEmpty() ? null : s.route().hosts();
                routes.add(new Route(owner.id(EntityType.ROUTE, routeName), routeName, routeProtocols,
                        r.methods().isEmpty() ? null : r.methods(), hosts,
                        List.of(PathMapping.routePath(s.route().prefix(), r.path())), null, strip, null, null, null,
                        null, null, responseBuffering, Ref.id(serviceId), tags, null, null));
            }
        }
        return new Routing(services, routes);
    }

    /** The smallest port of {@code endpoints} (not empty). */
    private static int minPort(List<EndpointSpec> endpoints) {
        int min = Integer.MAX_VALUE;
        for (EndpointSpec e : endpoints) {
            min = Math.min(min, e.port());
        }
        if (endpoints.isEmpty()) {
            throw new java.util.NoSuchElementException("no endpoint");
        }
        return min;
    }

    /** The part of an upstream name after {@code <service>.upstream.}, or {@code upstream} for the only one. */
    private static String upstreamLabel(String service, String upstreamName) {
        String base = Names.upstreamName(service);
        return upstreamName.length() > base.length() ? upstreamName.substring(base.length() + 1) : "upstream";
    }

    /**
     * Readable names for {@code keys}; names that would coincide get {@code ~<hash of their key>}. Depends only on
     * the set of keys.
     */
    private static Map<String, String> uniqueNames(Iterable<String> keys, Function<String, String> readable,
                                                   Function<String, String> exactKey) {
        // Each readable name computed once (slugs split and rebuild the path), then counted.
        Map<String, String> readableOf = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (String k : keys) {
            String name = readable.apply(k);
            readableOf.put(k, name);
            counts.merge(name, 1, Integer::sum);
        }
        Map<String, String> out = new HashMap<>();
        for (String k : keys) {
            String name = readableOf.get(k);
            out.put(k, counts.get(name) > 1 ? name + Names.SEPARATOR + Names.shortHash(exactKey.apply(k)) : name);
        }
        return out;
    }
}
