package io.catalogsync.catalog.translate;

import java.util.List;

/**
 * A catalog service that passed validation, with its metadata parsed into policies. Nullable policies are absent
 * features (no rate limit, no auth, ...).
 *
 * @param endpoints distinct by route key, sorted by route key then target
 */
record ServiceSpec(String name, String protocol, List<EndpointSpec> endpoints, RoutePolicy route,
                   TimeoutPolicy timeouts, LoadBalancingPolicy loadBalancing, HealthcheckPolicy healthcheck,
                   RateLimitPolicy rateLimit, AuthPolicy auth, CorsPolicy cors, MaskingPolicy masking) {
}
