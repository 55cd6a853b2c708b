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
public final class SyntheticCatalog {

    private SyntheticCatalog() {
    }

    public static List<CatalogService> services(int n) {
        List<CatalogService> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(service(i, 0));
        }
        return out;
    }

    /**
     * Service {@code i} at revision {@code rev}. A later revision changes its Kong Service (read timeout), its
     * Route (one more method) and, where it has one, its rate-limiting plugin (the limit): an edit touching every
     * layer, not only the top one.
     */
    static CatalogService service(int i, int rev) {
        String name = String.format(Locale.ROOT, "svc-%05d", i);
        String host = name + ".apps.svc.cluster.local";
        List<String> methods = rev == 0 ? List.of("GET", "POST") : List.of("GET", "POST", "PUT");
        List<Endpoint> endpoints = new ArrayList<>();
        endpoints.add(new Endpoint("http", host, 8080, "/api/v1/*", methods));
        if (i % 10 == 3) {
            endpoints.add(new Endpoint("http", name + "-b.apps.svc.cluster.local", 8080, "/api/v1/*", methods));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        switch (i % 10) {
            case 0 -> metadata.put("rateLimit.minute", Integer.toString(100 + i % 7 + rev));
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

    /**
     * The catalog with {@code percent}% of its services at the next revision: one in every {@code 100 / percent},
     * offset so that every service shape (plain, rate-limited, key-auth, two replicas, CORS) is among them.
     */
    static List<CatalogService> churned(List<CatalogService> catalog, int percent, int rev) {
        List<CatalogService> out = new ArrayList<>(catalog);
        int step = 100 / percent;
        for (int k = 0; k * step < out.size(); k++) {
            int i = Math.min(out.size() - 1, k * step + k % 10);
            out.set(i, service(i, rev));
        }
        return out;
    }
}
