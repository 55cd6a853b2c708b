package io.catalogsync.catalog.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.Endpoint;
import io.catalogsync.kong.entity.KongState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for catalog services and a JSON view of a translation, for table-driven tests. */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String HOOK = "-- masking hook stand-in\nlocal phase = ngx.get_phase()\n";
    static final TranslateOptions OPTIONS = TranslateOptions.defaults().withMaskingHookLua(HOOK);

    private Fixtures() {
    }

    static Endpoint endpoint(String path, String... methods) {
        return new Endpoint("http", "orders.ns.svc.cluster.local", 8080, path, List.of(methods));
    }

    static CatalogService service(String name, Map<String, String> metadata, Endpoint... endpoints) {
        return new CatalogService(name, "v1", List.of(endpoints), metadata);
    }

    /** {@code orders} with one endpoint {@code GET,POST /api/v1/*} and the given metadata pairs. */
    static CatalogService orders(String... keyValues) {
        return service("orders", map(keyValues), endpoint("/api/v1/*", "GET", "POST"));
    }

    static Map<String, String> map(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static Translation translate(TranslateOptions options, CatalogService... services) {
        return Translator.translate(List.of(services), options);
    }

    static JsonNode json(KongState state) {
        return JSON.valueToTree(state);
    }

    /**
     * The entity named by {@code locator} as JSON: {@code upstream}, {@code service}, {@code route},
     * {@code target}, {@code consumer} (the first of its kind) or {@code plugin:<name>}.
     */
    static JsonNode entity(KongState state, String locator) {
        JsonNode root = json(state);
        if (locator.startsWith("plugin:")) {
            String name = locator.substring(7);
            for (JsonNode p : root.get("plugins")) {
                if (p.get("name").asText().equals(name)) {
                    return p;
                }
            }
            throw new AssertionError("no plugin " + name + " in " + root.get("plugins"));
        }
        JsonNode list = root.get(locator + "s");
        if (list == null || list.isEmpty()) {
            throw new AssertionError("no " + locator + " in " + root);
        }
        return list.get(0);
    }
}
