package io.catalogsync.catalog.translate;

import io.catalogsync.catalog.CatalogService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates one catalog service (name, endpoints, metadata) and parses it into a {@link ServiceSpec}. Every problem
 * is reported, not only the first. Duplicate names across the catalog are the {@link Translator}'s concern.
 */
final class ServiceValidator {

    private ServiceValidator() {
    }

    /** Null when {@code problems} got an error. */
    static ServiceSpec validate(CatalogService s, TranslateOptions options, Problems problems) {
        String name = s.name() == null ? null : s.name().trim();
        if (name == null || name.isEmpty()) {
            problems.error("name", "is missing");
        } else if (!Names.isValidServiceName(name)) {
            problems.error("name", Metadata.quote(name) + " is not a valid service name: use letters, digits, '-',"
                    + " '_' and '.', starting and ending with a letter or digit, at most " + Names.MAX_SERVICE_NAME
                    + " characters");
        }
        List<EndpointSpec> endpoints = endpoints(s, problems);

        Metadata md = new Metadata(s.metadata(), problems);
        String forDefaults = name == null ? "" : name;
        RoutePolicy route = RoutePolicy.parse(md, forDefaults);
        TimeoutPolicy timeouts = TimeoutPolicy.parse(md);
        LoadBalancingPolicy lb = LoadBalancingPolicy.parse(md);
        HealthcheckPolicy hc = HealthcheckPolicy.parse(md);
        RateLimitPolicy rl = RateLimitPolicy.parse(md, options.kongRedis(), options.dbless());
        AuthPolicy auth = AuthPolicy.parse(md);
        CorsPolicy cors = CorsPolicy.parse(md);
        MaskingPolicy masking = MaskingPolicy.parse(md, options.maskingHookLua());
        md.reportUnknownKeys();

        if (problems.hasErrors()) {
            return null;
        }
        return new ServiceSpec(name, endpoints.get(0).protocol(), endpoints, route, timeouts, lb, hc, rl, auth, cors,
                masking);
    }

    private static List<EndpointSpec> endpoints(CatalogService s, Problems problems) {
        if (s.endpoints().isEmpty()) {
            problems.error("endpoints", "is empty: a service needs at least one endpoint");
            return List.of();
        }
        List<EndpointSpec> valid = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        String protocol = null;
        int protocolAt = -1;
        for (int i = 0; i < s.endpoints().size(); i++) {
            EndpointSpec e = EndpointValidator.validate(s.endpoints().get(i), i, problems);
            if (e == null) {
                continue;
            }
            if (protocol == null) {
                protocol = e.protocol();
                protocolAt = i;
            } else if (!protocol.equals(e.protocol())) {
                // One catalog service is one upstream, and an upstream's health checks and the Kong Service
                // speak one protocol.
                problems.error("endpoints[" + i + "].protocol", Metadata.quote(e.protocol()) + " differs from"
                        + " endpoints[" + protocolAt + "].protocol " + Metadata.quote(protocol)
                        + "; all endpoints of a service must use one protocol");
            }
            // A lone endpoint (most services) duplicates nothing: its keys are not built for that.
            Integer first = s.endpoints().size() == 1 ? null : seen.putIfAbsent(e.routeKey() + " @" + e.target(), i);
            if (first != null) {
                problems.error("endpoints[" + i + "]", "duplicates endpoints[" + first + "] (same host, port, path"
                        + " and methods)");
            }
            valid.add(e);
        }
        valid.sort(Comparator.comparing(EndpointSpec::routeKey).thenComparing(EndpointSpec::target));
        return valid;
    }
}
