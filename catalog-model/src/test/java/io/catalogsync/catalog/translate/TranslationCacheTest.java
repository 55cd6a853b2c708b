package io.catalogsync.catalog.translate;

import static io.catalogsync.catalog.translate.Fixtures.OPTIONS;
import static io.catalogsync.catalog.translate.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.Endpoint;
import io.catalogsync.kong.admin.KongVersion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A {@link TranslationCache} reused across cycles gives exactly what a fresh {@link Translator} gives (entities,
 * their order, errors and warnings), whatever changed in between, and does not translate what did not change.
 */
class TranslationCacheTest {

    private static final String[] LABELS = {"a", "b", "orders", "pay", "x_y", "a.b", "v1", "api"};
    /** Metadata entries, valid and not, so that services get errors, warnings and every plugin. */
    private static final String[][] METADATA = {
            {"rateLimit.minute", "100"}, {"rateLimit.minute", "ten"}, {"rateLimit.second", "5"},
            {"rateLimit.policy", "local"}, {"rateLimit.policy", "redis"}, {"rateLimit.policy", "cluster"},
            {"rateLimit.by", "ip"}, {"auth.type", "jwt"}, {"auth.type", "key-auth"}, {"auth.type", "bogus"},
            {"auth.required", "false"}, {"auth.required", "true"}, {"cors.enabled", "true"},
            {"cors.enabled", "maybe"}, {"cors.origins", "*"}, {"cors.maxAge", "60"}, {"masking.enabled", "true"},
            {"masking.profile", "pii"}, {"route.stripPath", "false"}, {"route.prefix", "/p"},
            {"route.hosts", "api.example.com"}, {"healthcheck.path", "/a"}, {"healthcheck.interval", "5"},
            {"loadBalancing.algorithm", "least-connections"}, {"loadBalancing.algorithm", "nope"},
            {"timeout.connect", "1000"}, {"retries", "3"}, {"unknown.key", "x"}, {"other.unknown", "y"}};

