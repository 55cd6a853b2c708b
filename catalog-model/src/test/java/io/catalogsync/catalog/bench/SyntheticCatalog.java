package io.catalogsync.catalog.bench;

import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A catalog of {@code n} services shaped like a platform team's: every service one endpoint on its own host
 * (Upstream, Target, Service, Route: four Kong entities), and a tenth each with rate limiting, with key-auth,
 * with two replicas; a twentieth with CORS. 10,000 services make about 43,500 Kong entities.
 *
 * <p>The same generator lives in sync-daemon's bench package (test sources are not shared between modules);
 * keep the two equal so translate and plan figures describe the same catalog.
 */
final class SyntheticCatalog {

    private SyntheticCatalog() {
    }

    static List<CatalogService> services(int n) {
        List<CatalogService> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(service(i, 0));
        }
        return out;
    }

    /** Service {@code i} at revision {@code rev}: a new revision changes one field of the Kong Service. */
    static CatalogService service(int i, int rev) {
        String name = String.format(Locale.ROOT, "svc-%05d", i);
        String host = name + ".apps.svc.cluster.local";
        List<Endpoint> endpoints = new ArrayList<>();
        endpoints.add(new Endpoint("http", host, 8080, "/api/v1/*", List.of("GET", "POST")));
        if (i % 10 == 3) {
            endpoints.add(new Endpoint("http", name + "-b.apps.svc.cluster.local", 8080, "/api/v1/*", List.of("GET", "POST")));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        switch (i % 10) {
            case 0 -> metadata.put("rateLimit.minute", Integer.toString(100 + i % 7));
            case 1 -> {
                metadata.put("auth.type", "key-auth");
                metadata.put("auth.required", "true");
            }
            default -> { }
        }
        if (i % 20 == 2) {
            metadata.put("cors.enabled", "true");
            metadata.put("cors.origins", "https://" + name + ".example.com");
        }
        metadata.put("timeout.read", Integer.toString(30_000 + rev));
        return new CatalogService(name, "v1." + rev + ".0", endpoints, metadata);
    }

    /** The catalog with {@code percent}% of its services (spread evenly) at the next revision. */
    static List<CatalogService> churned(List<CatalogService> catalog, int percent, int rev) {
        List<CatalogService> out = new ArrayList<>(catalog);
        int step = 100 / percent;
        for (int i = 0; i < out.size(); i += step) {
            out.set(i, service(i, rev));
        }
        return out;
    }
}
