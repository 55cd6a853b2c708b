package io.catalogsync.catalog.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.catalog.CatalogParser;
import io.catalogsync.catalog.CatalogService;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Route;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** examples/catalog.yaml: valid, warning-free, and together it uses every metadata key of DESIGN.md. */
class ExampleCatalogTest {

    /** The metadata table of DESIGN.md ("The catalog"), key by key. */
    static final List<String> DESIGN_KEYS = List.of(
            "rateLimit.second", "rateLimit.minute", "rateLimit.hour", "rateLimit.day", "rateLimit.month",
            "rateLimit.year", "rateLimit.by", "rateLimit.policy",
            "auth.type", "auth.required",
            "cors.enabled", "cors.origins", "cors.methods", "cors.headers", "cors.exposedHeaders", "cors.credentials",
            "cors.maxAge",
            "masking.enabled", "masking.profile",
            "route.prefix", "route.hosts", "route.stripPath",
            "timeout.connect", "timeout.read", "timeout.write", "retries",
            "loadBalancing.algorithm", "healthcheck.path", "healthcheck.interval", "healthcheck.healthyThreshold",
            "healthcheck.unhealthyThreshold");

    static List<CatalogService> example() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("examples/catalog.yaml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("examples/catalog.yaml above " + Path.of("").toAbsolutePath()).isNotNull();
        Path file = dir.resolve("examples/catalog.yaml");
        return CatalogParser.parseYaml(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    static List<TranslateOptions> optionSets() {
        return List.of(Fixtures.OPTIONS,
                Fixtures.OPTIONS.withKongRedis(KongRedis.of("kong-redis.kong.svc", 6379)
                        .withCredentials(null, "{vault://env/kcs-redis-password}")),
                Fixtures.OPTIONS.withKongVersion(new io.catalogsync.kong.admin.KongVersion(3, 9, 1)));
    }

    @ParameterizedTest
    @MethodSource("optionSets")
    void translatesWithNoErrorAndNoWarning(TranslateOptions options) throws IOException {
        List<CatalogService> catalog = example();
        assertThat(catalog).hasSizeGreaterThanOrEqualTo(6);
        Translation t = Translator.translate(catalog, options);
        assertThat(t.rejected()).isEmpty();
        assertThat(t.warnings()).isEmpty();
        assertThat(t.validServices()).hasSize(catalog.size());
        KongState d = t.desired();
        // orders serves /api/v1 and /status from different ports, inventory /reservations from zone-a only: two
        // upstreams each; every other service one
        assertThat(d.upstreams()).extracting(u -> u.name()).contains("orders.upstream.api-v1",
                "orders.upstream.status", "inventory.upstream.stock", "inventory.upstream.reservations",
                "payments.upstream").hasSize(catalog.size() + 2);
        assertThat(d.consumers()).singleElement().satisfies(c ->
                assertThat(c.username()).isEqualTo(Names.ANONYMOUS_CONSUMER));
        assertThat(d.routes()).extracting(Route::name).contains("orders~api.v1",
                "orders~status", "llm-gateway~v1.messages", "legacy-billing~invoices");
        assertThat(d.plugins()).extracting(p -> p.name()).contains("rate-limiting", "jwt", "key-auth",
                "basic-auth", "oauth2", "cors", "pre-function");
    }

    @Test
    void usesEveryMetadataKeyOfTheDesign() throws IOException {
        Set<String> used = new TreeSet<>();
        for (CatalogService s : example()) {
            used.addAll(s.metadata().keySet());
        }
        assertThat(used).containsAll(DESIGN_KEYS);
    }

    @ParameterizedTest
    @MethodSource("designKeys")
    void everyDesignKeyIsKnown(String key) {
        Map<String, String> md = new java.util.HashMap<>(Map.of("rateLimit.minute", "10", "auth.type", "jwt",
                "cors.enabled", "true", "masking.enabled", "true"));
        md.putIfAbsent(key, "1");
        Translation t = Translator.translate(List.of(Fixtures.service("s", md, Fixtures.endpoint("/x"))),
                Fixtures.OPTIONS);
        assertThat(t.warnings()).noneMatch(w -> w.message().contains("unknown"));
    }

    static List<String> designKeys() {
        return DESIGN_KEYS;
    }
}
