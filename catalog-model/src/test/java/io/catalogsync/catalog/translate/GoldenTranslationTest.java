package io.catalogsync.catalog.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.Endpoint;
import io.catalogsync.catalog.bench.SyntheticCatalog;
import io.catalogsync.kong.admin.KongVersion;
import io.catalogsync.kong.entity.KongEntity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Translation output pinned byte for byte: every entity (ids included: they are name-based UUIDs, and a changed id
 * re-creates the entity in every user's Kong), in order, with every rejection and warning, for the example catalog,
 * SyntheticCatalog at 2,000 services and seeded random catalogs with bad values (errors and warnings), under three
 * option sets. The golden file was written by the translator before its CPU work (issue 12), so any change of output
 * by an optimisation fails here. Rewrite it only for an intended output change:
 * {@code mvn -o -pl catalog-model -am test -Dtest=GoldenTranslationTest -Dgolden.write=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class GoldenTranslationTest {

    private static final String RESOURCE = "golden/translation.txt.gz";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String[] KEYS = {
            "rateLimit.second", "rateLimit.minute", "rateLimit.hour", "rateLimit.by", "rateLimit.policy",
            "auth.type", "auth.required", "cors.enabled", "cors.origins", "cors.methods", "cors.headers",
            "cors.credentials", "cors.maxAge", "masking.enabled", "masking.profile", "route.prefix", "route.hosts",
            "route.stripPath", "timeout.connect", "timeout.read", "retries", "loadBalancing.algorithm",
            "healthcheck.path", "healthcheck.interval", "healthcheck.healthyThreshold", "unknown.key", "rateLimit"};
    private static final String[] VALUES = {
            "true", "false", "10", "-1", "0", "abc", "100", "key-auth", "jwt", "basic-auth", "oauth", "ip", "consumer",
            "local", "redis", "https://a.example.com,https://b.example.com", "*", "GET,POST", "X-Id, X-Other",
            "/v2", "api.example.com,web.example.com", "round-robin", "consistent-hashing", "/healthz", "3600",
            "99999999999", "", "{vault://env/x}", "pii"};
    private static final String[] PATHS = {"/api/v1/*", "/api", "/", "/a/b/*", "/x{id}/y", "//bad", "/v1/users/*",
            "api", "/ünï", "/a b", "/items/{id}"};
    private static final String[] HOSTS = {"orders.ns.svc.cluster.local", "10.0.0.7", "Bad_Host", "a.b", "", "h-1.svc"};
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "get", "BREW"};
    private static final String[] NAMES = {"orders", "pay-ments", "a.b", "x_y", "Bad Name", "", "v1", "users-api",
            "inventory", "a-b", "A.B", "z"};

    @Test
    void translationOutputIsUnchanged() throws IOException {
        String actual = render();
        Path source = Path.of("src/test/resources", RESOURCE);
        if (Boolean.getBoolean("golden.write")) {
            Files.createDirectories(source.getParent());
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(source))) {
                out.write(actual.getBytes(StandardCharsets.UTF_8));
            }
        }
        String expected;
        try (InputStream in = GoldenTranslationTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE + " on the test classpath").isNotNull();
            expected = new String(new GZIPInputStream(in).readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!expected.equals(actual)) {
            String[] e = expected.split("\n", -1);
            String[] a = actual.split("\n", -1);
            int i = 0;
            while (i < Math.min(e.length, a.length) && e[i].equals(a[i])) {
                i++;
            }
            assertThat(i < a.length ? a[i] : "<end>").as("line %d of the translation (of %d expected)", i + 1, e.length)
                    .isEqualTo(i < e.length ? e[i] : "<end>");
        }
        assertThat(actual).isEqualTo(expected);
    }

    static String render() throws IOException {
        List<TranslateOptions> options = List.of(Fixtures.OPTIONS,
                Fixtures.OPTIONS.withKongRedis(KongRedis.of("kong-redis.kong.svc", 6379)
                        .withCredentials(null, "{vault://env/kcs-redis-password}")),
                Fixtures.OPTIONS.withKongVersion(new KongVersion(3, 9, 1)));
        Map<String, List<CatalogService>> catalogs = new LinkedHashMap<>();
        catalogs.put("examples/catalog.yaml", ExampleCatalogTest.example());
        catalogs.put("SyntheticCatalog 2000", SyntheticCatalog.services(2000));
        catalogs.put("NamingAndStabilityTest.randomCatalog 300",
                NamingAndStabilityTest.randomCatalog(new Random(12), 300));
        for (int seed = 1; seed <= 4; seed++) {
            catalogs.put("messy " + seed, messy(new Random(seed), 150));
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<CatalogService>> c : catalogs.entrySet()) {
            for (int o = 0; o < options.size(); o++) {
                if (o > 0 && c.getKey().startsWith("SyntheticCatalog")) {
                    continue; // large: once is enough
                }
                out.append("# ").append(c.getKey()).append(" options ").append(o).append('\n');
                Translation t = Translator.translate(c.getValue(), options.get(o));
                t.desired().all().forEach(e -> out.append(line(e)).append('\n'));
                t.rejected().forEach(r -> out.append("rejected ").append(r).append('\n'));
                t.warnings().forEach(w -> out.append("warning ").append(w).append('\n'));
                out.append("valid ").append(new TreeSet<>(t.validServices())).append('\n');
            }
        }
        return out.toString();
    }

    private static String line(KongEntity e) {
        try {
            return e.type() + " " + JSON.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Services with random names, endpoints and metadata; most choices valid, about one in eight bad, so that some
     * services are rejected, many translate with warnings and the rest cleanly.
     */
    static List<CatalogService> messy(Random random, int count) {
        List<CatalogService> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = pick(random, NAMES) + (random.nextInt(8) == 0 ? "" : "-" + i);
            List<Endpoint> eps = new ArrayList<>();
            int n = random.nextInt(12) == 0 ? 0 : 1 + random.nextInt(3);
            for (int k = 0; k < n; k++) {
                List<String> methods = new ArrayList<>();
                for (String m : METHODS) {
                    if (random.nextInt(3) == 0 && (m.equals(m.toUpperCase()) && !m.equals("BREW") || bad(random))) {
                        methods.add(m);
                    }
                }
                eps.add(new Endpoint(bad(random) ? "grpc" : random.nextInt(5) == 0 ? "https" : "http",
                        bad(random) ? pick(random, HOSTS) : "h" + random.nextInt(5) + ".ns.svc",
                        bad(random) ? 0 : 8080 + random.nextInt(3),
                        bad(random) ? pick(random, PATHS) : "/p" + k + (random.nextBoolean() ? "/*" : ""), methods));
            }
            Map<String, String> md = new LinkedHashMap<>();
            int m = random.nextInt(6);
            for (int k = 0; k < m; k++) {
                String key = pick(random, KEYS);
                md.put(key, bad(random) ? pick(random, VALUES) : good(key, random));
            }
            out.add(new CatalogService(name, "v" + random.nextInt(3), eps, md));
        }
        return out;
    }

    private static boolean bad(Random random) {
        return random.nextInt(8) == 0;
    }

    /** A value the key accepts (mostly), or a random one for keys without a known good value. */
    private static String good(String key, Random random) {
        if (key.startsWith("rateLimit.") && !key.equals("rateLimit.by") && !key.equals("rateLimit.policy")) {
            return Integer.toString(1 + random.nextInt(500));
        }
        return switch (key) {
            case "rateLimit.by" -> random.nextBoolean() ? "ip" : "consumer";
            case "rateLimit.policy" -> random.nextBoolean() ? "local" : "redis";
            case "auth.type" -> random.nextBoolean() ? "key-auth" : "jwt";
            case "auth.required", "cors.enabled", "cors.credentials", "masking.enabled", "route.stripPath" ->
                    random.nextBoolean() ? "true" : "false";
            case "cors.origins" -> "https://a.example.com,https://b.example.com";
            case "cors.methods" -> "GET,POST";
            case "cors.headers" -> "X-Id, X-Other";
            case "cors.maxAge", "healthcheck.interval", "healthcheck.healthyThreshold" ->
                    Integer.toString(1 + random.nextInt(20));
            case "masking.profile" -> "pii";
            case "route.prefix" -> "/v" + random.nextInt(3);
            case "route.hosts" -> "api.example.com,web.example.com";
            case "timeout.connect", "timeout.read" -> Integer.toString(1000 + random.nextInt(60_000));
            case "retries" -> Integer.toString(random.nextInt(10));
            case "loadBalancing.algorithm" -> random.nextBoolean() ? "round-robin" : "consistent-hashing";
            case "healthcheck.path" -> "/healthz";
            default -> pick(random, VALUES);
        };
    }

    private static String pick(Random random, String[] from) {
        return from[random.nextInt(from.length)];
    }
}
