package io.catalogsync.catalog.translate;

import static io.catalogsync.catalog.translate.Fixtures.OPTIONS;
import static io.catalogsync.catalog.translate.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.Endpoint;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Names and ids: deterministic, valid for Kong, unique, and independent of catalog order. */
class NamingAndStabilityTest {

    // kong/db/schema/typedefs.lua validate_name
    private static final Pattern KONG_NAME = Pattern.compile("[A-Za-z0-9.\\-_~]+");
    private static final String[] LABELS = {"a", "b", "a-b", "b-c", "c", "api", "v1", "x_y", "a.b"};
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};

    @Test
    void namesForATypicalService() {
        CatalogService s = new CatalogService("orders", "v1", List.of(
                new Endpoint("http", "orders-1.internal", 8080, "/api/v1/*", List.of("POST", "GET")),
                new Endpoint("http", "orders-2.internal", 8080, "/api/v1/*", List.of("GET", "POST")),
                new Endpoint("http", "orders-1.internal", 9090, "/health", List.of())), Map.of());
        KongState d = Translator.translate(List.of(s), OPTIONS).desired();
        // /api/v1 and /health are served by different backends: one upstream each, labelled by their paths
        assertThat(d.upstreams()).extracting(KongEntity::key)
                .containsExactly("orders.upstream.api-v1", "orders.upstream.health");
        assertThat(d.targets()).extracting(KongEntity::key)
                .containsExactly("orders-1.internal:8080", "orders-2.internal:8080", "orders-1.internal:9090");
        assertThat(d.upstreams().get(0).hostHeader()).isNull();
        assertThat(d.upstreams().get(1).hostHeader()).isEqualTo("orders-1.internal");
        assertThat(d.services()).extracting(Service::name, Service::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("orders~api.v1", "/api/v1/"),
                        org.assertj.core.groups.Tuple.tuple("orders~health", "/health"));
        assertThat(d.routes()).extracting(Route::name, r -> r.paths().get(0))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("orders~api.v1", "/orders/api/v1/"),
                        org.assertj.core.groups.Tuple.tuple("orders~health", "~/orders/health$"));
        assertThat(d.routes().get(1).service().id()).isEqualTo(d.services().get(1).id());
    }

    @Test
    void idsAreNameBasedUuidsOfOwnerTypeAndKey() {
        KongState d = Translator.translate(List.of(Fixtures.orders()), OPTIONS).desired();
        assertThat(d.services().get(0).id()).isEqualTo(java.util.UUID.nameUUIDFromBytes(
                "managed-by:kong-catalog-sync\nservices\norders".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString());
        KongState other = Translator.translate(List.of(Fixtures.orders()), OPTIONS.withOwnerTag("managed-by:other"))
                .desired();
        assertThat(other.services().get(0).id()).isNotEqualTo(d.services().get(0).id());
        assertThat(other.services().get(0).tags()).containsExactly("managed-by:other", "catalog-service:orders");
    }

    @Test
    void lossySlugsGetAHashOnlyWhenTheyCollide() {
        CatalogService s = new CatalogService("shop", "v1", List.of(
                new Endpoint("http", "h", 80, "/api/v1/*", List.of()),
                new Endpoint("http", "h", 80, "/api/v1", List.of()),
                new Endpoint("http", "h", 80, "/api.v1", List.of()),
                new Endpoint("http", "h", 80, "/cart", List.of())), Map.of());
        KongState d = Translator.translate(List.of(s), OPTIONS).desired();
        List<String> routeNames = d.routes().stream().map(Route::name).toList();
        assertThat(routeNames).contains("shop~cart").hasSize(4).doesNotHaveDuplicates();
        assertThat(routeNames.stream().filter(n -> n.startsWith("shop~api.v1~"))).hasSize(3)
                .allMatch(n -> n.matches("shop~api\\.v1~[0-9a-f]{8}"));
        assertThat(d.services()).extracting(Service::name).contains("shop~cart").doesNotHaveDuplicates();
    }

    @Test
    void reorderingServicesAndEndpointsChangesNothing() {
        Random random = new Random(42);
        List<CatalogService> catalog = randomCatalog(random, 40);
        TranslateOptions options = OPTIONS.withKongRedis(KongRedis.of("redis.kong", 6379));
        Translation first = Translator.translate(catalog, options);
        assertThat(first.desired().size()).isGreaterThan(200);
        String json = Fixtures.json(first.desired()).toString();
        for (int round = 0; round < 20; round++) {
            List<CatalogService> shuffled = new ArrayList<>();
            for (CatalogService s : catalog) {
                List<Endpoint> eps = new ArrayList<>(s.endpoints());
                Collections.shuffle(eps, random);
                List<Endpoint> reordered = new ArrayList<>();
                for (Endpoint e : eps) {
                    List<String> methods = new ArrayList<>(e.methods());
                    Collections.shuffle(methods, random);
                    reordered.add(new Endpoint(e.protocol(), e.host(), e.port(), e.path(), methods));
                }
                shuffled.add(new CatalogService(s.name(), s.version(), reordered, s.metadata()));
            }
            Collections.shuffle(shuffled, random);
            Translation again = Translator.translate(shuffled, options);
            assertThat(again.desired()).isEqualTo(first.desired());
            assertThat(Fixtures.json(again.desired()).toString()).isEqualTo(json);
            assertThat(again.validServices()).isEqualTo(first.validServices());
        }
    }

    @Test
    void namesAndIdsAreUniqueValidAndFreeOfCollisionsAcrossServices() {
        Random random = new Random(7);
        for (int round = 0; round < 30; round++) {
            List<CatalogService> catalog = randomCatalog(random, 60);
            Translation t = Translator.translate(catalog, OPTIONS);
            KongState d = t.desired();
            assertThat(t.validServices()).hasSizeGreaterThan(30);
            assertUnique(d.upstreams(), "upstream");
            assertUnique(d.targets(), "target");
            assertUnique(d.services(), "service");
            assertUnique(d.routes(), "route");
            assertUnique(d.plugins(), "plugin");
            assertThat(d.all().map(KongEntity::id).collect(Collectors.toSet())).hasSize(d.size());
            assertThat(d.services()).allSatisfy(s -> assertThat(s.name()).matches(KONG_NAME));
            assertThat(d.routes()).allSatisfy(r -> assertThat(r.name()).matches(KONG_NAME));
            // Every route name starts with its own catalog service name and the separator.
            assertThat(d.routes()).allSatisfy(r -> assertThat(r.name())
                    .startsWith(Names.serviceOfTag(r.tags().get(1)) + Names.SEPARATOR));
            // Target keys are unique per upstream (Kong's unique key is upstream + target).
            Set<String> targets = new HashSet<>();
            d.targets().forEach(x -> assertThat(targets.add(x.upstream().id() + x.target())).isTrue());
        }
    }

    @Test
    void separatorKeepsLookAlikeServicesApart() {
        List<CatalogService> catalog = List.of(
                new CatalogService("a-b", "v1", List.of(new Endpoint("http", "h", 80, "/c", List.of())), Map.of()),
                new CatalogService("a", "v1", List.of(new Endpoint("http", "h", 80, "/b-c", List.of())), Map.of()),
                new CatalogService("a.b", "v1", List.of(new Endpoint("http", "h", 80, "/c", List.of())), Map.of()));
        KongState d = Translator.translate(catalog, OPTIONS).desired();
        assertThat(d.routes()).extracting(Route::name).containsExactly("a-b~c", "a.b~c", "a~b-c");
        assertUnique(d.routes(), "route");
    }

    private static void assertUnique(List<? extends KongEntity> entities, String what) {
        Set<String> ids = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (KongEntity e : entities) {
            assertThat(ids.add(e.id())).as("duplicate %s id %s", what, e.id()).isTrue();
            if (!(e instanceof io.catalogsync.kong.entity.Target) && !(e instanceof io.catalogsync.kong.entity.Plugin)) {
                assertThat(keys.add(e.key())).as("duplicate %s name %s", what, e.key()).isTrue();
            }
        }
    }

    /** Services named from a small label set joined by '-' and '.', with overlapping endpoints. */
    static List<CatalogService> randomCatalog(Random random, int count) {
        Map<String, CatalogService> byName = new java.util.TreeMap<>();
        while (byName.size() < count) {
            String name = label(random) + (random.nextBoolean() ? "-" : ".") + label(random)
                    + (random.nextInt(3) == 0 ? "-" + label(random) : "");
            if (!Names.isValidServiceName(name)) {
                continue;
            }
            List<Endpoint> eps = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            int n = 1 + random.nextInt(5);
            for (int i = 0; i < n; i++) {
                String path = "/" + label(random) + (random.nextBoolean() ? "/" + label(random) : "")
                        + (random.nextBoolean() ? "/*" : "");
                List<String> methods = new ArrayList<>();
                for (String m : METHODS) {
                    if (random.nextInt(3) == 0) {
                        methods.add(m);
                    }
                }
                String host = "host" + random.nextInt(3) + ".internal";
                int port = 8080 + random.nextInt(2);
                if (seen.add(host + port + path + new java.util.TreeSet<>(methods))) {
                    eps.add(new Endpoint("http", host, port, path, methods));
                }
            }
            Map<String, String> md = random.nextBoolean() ? map("rateLimit.minute", "100", "auth.type", "jwt")
                    : map("cors.enabled", "true", "masking.enabled", "true", "route.stripPath",
                            random.nextBoolean() ? "true" : "false");
            byName.put(name, new CatalogService(name, "v1", eps, md));
        }
        return new ArrayList<>(byName.values());
    }

    private static String label(Random random) {
        return LABELS[random.nextInt(LABELS.length)];
    }
}