    @Test
    void reusedTranslationEqualsAFreshOneAcrossRandomCatalogsAndMutations() {
        Random random = new Random(12);
        int reused = 0;
        int compared = 0;
        for (int run = 0; run < 60; run++) {
            TranslationCache cache = new TranslationCache();
            List<CatalogService> catalog = catalog(random, 5 + random.nextInt(25));
            TranslateOptions options = options(random);
            for (int cycle = 0; cycle < 8; cycle++) {
                Translation cached = cache.translate(catalog, options);
                Translation fresh = Translator.translate(catalog, options);
                assertThat(cached).as("run %d cycle %d", run, cycle).isEqualTo(fresh);
                // equals ignores map order; the JSON Kong would get does not
                assertThat(Fixtures.json(cached.desired())).isEqualTo(Fixtures.json(fresh.desired()));
                assertThat(cached.warnings()).containsExactlyElementsOf(fresh.warnings());
                assertThat(cache.size()).isEqualTo(uniquelyNamed(catalog));
                reused += uniquelyNamed(catalog) - cache.translatedLastCall();
                compared++;
                int mutations = 1 + random.nextInt(3);
                for (int m = 0; m < mutations; m++) {
                    if (random.nextInt(8) == 0) {
                        options = options(random);
                    } else {
                        catalog = mutate(random, catalog);
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(480);
        // the property is about reuse: most services must have come from the cache
        assertThat(reused).isGreaterThan(compared * 5);
    }

    @Test
    void anUnchangedServiceIsNotTranslatedAgain() {
        TranslationCache cache = new TranslationCache();
        List<CatalogService> catalog = catalog(new Random(3), 30);
        int named = uniquelyNamed(catalog);
        assertThat(named).isGreaterThan(20);

        cache.translate(catalog, OPTIONS);
        assertThat(cache.translatedLastCall()).isEqualTo(named);

        // the same values in new objects, as a fresh parse of the catalog gives them, in another order
        List<CatalogService> reparsed = new ArrayList<>();
        for (CatalogService s : catalog) {
            reparsed.add(s == null ? null : new CatalogService(s.name(), s.version(), new ArrayList<>(s.endpoints()),
                    new LinkedHashMap<>(s.metadata())));
        }
        Collections.reverse(reparsed);
        assertThat(cache.translate(reparsed, OPTIONS)).isEqualTo(Translator.translate(reparsed, OPTIONS));
        assertThat(cache.translatedLastCall()).isZero();

        // one changed service is the only one translated again
        int i = firstUniquelyNamed(reparsed);
        CatalogService s = reparsed.get(i);
        reparsed.set(i, new CatalogService(s.name(), "v2", s.endpoints(), s.metadata()));
        cache.translate(reparsed, OPTIONS);
        assertThat(cache.translatedLastCall()).isEqualTo(1);

        // the same keys in another order may warn in another order: translated again
        Map<String, String> reversed = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(List.of("unknown.b", "unknown.a"));
        keys.forEach(k -> reversed.put(k, "x"));
        reparsed.set(i, new CatalogService(s.name(), "v2", s.endpoints(), reversed));
        cache.translate(reparsed, OPTIONS);
        assertThat(cache.translatedLastCall()).isEqualTo(1);
        Collections.reverse(keys);
        Map<String, String> inOrder = new LinkedHashMap<>();
        keys.forEach(k -> inOrder.put(k, "x"));
        reparsed.set(i, new CatalogService(s.name(), "v2", s.endpoints(), inOrder));
        assertThat(cache.translate(reparsed, OPTIONS)).isEqualTo(Translator.translate(reparsed, OPTIONS));
        assertThat(cache.translatedLastCall()).isEqualTo(1);

        // other options: everything again
        TranslateOptions dbless = OPTIONS.withDbless(true);
        cache.translate(reparsed, dbless);
        assertThat(cache.translatedLastCall()).isEqualTo(named);
        cache.translate(reparsed, OPTIONS.withDbless(true));
        assertThat(cache.translatedLastCall()).isZero();
    }

    @Test
    void deletedServicesAreForgotten() {
        TranslationCache cache = new TranslationCache();
        Random random = new Random(5);
        List<CatalogService> catalog = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            catalog.add(new CatalogService("svc-" + i, "v1", endpoints(random), metadata(random)));
        }
        cache.translate(catalog, OPTIONS);
        assertThat(cache.size()).isEqualTo(30);
        List<CatalogService> fewer = new ArrayList<>(catalog.subList(0, 10));
        assertThat(cache.translate(fewer, OPTIONS)).isEqualTo(Translator.translate(fewer, OPTIONS));
        assertThat(cache.translatedLastCall()).isZero();
        assertThat(cache.size()).isEqualTo(10);
        // and they are translated again when they come back
        assertThat(cache.translate(catalog, OPTIONS)).isEqualTo(Translator.translate(catalog, OPTIONS));
        assertThat(cache.translatedLastCall()).isEqualTo(20);
        assertThat(cache.size()).isEqualTo(30);
    }

    private static List<CatalogService> catalog(Random random, int count) {
        List<CatalogService> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(service(random));
        }
        return out;
    }

    private static CatalogService service(Random random) {
        int kind = random.nextInt(40);
        if (kind == 0) {
            return null;
        }
        String name = kind == 1 ? "  " : kind == 2 ? "bad name!" : name(random);
        return new CatalogService(name, "v1", endpoints(random), metadata(random));
    }

    private static String name(Random random) {
        String n = LABELS[random.nextInt(LABELS.length)] + "-" + LABELS[random.nextInt(LABELS.length)];
        // now and then the same name as another service, differing in case or spaces only
        int variant = random.nextInt(12);
        return variant == 0 ? n.toUpperCase(Locale.ROOT) : variant == 1 ? " " + n : n;
    }

    private static List<Endpoint> endpoints(Random random) {
        List<Endpoint> eps = new ArrayList<>();
        int n = random.nextInt(12) == 0 ? 0 : 1 + random.nextInt(4);
        String protocol = random.nextBoolean() ? "http" : "https";
        for (int i = 0; i < n; i++) {
            List<String> methods = new ArrayList<>();
            for (String m : List.of("GET", "POST", "PUT")) {
                if (random.nextInt(3) == 0) {
                    methods.add(m);
                }
            }
            String path = "/" + LABELS[random.nextInt(LABELS.length)] + (random.nextBoolean() ? "/*" : "");
            int port = random.nextInt(30) == 0 ? 70000 : 8080 + random.nextInt(2);
            // a second protocol or a repeated endpoint is an error
            String p = random.nextInt(20) == 0 ? (protocol.equals("http") ? "https" : "http") : protocol;
            eps.add(new Endpoint(p, "host" + random.nextInt(3) + ".internal", port, path, methods));
        }
        return eps;
    }

    private static Map<String, String> metadata(Random random) {
        Map<String, String> md = new LinkedHashMap<>();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
            String[] e = METADATA[random.nextInt(METADATA.length)];
            md.put(e[0], e[1]);
        }
        return md;
    }

    private static TranslateOptions options(Random random) {
        TranslateOptions o = TranslateOptions.defaults();
        if (random.nextBoolean()) {
            o = o.withMaskingHookLua(random.nextBoolean() ? Fixtures.HOOK : Fixtures.HOOK + "-- v2\n");
        }
        if (random.nextBoolean()) {
            o = o.withKongRedis(KongRedis.of("redis.kong", 6379 + random.nextInt(2)));
        }
        if (random.nextInt(4) == 0) {
            o = o.withOwnerTag("managed-by:other");
        }
        if (random.nextInt(4) == 0) {
            o = o.withMaskingUrl("http://masking.internal:8085");
        }
        o = o.withKongVersion(random.nextBoolean() ? new KongVersion(3, 4, 2) : new KongVersion(3, 9, 1));
        return o.withDbless(random.nextInt(3) == 0);
    }

    /** One change between two cycles, as a catalog can change. */
    private static List<CatalogService> mutate(Random random, List<CatalogService> catalog) {
        List<CatalogService> next = new ArrayList<>(catalog);
        int i = next.isEmpty() ? -1 : random.nextInt(next.size());
        CatalogService s = i < 0 ? null : next.get(i);
        switch (random.nextInt(11)) {
            case 0 -> next.add(random.nextInt(next.size() + 1), service(random));
            case 1 -> {
                if (i >= 0) {
                    next.remove(i);
                }
            }
            case 2 -> {
                if (s != null) { // rename, possibly onto another service's name
                    CatalogService other = next.get(random.nextInt(next.size()));
                    String name = random.nextBoolean() || other == null ? name(random) : other.name();
                    next.set(i, new CatalogService(name, s.version(), s.endpoints(), s.metadata()));
                }
            }
            case 3 -> { // swap two services' names
                int j = random.nextInt(next.size());
                CatalogService t = next.get(j);
                if (s != null && t != null) {
                    next.set(i, new CatalogService(t.name(), s.version(), s.endpoints(), s.metadata()));
                    next.set(j, new CatalogService(s.name(), t.version(), t.endpoints(), t.metadata()));
                }
            }
            case 4 -> {
                if (s != null) {
                    next.set(i, new CatalogService(s.name(), s.version(), s.endpoints(), metadata(random)));
                }
            }
            case 5 -> {
                if (s != null) { // one metadata value changed or added
                    Map<String, String> md = new LinkedHashMap<>(s.metadata());
                    String[] e = METADATA[random.nextInt(METADATA.length)];
                    md.put(e[0], e[1]);
                    next.set(i, new CatalogService(s.name(), s.version(), s.endpoints(), md));
                }
            }
            case 6 -> {
                if (s != null) { // the same metadata, keys in another order
                    List<Map.Entry<String, String>> entries = new ArrayList<>(s.metadata().entrySet());
                    Collections.shuffle(entries, random);
                    Map<String, String> md = new LinkedHashMap<>();
                    entries.forEach(e -> md.put(e.getKey(), e.getValue()));
                    next.set(i, new CatalogService(s.name(), s.version(), s.endpoints(), md));
                }
            }
            case 7 -> {
                if (s != null) {
                    next.set(i, new CatalogService(s.name(), s.version(), endpoints(random), s.metadata()));
                }
            }
            case 8 -> Collections.shuffle(next, random);
            case 9 -> {
                if (s != null) { // equal values in a new object, as the next parse of the catalog gives
                    next.set(i, new CatalogService(s.name(), s.version(), new ArrayList<>(s.endpoints()),
                            new LinkedHashMap<>(s.metadata())));
                }
            }
            default -> {
                if (s != null) { // the service with one endpoint's port or methods changed
                    List<Endpoint> eps = new ArrayList<>(s.endpoints());
                    if (!eps.isEmpty()) {
                        int k = random.nextInt(eps.size());
                        Endpoint e = eps.get(k);
                        eps.set(k, random.nextBoolean()
                                ? new Endpoint(e.protocol(), e.host(), e.port() + 1, e.path(), e.methods())
                                : new Endpoint(e.protocol(), e.host(), e.port(), e.path(), List.of("DELETE")));
                    }
                    next.set(i, new CatalogService(s.name(), s.version(), eps, s.metadata()));
                }
            }
        }
        return next;
    }

    /** Services the cache keeps: named, by a name no other service uses (case and spaces aside). */
    private static int uniquelyNamed(List<CatalogService> catalog) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (CatalogService s : catalog) {
            if (s != null && s.name() != null && !s.name().isBlank()) {
                counts.merge(s.name().trim().toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
        }
        Set<String> once = new HashSet<>();
        counts.forEach((k, v) -> {
            if (v == 1) {
                once.add(k);
            }
        });
        return once.size();
    }

    private static int firstUniquelyNamed(List<CatalogService> catalog) {
        for (int i = 0; i < catalog.size(); i++) {
            CatalogService s = catalog.get(i);
            if (s != null && s.name() != null && !s.name().isBlank()) {
                List<CatalogService> without = new ArrayList<>(catalog);
                without.remove(i);
                if (uniquelyNamed(without) == uniquelyNamed(catalog) - 1) {
                    return i;
                }
            }
        }
        throw new AssertionError("no named service");
    }
}
