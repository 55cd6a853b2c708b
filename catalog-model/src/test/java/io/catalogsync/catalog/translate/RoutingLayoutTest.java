package io.catalogsync.catalog.translate;

import static io.catalogsync.catalog.translate.Fixtures.OPTIONS;
import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.Endpoint;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A route reaches exactly the endpoints that serve it: Kong balances over every target of the upstream its
 * service names and ignores the service port, so the upstream must hold those endpoints and no other.
 */
class RoutingLayoutTest {

    // kong/tools/ip.lua check_hostname: letters, digits, - . _; no segment ending in '-'; no empty inner segment
    private static final Pattern KONG_HOSTNAME = Pattern.compile("[0-9A-Za-z._-]+");

    @Test
    void ordersApiTrafficNeverReachesTheStatusPortAndOnlyTheStatusPortIsProbed() throws IOException {
        List<CatalogService> catalog = ExampleCatalogTest.example();
        KongState d = Translator.translate(catalog, OPTIONS).desired();
        assertThat(reachable(d, "orders~api.v1")).containsExactlyInAnyOrder(
                "orders-0.orders.shop.svc.cluster.local:8080", "orders-1.orders.shop.svc.cluster.local:8080");
        assertThat(reachable(d, "orders~status")).containsExactly("orders-0.orders.shop.svc.cluster.local:8081");
        Upstream api = upstreamOf(d, "orders~api.v1");
        Upstream status = upstreamOf(d, "orders~status");
        // healthcheck.path /status is served by :8081 only: probing :8080 for it would mark the API unhealthy
        assertThat(status.healthchecks()).containsKey("active").containsKey("passive");
        assertThat(api.healthchecks()).doesNotContainKey("active").containsKey("passive");
    }

    @Test
    void aHealthPathNoEndpointServesIsProbedOnEveryUpstream() {
        CatalogService s = new CatalogService("svc", "v1", List.of(
                new Endpoint("http", "a", 80, "/api/*", List.of()),
                new Endpoint("http", "b", 81, "/admin/*", List.of())), Map.of("healthcheck.path", "/healthz"));
        KongState d = Translator.translate(List.of(s), OPTIONS).desired();
        assertThat(d.upstreams()).hasSize(2).allSatisfy(u -> assertThat(u.healthchecks()).containsKey("active"));
    }

    @Test
    void addingAMethodUpdatesTheRouteInPlace() {
        CatalogService before = Fixtures.service("orders", Map.of(), Fixtures.endpoint("/api/*", "GET"));
        CatalogService after = Fixtures.service("orders", Map.of(), Fixtures.endpoint("/api/*", "GET", "DELETE"));
        Route r1 = Translator.translate(List.of(before), OPTIONS).desired().routes().get(0);
        Route r2 = Translator.translate(List.of(after), OPTIONS).desired().routes().get(0);
        assertThat(r2.name()).isEqualTo(r1.name()).isEqualTo("orders~api");
        assertThat(r2.id()).isEqualTo(r1.id());
        assertThat(r2.methods()).containsExactly("DELETE", "GET");
    }

    @Test
    void endpointsOfOnePathWithTheSameBackendsShareOneRoute() {
        CatalogService s = Fixtures.service("orders", Map.of(), Fixtures.endpoint("/api/*", "GET"),
                Fixtures.endpoint("/api/*", "POST"));
        KongState d = Translator.translate(List.of(s), OPTIONS).desired();
        assertThat(d.routes()).singleElement().satisfies(r -> assertThat(r.methods()).containsExactly("GET", "POST"));
    }

    @Test
    void ipv6TargetsAreWrittenAsKongStoresThem() {
        CatalogService s = new CatalogService("v6", "v1", List.of(
                new Endpoint("http", "fd00:10:40::22", 8443, "/v6/*", List.of()),
                new Endpoint("http", "010.040.001.021", 8443, "/v6/*", List.of())), Map.of());
        KongState d = Translator.translate(List.of(s), OPTIONS).desired();
        assertThat(d.targets()).extracting(Target::target).containsExactly("10.40.1.21:8443",
                "[fd00:0010:0040:0000:0000:0000:0000:0022]:8443");
    }

