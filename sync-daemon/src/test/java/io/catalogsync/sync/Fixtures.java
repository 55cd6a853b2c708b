package io.catalogsync.sync;

import io.catalogsync.kong.entity.Consumer;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Hand-built Kong entities for unit tests: the shapes the translator produces, with deterministic ids. */
public final class Fixtures {

    public static final String OWNER = "managed-by:kong-catalog-sync";

    private Fixtures() {
    }

    public static String id(String kind, String name) {
        return UUID.nameUUIDFromBytes((kind + ":" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public static List<String> tags(String catalogService) {
        return catalogService == null ? List.of(OWNER) : List.of(OWNER, "catalog-service:" + catalogService);
    }

    public static Upstream upstream(String svc) {
        Map<String, Object> hc = new LinkedHashMap<>();
        hc.put("active", Map.of("type", "http", "http_path", "/health",
                "healthy", Map.of("interval", 5, "successes", 2),
                "unhealthy", Map.of("interval", 5, "http_failures", 3)));
        return new Upstream(id("upstream", svc), svc + ".upstream", "round-robin", null, null, null, null, hc,
                tags(svc), null, null);
    }

    public static Target target(String svc, String address) {
        return new Target(id("target", svc + address), address, 100, Ref.id(id("upstream", svc)), tags(svc), null, null);
    }

    public static Service service(String svc) {
        return new Service(id("service", svc), svc, "http", svc + ".upstream", 80, "/", null, null, null, null, null,
                tags(svc), null, null);
    }

    public static Route route(String svc, String name, String path, List<String> methods) {
        return new Route(id("route", svc + name), svc + "-" + name, List.of("http", "https"), methods, null,
                List.of(path), null, true, null, null, null, null, null, null, Ref.id(id("service", svc)), tags(svc),
                null, null);
    }

    public static Plugin rateLimiting(String svc, int minute, boolean nestedRedis) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("minute", minute);
        config.put("limit_by", "consumer");
        config.put("policy", "redis");
        config.put("fault_tolerant", true);
        if (nestedRedis) {
            config.put("redis", new LinkedHashMap<>(Map.of("host", "redis.internal", "port", 6379, "ssl", true,
                    "password", "{vault://env/kong-redis-password}")));
        } else {
            config.put("redis_host", "redis.internal");
            config.put("redis_port", 6379);
            config.put("redis_ssl", true);
            config.put("redis_password", "{vault://env/kong-redis-password}");
        }
        return new Plugin(id("plugin", svc + "rate-limiting"), "rate-limiting", null, Ref.id(id("service", svc)), null,
                null, config, null, null, tags(svc), null, null);
    }

    public static Plugin keyAuth(String svc, String anonymousConsumerId) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("hide_credentials", false);
        if (anonymousConsumerId != null) {
            config.put("anonymous", anonymousConsumerId);
        }
        return new Plugin(id("plugin", svc + "key-auth"), "key-auth", null, Ref.id(id("service", svc)), null, null,
                config, null, null, tags(svc), null, null);
    }

    public static Consumer anonymous() {
        return new Consumer(id("consumer", "anonymous"), "kcs-anonymous", null, tags(null), null, null);
    }
}
