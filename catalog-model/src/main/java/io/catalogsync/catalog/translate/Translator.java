package io.catalogsync.catalog.translate;

import io.catalogsync.catalog.CatalogService;
import io.catalogsync.kong.entity.Consumer;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Upstream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Catalog -> desired Kong state. A pure function: same catalog and options, same entities with the same ids, in
 * the same order, whatever the order of services and endpoints in the catalog.
 *
 * <p>Per valid catalog service {@code S} (docs/catalog.md has the full table):
 * <ul>
 *   <li>one Upstream per distinct target set, i.e. per group of endpoints that serve the same paths
 *       ({@link TargetSets}): {@code S.upstream} when all routes have the same backends (the usual case), else
 *       {@code S.upstream.<label>}; algorithm and health checks on each, a Target per {@code host:port} (weight
 *       100, IPv6 written fully expanded as Kong stores it);</li>
 *   <li>Kong Services with {@code host} = the upstream serving their routes, the endpoints' protocol, timeouts and
 *       retries. Kong can only forward "service path + what follows the matched route path", has no per-route
 *       upstream path and balances over every target of the upstream, so there is one Kong Service per (endpoint
 *       base path, upstream), named {@code S} when there is only one (the usual case) and {@code S~<path-slug>}
 *       otherwise; with {@code route.stripPath=false} or {@code route.prefix=/} one per upstream, with no path.
 *       See {@link PathMapping} for the exact mapping of public to upstream paths;</li>
 *   <li>one Route per public path and target set, named after the path only (not its methods): path
 *       {@code route.prefix + endpoint path} ({@code /*} endpoints as prefix paths, others as anchored regexes),
 *       the methods of its endpoints, {@code route.hosts}, protocols {@code [http, https]} for http endpoints and
 *       {@code [https]} for https ones;</li>
 *   <li>rate-limiting, the auth plugin, cors and the masking {@code pre-function} on each of its Kong Services
 *       (the hook at service scope covers every route of the service; see {@link PluginBuilder}).</li>
 * </ul>
 * Plus one shared Consumer {@value Names#ANONYMOUS_CONSUMER} (owner tag only) when some service allows anonymous
 * access. Every other entity is tagged with the owner tag and {@code catalog-service:S}; references are by id.
 *
 * <p>A service with any error is rejected as a whole (no entity at all) and the others are translated; services
 * sharing a name (compared case-insensitively, as host names are) are all rejected.
 */
public final class Translator {

    private Translator() {
    }

    public static Translation translate(List<CatalogService> catalog, TranslateOptions options) {
        Owner owner = new Owner(options.ownerTag());
        List<ServiceError> rejected = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        List<ServiceSpec> valid = new ArrayList<>();

        Map<String, List<Integer>> byName = new LinkedHashMap<>();
        for (int i = 0; i < catalog.size(); i++) {
            String name = catalog.get(i) == null ? null : catalog.get(i).name();
            if (name != null && !name.isBlank()) {
                byName.computeIfAbsent(name.trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(i);
            }
        }
        for (int i = 0; i < catalog.size(); i++) {
            CatalogService s = catalog.get(i);
            String label = label(s, i);
            Problems problems = new Problems(label);
            if (s == null) {
                problems.error("service", "is null");
            } else if (s.name() != null && !s.name().isBlank()) {
                List<Integer> same = byName.get(s.name().trim().toLowerCase(Locale.ROOT));
                if (same.size() > 1) {
                    if (same.get(0) == i) {
                        problems.error("name", Metadata.quote(s.name().trim()) + " is used by " + same.size()
                                + " catalog services (" + positions(same) + "); all of them are rejected");
                    }
                    rejected.addAll(problems.errors());
                    continue;
                }
            }
            ServiceSpec spec = s == null ? null : ServiceValidator.validate(s, options, problems);
            rejected.addAll(problems.errors());
            warnings.addAll(problems.warnings());
            if (spec != null) {
                valid.add(spec);
            }
        }

        valid.sort(Comparator.comparing(ServiceSpec::name));
        String anonymousId = owner.id(EntityType.CONSUMER, Names.ANONYMOUS_CONSUMER);
        KongState.Builder state = KongState.builder();
        TreeSet<String> validNames = new TreeSet<>();
        boolean needsAnonymous = false;
        for (ServiceSpec s : valid) {
            validNames.add(s.name());
            TargetSets.Layout layout = TargetSets.of(s);
            state.addAll(UpstreamBuilder.build(s, layout, owner));
            RoutingBuilder.Routing routing = RoutingBuilder.build(s, layout, owner);
            state.addAll(routing.services());
            state.addAll(routing.routes());
            state.addAll(PluginBuilder.build(s, routing, options, owner, anonymousId));
            needsAnonymous |= s.auth() != null && !s.auth().required();
        }
        if (needsAnonymous) {
            // Shared by all services, so it carries no catalog-service tag: it goes when the last user goes.
            state.add(new Consumer(anonymousId, Names.ANONYMOUS_CONSUMER, null, List.of(options.ownerTag()), null,
                    null));
        }
        rejected.sort(Comparator.comparing(ServiceError::service).thenComparing(ServiceError::field));
        warnings.sort(Comparator.comparing(Warning::service).thenComparing(Warning::field));
        return new Translation(sorted(state.build()), rejected, warnings, validNames);
    }

    /** Lists sorted by name; targets and plugins keep their (already deterministic) per-service order. */
    private static KongState sorted(KongState s) {
        List<Upstream> upstreams = new ArrayList<>(s.upstreams());
        upstreams.sort(Comparator.comparing(Upstream::name));
        List<Service> services = new ArrayList<>(s.services());
        services.sort(Comparator.comparing(Service::name));
        List<Route> routes = new ArrayList<>(s.routes());
        routes.sort(Comparator.comparing(Route::name));
        return new KongState(upstreams, s.targets(), services, routes, s.consumers(), s.plugins());
    }

    private static String label(CatalogService s, int index) {
        if (s != null && s.name() != null && !s.name().isBlank()) {
            return s.name().trim();
        }
        return "catalog[" + index + "]";
    }

    private static String positions(List<Integer> indexes) {
        List<String> out = new ArrayList<>();
        for (int i : indexes) {
            out.add("catalog[" + i + "]");
        }
        return String.join(", ", out);
    }
}
