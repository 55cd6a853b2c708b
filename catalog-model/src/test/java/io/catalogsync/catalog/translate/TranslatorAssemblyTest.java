package io.catalogsync.catalog.translate;

import static io.catalogsync.catalog.translate.Fixtures.OPTIONS;
import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.Endpoint;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Upstream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The translation of a catalog assembles each service's part the way adding every entity to one state and then
 * sorting upstreams, services and routes by name would: checked against exactly that, built from each service
 * translated on its own. Names are drawn so that one service's name is often a prefix of another's ({@code a},
 * {@code a-b}: {@code a-b.upstream} sorts before {@code a.upstream}), where the services' order is not the names'.
 */
class TranslatorAssemblyTest {

    private static final String[] NAMES = {"a", "a-b", "a-b-c", "a.b", "a0", "ab", "a_b", "b", "b-a", "ba", "b.a",
            "z", "a-a", "orders", "orders-v2", "orders.v2", "pay"};

    @Test
    void assembledStateEqualsEveryEntityAddedThenSortedByName() {
        Random random = new Random(7);
        int prefixPairs = 0;
        int runs = 0;
        for (int run = 0; run < 300; run++) {
            List<CatalogService> catalog = catalog(random);
            Translation t = Translator.translate(catalog, OPTIONS);
            assertThat(t.desired()).as("run %d: %s", run, names(catalog)).isEqualTo(reference(catalog));
            prefixPairs += hasPrefixPair(t.validServices()) ? 1 : 0;
            runs++;
        }
        // both ways of assembling were exercised: with and without a name that is a prefix of another
        assertThat(prefixPairs).isBetween(30, runs - 30);
    }

    @Test
    void aServiceNamedAfterAPrefixOfAnotherStillGivesNameOrder() {
        List<CatalogService> catalog = List.of(service("a-b", 1, 0), service("a", 1, 1), service("b", 2, 2));
        KongState s = Translator.translate(catalog, OPTIONS).desired();
        assertThat(s.upstreams()).extracting(Upstream::name).isSortedAccordingTo(Comparator.naturalOrder())
                .startsWith("a-b.upstream");
        assertThat(s).isEqualTo(reference(catalog));
    }

    /** Every valid service's own translation, parts in name order, named types then sorted by name (stable). */
    private static KongState reference(List<CatalogService> catalog) {
        List<CatalogService> byName = new ArrayList<>(catalog);
        byName.sort(Comparator.comparing(CatalogService::name));
        KongState.Builder b = KongState.builder();
        for (CatalogService s : byName) {
            KongState own = Translator.translate(List.of(s), OPTIONS).desired();
            // in build order, as the translation adds one service's entities
            b.addAll(own.upstreams()).addAll(own.targets()).addAll(own.services()).addAll(own.routes())
                    .addAll(own.plugins());
        }
        KongState all = b.build();
        // the shared anonymous consumer is decided over the whole catalog
        KongState full = Translator.translate(catalog, OPTIONS).desired();
        return new KongState(sorted(all.upstreams(), Upstream::name), all.targets(),
                sorted(all.services(), Service::name), sorted(all.routes(), Route::name), full.consumers(),
                all.plugins());
    }

    private static <T extends KongEntity> List<T> sorted(List<T> list, Function<T, String> name) {
        List<T> out = new ArrayList<>(list);
        out.sort(Comparator.comparing(name));
        return out;
    }

    private static boolean hasPrefixPair(Set<String> names) {
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(Comparator.naturalOrder());
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).startsWith(sorted.get(i - 1))) {
                return true;
            }
        }
        return false;
    }

    private static List<CatalogService> catalog(Random random) {
        List<CatalogService> out = new ArrayList<>();
        Set<String> used = new HashSet<>();
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            String name = NAMES[random.nextInt(NAMES.length)];
            if (used.add(name)) {
                out.add(service(name, 1 + random.nextInt(3), random.nextInt(100)));
            }
        }
        return out;
    }

    /** {@code endpoints} endpoints on different hosts and paths: several upstreams, Kong Services and routes. */
    private static CatalogService service(String name, int endpoints, int seed) {
        List<Endpoint> eps = new ArrayList<>();
        for (int e = 0; e < endpoints; e++) {
            eps.add(new Endpoint("http", name.replace('_', '-').replace('.', '-') + "-" + e + ".svc", 8080 + e,
                    e == 0 ? "/api/*" : "/v" + e + "/*", List.of("GET")));
        }
        Map<String, String> md = new LinkedHashMap<>();
        if (seed % 3 == 0) {
            md.put("rateLimit.minute", "10");
        }
        if (seed % 4 == 1) {
            md.put("auth.type", "key-auth");
            md.put("auth.required", "false");
        }
        return new CatalogService(name, "v1", eps, md);
    }

    private static List<String> names(List<CatalogService> catalog) {
        return catalog.stream().map(CatalogService::name).toList();
    }
}