    /**
     * Generated services, some with IPv6 hosts: for every path and method of the catalog, each route Kong may pick
     * for the request (a route of that path listing the method, else one of that path without methods) reaches
     * only targets whose endpoint serves that path and method, and at least one.
     */
    @Test
    void everyRequestReachesOnlyEndpointsServingIt() {
        Random random = new Random(11);
        List<String> methods = List.of("GET", "POST", "PUT", "DELETE", "PATCH");
        for (int round = 0; round < 40; round++) {
            List<CatalogService> catalog = withSomeIpv6(NamingAndStabilityTest.randomCatalog(random, 30), random);
            Translation t = Translator.translate(catalog, OPTIONS);
            KongState d = t.desired();
            for (CatalogService s : catalog) {
                if (!t.validServices().contains(s.name())) {
                    continue;
                }
                List<Route> own = d.routes().stream()
                        .filter(r -> r.tags().contains(Names.catalogServiceTag(s.name()))).toList();
                for (String path : s.endpoints().stream().map(Endpoint::path).collect(Collectors.toSet())) {
                    String routePath = routePath(s, path);
                    for (String m : methods) {
                        Set<String> serving = new TreeSet<>();
                        for (Endpoint e : s.endpoints()) {
                            if (e.path().equals(path) && (e.methods().isEmpty() || e.methods().contains(m))) {
                                serving.add(Hosts.target(e.host(), e.port()));
                            }
                        }
                        List<Route> candidates = own.stream().filter(r -> r.paths().get(0).equals(routePath)
                                && r.methods() != null && r.methods().contains(m)).toList();
                        if (candidates.isEmpty()) {
                            candidates = own.stream().filter(r -> r.paths().get(0).equals(routePath)
                                    && r.methods() == null).toList();
                        }
                        if (serving.isEmpty()) {
                            assertThat(candidates).as("%s %s of %s", m, path, s).isEmpty();
                            continue;
                        }
                        assertThat(candidates).as("%s %s of %s", m, path, s).isNotEmpty();
                        for (Route r : candidates) {
                            assertThat(reachable(d, r.name())).as("%s %s via %s of %s", m, path, r.name(), s)
                                    .isNotEmpty().isSubsetOf(serving);
                        }
                    }
                }
            }
            for (Upstream u : d.upstreams()) {
                assertThat(u.name()).matches(KONG_HOSTNAME);
                for (String seg : u.name().split("\\.")) {
                    assertThat(seg).isNotEmpty().doesNotEndWith("-");
                }
            }
            assertThat(d.upstreams().stream().map(Upstream::name).collect(Collectors.toSet()))
                    .hasSize(d.upstreams().size());
        }
    }

    private static String routePath(CatalogService s, String path) {
        String prefix = s.metadata().getOrDefault("route.prefix", "/" + s.name());
        return path.endsWith("/*") ? prefix + path.substring(0, path.length() - 1)
                : "~" + PathMapping.regexQuote(prefix + path) + "$";
    }

    private static List<CatalogService> withSomeIpv6(List<CatalogService> catalog, Random random) {
        List<CatalogService> out = new ArrayList<>();
        for (CatalogService s : catalog) {
            List<Endpoint> eps = new ArrayList<>();
            for (Endpoint e : s.endpoints()) {
                String host = e.host();
                if (random.nextInt(4) == 0) {
                    host = "fd00:" + Integer.toHexString(random.nextInt(3)) + "::" + Integer.toHexString(e.port());
                }
                eps.add(new Endpoint(e.protocol(), host, e.port(), e.path(), e.methods()));
            }
            out.add(new CatalogService(s.name(), s.version(), eps, s.metadata()));
        }
        return out;
    }

    static Upstream upstreamOf(KongState d, String routeName) {
        Route r = d.routes().stream().filter(x -> x.name().equals(routeName)).findFirst().orElseThrow();
        Service s = d.services().stream().filter(x -> x.id().equals(r.service().id())).findFirst().orElseThrow();
        return d.upstreams().stream().filter(u -> u.name().equals(s.host())).findFirst().orElseThrow();
    }

    /** The {@code host:port} Kong may send a request of route {@code routeName} to. */
    static List<String> reachable(KongState d, String routeName) {
        Upstream u = upstreamOf(d, routeName);
        return d.targets().stream().filter(t -> t.upstream().id().equals(u.id())).map(Target::target).toList();
    }
}
