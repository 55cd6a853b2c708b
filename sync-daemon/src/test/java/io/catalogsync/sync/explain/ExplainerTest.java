package io.catalogsync.sync.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.Endpoint;
import io.catalogsync.catalog.translate.TranslateOptions;
import io.catalogsync.kong.entity.EntityType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplainerTest {

    private static final TranslateOptions OPTIONS = TranslateOptions.defaults();

    private static CatalogService service(String name, Map<String, String> metadata, Endpoint... endpoints) {
        return new CatalogService(name, "v1", List.of(endpoints), metadata);
    }

    private static Endpoint ep(String host, int port, String path, String... methods) {
        return new Endpoint("http", host, port, path, List.of(methods));
    }

    private static Map<String, String> meta(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<String> originsOf(Explainer.Explanation x, String field) {
        return x.fields().stream().filter(f -> f.field().equals(field)).findFirst()
                .orElseThrow(() -> new AssertionError("no field " + field + " in " + x.fields())).origins();
    }

    @Test
    void eachPluginFieldNamesTheMetadataKeyThatSetsIt() {
        List<CatalogService> catalog = List.of(
                service("orders", meta("rateLimit.minute", "100", "cors.enabled", "true", "cors.origins",
                        "https://shop.example.com"), ep("orders.internal", 8080, "/api/*", "GET")),
                service("billing", meta("rateLimit.hour", "5"), ep("billing.internal", 8080, "/bill/*", "POST")));
        String rateLimitId = id(catalog, EntityType.PLUGIN, "orders", "rate-limiting");
        Explainer.Explanation x = Explainer.explain(catalog, OPTIONS, rateLimitId);
        assertThat(x.catalogService()).isEqualTo("orders");
        assertThat(x.keys()).containsExactly("rateLimit.minute");
        assertThat(originsOf(x, "config.minute")).contains("metadata rateLimit.minute")
                .doesNotContain("metadata cors.origins");

        String corsId = id(catalog, EntityType.PLUGIN, "orders", "cors");
        Explainer.Explanation cors = Explainer.explain(catalog, OPTIONS, "plugin:" + corsId);
        assertThat(originsOf(cors, "config.origins")).containsExactly("metadata cors.origins");
        assertThat(cors.keys()).contains("cors.enabled").doesNotContain("rateLimit.minute");
    }

    @Test
    void routeFieldsNameTheEndpointsAndKeysBehindThem() {
        List<CatalogService> catalog = List.of(service("shop", meta("route.prefix", "/store"),
                ep("shop-a.internal", 8080, "/api/*", "GET", "POST"),
                ep("shop-b.internal", 9090, "/admin/*", "DELETE")));
        String route = id(catalog, EntityType.ROUTE, "shop", null, "/store/admin/");
        Explainer.Explanation x = Explainer.explain(catalog, OPTIONS, route);
        assertThat(x.endpoints()).containsExactly(1);
        assertThat(originsOf(x, "paths")).anyMatch(o -> o.startsWith("endpoint #1"))
                .contains("metadata route.prefix").noneMatch(o -> o.startsWith("endpoint #0"));
        assertThat(originsOf(x, "methods")).anyMatch(o -> o.startsWith("endpoint #1"));
        assertThat(x.changeBy()).anyMatch(c -> c.contains("'shop'"));
    }

    @Test
    void serviceTimeoutsComeFromTheirKeysAndUnsetFieldsFromDefaults() {
        List<CatalogService> catalog = List.of(service("slow", meta("timeout.read", "120000"),
                ep("slow.internal", 8080, "/x/*", "GET")));
        String svc = id(catalog, EntityType.SERVICE, "slow", null);
        Explainer.Explanation x = Explainer.explain(catalog, OPTIONS, svc);
        assertThat(originsOf(x, "read_timeout")).containsExactly("metadata timeout.read");
        assertThat(originsOf(x, "host")).containsExactly(Explainer.NAME);
        assertThat(originsOf(x, "protocol")).anyMatch(o -> o.startsWith("endpoint #0"));
        // Fields no catalog input sets are the daemon's: the owner tag comes from its flag.
        assertThat(originsOf(x, "tags")).anyMatch(o -> o.contains("owner tag"));
    }

    @Test
    void anUnknownOrAmbiguousNameIsAClearError() {
        List<CatalogService> catalog = List.of(
                service("a", meta("rateLimit.minute", "1"), ep("a.internal", 80, "/a/*", "GET")),
                service("b", meta("rateLimit.minute", "2"), ep("b.internal", 80, "/b/*", "GET")));
        assertThatThrownBy(() -> Explainer.explain(catalog, OPTIONS, "no-such-thing"))
                .isInstanceOf(Explainer.NotFoundException.class).hasMessageContaining("'no-such-thing'");
        assertThatThrownBy(() -> Explainer.explain(catalog, OPTIONS, "rate-limiting"))
                .isInstanceOf(Explainer.NotFoundException.class)
                .hasMessageContaining("names 2 entities").hasMessageContaining("(id ");
    }

    /** The id of the one entity of {@code type} of a catalog service, found through the translation. */
    private static String id(List<CatalogService> catalog, EntityType type, String service, String pluginName,
                             String... pathContains) {
        var t = io.catalogsync.catalog.translate.Translator.translate(catalog, OPTIONS);
        List<String> ids = t.desired().all()
                .filter(e -> e.type() == type)
                .filter(e -> e.tags().contains("catalog-service:" + service))
                .filter(e -> pluginName == null
                        || (e instanceof io.catalogsync.kong.entity.Plugin p && p.name().equals(pluginName)))
                .filter(e -> pathContains.length == 0 || (e instanceof io.catalogsync.kong.entity.Route r
                        && r.paths() != null && r.paths().contains(pathContains[0])))
                .map(e -> e.id()).toList();
        assertThat(ids).as("%s of %s", type, service).hasSize(1);
        return ids.get(0);
    }
}
