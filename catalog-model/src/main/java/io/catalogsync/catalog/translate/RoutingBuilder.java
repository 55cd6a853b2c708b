package io.catalogsync.catalog.translate;

import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The Kong Services and Routes of one catalog service: one Kong Service per upstream base path (see
 * {@link PathMapping} for why), one Route per distinct (path, methods) of its endpoints. Endpoints that differ only
 * in host/port are replicas behind the same upstream and share a route.
 */
final class RoutingBuilder {

    record Routing(List<Service> services, List<Route> routes) {
    }

    private RoutingBuilder() {
    }

    static Routing build(ServiceSpec s, Owner owner) {
        // With an empty prefix the public path already is the endpoint path: nothing to strip, and one Kong
        // Service (no path) serves every endpoint.
        boolean strip = s.route().stripPath() && !s.route().prefix().isEmpty();
        // Key: the service path (null sorts as "" when not stripping: one group).
        TreeMap<String, List<EndpointSpec>> groups = new TreeMap<>();
        for (EndpointSpec e : s.endpoints()) {
            String key = strip ? e.basePath() : "";
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
        }
        Map<String, String> serviceNames = groups.size() == 1
                ? Map.of(groups.firstKey(), s.name())
                : uniqueNames(groups.keySet(), p -> s.name() + Names.SEPARATOR + Names.slug(p), p -> p);

        TreeMap<String, EndpointSpec> routeEndpoints = new TreeMap<>();
        for (EndpointSpec e : s.endpoints()) {
            routeEndpoints.putIfAbsent(e.routeKey(), e);
        }
        Map<String, String> routeNames = uniqueNames(routeEndpoints.keySet(),
                k -> readableRouteName(s.name(), routeEndpoints.get(k)), k -> k);

        List<Service> services = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        List<String> routeProtocols = s.protocol().equals("https") ? List.of("https") : List.of("http", "https");
        for (Map.Entry<String, List<EndpointSpec>> g : groups.entrySet()) {
            String serviceName = serviceNames.get(g.getKey());
            String serviceId = owner.id(EntityType.SERVICE, serviceName);
            int port = g.getValue().stream().mapToInt(EndpointSpec::port).min().orElseThrow();
            TimeoutPolicy t = s.timeouts();
            services.add(new Service(serviceId, serviceName, s.protocol(), Names.upstreamName(s.name()), port,
                    strip ? g.getKey() : null, t.retries(), t.connectMs(), t.writeMs(), t.readMs(), null,
                    owner.tags(s.name()), null, null));
            for (EndpointSpec e : g.getValue()) {
                if (routeEndpoints.get(e.routeKey()) != e) {
                    continue; // a replica of an endpoint already routed
                }
                String routeName = routeNames.get(e.routeKey());
                List<String> hosts = s.route().hosts().isEmpty() ? null : s.route().hosts();
                routes.add(new Route(owner.id(EntityType.ROUTE, routeName), routeName, routeProtocols,
                        e.methods().isEmpty() ? null : e.methods(), hosts,
                        List.of(PathMapping.routePath(s.route().prefix(), e)), null, strip, null, null, null, null,
                        null, null, Ref.id(serviceId), owner.tags(s.name()), null, null));
            }
        }
        return new Routing(services, routes);
    }

    private static String readableRouteName(String service, EndpointSpec e) {
        String name = service + Names.SEPARATOR + Names.slug(e.basePath());
        if (!e.methods().isEmpty()) {
            name += Names.SEPARATOR + String.join("-", e.methods()).toLowerCase(Locale.ROOT);
        }
        return name;
    }

    /**
     * Readable names for {@code keys}; names that would coincide get {@code ~<hash of their key>}. Depends only on
     * the set of keys.
     */
    private static Map<String, String> uniqueNames(Iterable<String> keys, Function<String, String> readable,
                                                   Function<String, String> exactKey) {
        Map<String, Integer> counts = new HashMap<>();
        for (String k : keys) {
            counts.merge(readable.apply(k), 1, Integer::sum);
        }
        Map<String, String> out = new HashMap<>();
        for (String k : keys) {
            String name = readable.apply(k);
            out.put(k, counts.get(name) > 1 ? name + Names.SEPARATOR + Names.shortHash(exactKey.apply(k)) : name);
        }
        return out;
    }
}
