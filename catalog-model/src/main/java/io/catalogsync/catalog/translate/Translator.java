package io.catalogsync.catalog.translate;

import io.catalogsync.catalog.CatalogService;
import io.catalogsync.kong.entity.Consumer;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
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
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

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
        return translate(catalog, options, (s, translate) -> translate.get());
    }

    /**
     * What one named catalog service gives, whatever the rest of the catalog holds once its name is known to be
     * unique: its problems in the order they were found, and when it is valid its entities grouped by type (in
     * {@link EntityType} order, each type in the order it was built: upstreams, targets, Kong Services, routes,
     * plugins), {@code starts[t]} the index of the first entity of the type of ordinal {@code t}.
     *
     * <p>Grouped, and whether its upstreams, services and routes are each in name order ({@code namesInOrder}), while
     * the service's entities are in cache: assembling 10,000 services then copies references instead of reading each
     * of 43,500 entities again (that re-read, and sorting them, were a third of a fresh translation's CPU).
     *
     * @param validName the name of the service when it is valid, else null
     */
    record ServiceTranslation(List<ServiceError> errors, List<Warning> warnings, String validName,
                              List<KongEntity> entities, int[] starts, boolean namesInOrder,
                              boolean needsAnonymous) {

        private static final EntityType[] TYPES = EntityType.values();

        ServiceTranslation {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
            entities = List.copyOf(entities);
        }

        /** From the entities in the order they were built. */
        static ServiceTranslation of(List<ServiceError> errors, List<Warning> warnings, String validName,
                                     List<KongEntity> built, boolean needsAnonymous) {
            // One call of type() per entity (an interface call with six implementations), kept in types[]: the
            // grouping, the type starts and the name-order check used to ask each entity eight times.
            int n = built.size();
            byte[] types = new byte[n];
            int[] starts = new int[TYPES.length + 1];
            String[] last = new String[TYPES.length];
            boolean namesInOrder = true;
            for (int i = 0; i < n; i++) {
                KongEntity e = built.get(i);
                int t = e.type().ordinal();
                types[i] = (byte) t;
                starts[t + 1]++;
                if (namesInOrder) {
                    String name = e instanceof Upstream u ? u.name() : e instanceof Service v ? v.name()
                            : e instanceof Route r ? r.name() : null;
                    if (name != null) {
                        // Whether upstreams, services and routes are each in name order, every name starting with
                        // the service's.
                        if (!name.startsWith(validName) || last[t] != null && last[t].compareTo(name) > 0) {
                            namesInOrder = false;
                        }
                        last[t] = name;
                    }
                }
            }
            for (int t = 0; t < TYPES.length; t++) {
                starts[t + 1] += starts[t];
            }
            // Grouped by type, each type in build order (a stable counting sort).
            KongEntity[] out = new KongEntity[n];
            int[] next = starts.clone();
            for (int i = 0; i < n; i++) {
                out[next[types[i]]++] = built.get(i);
            }
            return new ServiceTranslation(errors, warnings, validName, List.of(out), starts, namesInOrder,
                    needsAnonymous);
        }
    }

    /**
     * Where the translation of a named catalog service whose name no other service of the catalog uses comes from:
     * {@code translate} computes it ({@link TranslationCache} may hand out a copy kept from an earlier call instead).
     */
    interface ServiceMemo {
        ServiceTranslation get(CatalogService service, Supplier<ServiceTranslation> translate);
    }

    /**
     * The translation, each uniquely named service's part coming from {@code memo}. Everything that depends on
     * more than one service or on a service's position (name collisions, services without a usable name, the
     * shared anonymous consumer, the order of entities and problems) is decided here on every call, so the result
     * equals {@link #translate(List, TranslateOptions)} whenever {@code memo} answers what {@code translate} would.
     */
    static Translation translate(List<CatalogService> catalog, TranslateOptions options, ServiceMemo memo) {
        Owner owner = new Owner(options.ownerTag());
        String anonymousId = owner.id(EntityType.CONSUMER, Names.ANONYMOUS_CONSUMER);
        List<ServiceError> rejected = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        List<ServiceTranslation> valid = new ArrayList<>();
        boolean validInOrder = true;
        Assembly assembly = new Assembly(catalog.size());

        Map<String, List<Integer>> byName = new LinkedHashMap<>();
        // Each name's key once: the second loop looks it up again.
        String[] keys = new String[catalog.size()];
        for (int i = 0; i < catalog.size(); i++) {
            String name = catalog.get(i) == null ? null : catalog.get(i).name();
            if (name != null && !name.isBlank()) {
                keys[i] = name.trim().toLowerCase(Locale.ROOT);
                byName.computeIfAbsent(keys[i], k -> new ArrayList<>()).add(i);
            }
        }
        for (int i = 0; i < catalog.size(); i++) {
            CatalogService s = catalog.get(i);
            String label = label(s, i);
            ServiceTranslation t;
            if (s == null) {
                Problems problems = new Problems(label);
                problems.error("service", "is null");
                rejected.addAll(problems.errors());
                continue;
            } else if (s.name() != null && !s.name().isBlank()) {
                List<Integer> same = byName.get(keys[i]);
                if (same.size() > 1) {
                    if (same.get(0) == i) {
                        Problems problems = new Problems(label);
                        problems.error("name", Metadata.quote(s.name().trim()) + " is used by " + same.size()
                                + " catalog services (" + positions(same) + "); all of them are rejected");
                        rejected.addAll(problems.errors());
                    }
                    continue;
                }
                t = memo.get(s, () -> translateOne(s, label, options, owner, anonymousId));
            } else {
                // labelled by its position in the catalog: nothing to share with another cycle
                t = translateOne(s, label, options, owner, anonymousId);
            }
            rejected.addAll(t.errors());
            warnings.addAll(t.warnings());
            if (t.validName() != null) {
                // Whether the sort below can change anything, decided while the name is in cache.
                validInOrder &= valid.isEmpty()
                        || valid.get(valid.size() - 1).validName().compareTo(t.validName()) <= 0;
                valid.add(t);
                if (validInOrder) {
                    // Assembled now, while the service's part is in cache (reading 10,000 parts again afterwards
                    // cost ~4 of ~42 ms CPU for 10,000 services, TranslateBenchmark); redone below after the sort
                    // otherwise.
                    assembly.add(t);
                }
            }
        }

        if (!validInOrder) {
            valid.sort(Comparator.comparing(ServiceTranslation::validName));
            assembly = new Assembly(valid.size());
            for (ServiceTranslation t : valid) {
                assembly.add(t);
            }
        }
        List<String> validNames = assembly.validNames;
        boolean needsAnonymous = assembly.needsAnonymous;
        boolean inOrder = assembly.inOrder;
        List<List<KongEntity>> byType = assembly.byType;
        List<Consumer> consumers = part(byType, EntityType.CONSUMER);
        if (needsAnonymous) {
            // Shared by all services, so it carries no catalog-service tag: it goes when the last user goes.
            consumers.add(new Consumer(anonymousId, Names.ANONYMOUS_CONSUMER, null, List.of(options.ownerTag()), null,
                    null));
        }
        KongState state = new KongState(byName(part(byType, EntityType.UPSTREAM), inOrder, Upstream::name),
                part(byType, EntityType.TARGET), byName(part(byType, EntityType.SERVICE), inOrder, Service::name),
                byName(part(byType, EntityType.ROUTE), inOrder, Route::name), consumers,
                part(byType, EntityType.PLUGIN));
        rejected.sort(Comparator.comparing(ServiceError::service).thenComparing(ServiceError::field));
        warnings.sort(Comparator.comparing(Warning::service).thenComparing(Warning::field));
        return new Translation(state, rejected, warnings, Set.copyOf(validNames));
    }

    /**
     * The services' parts put together, service after service (in name order): each type in the order of the
     * services, each service's entities in build order (as adding them one by one to a KongState.Builder would).
     */
    private static final class Assembly {
        final List<String> validNames;
        boolean needsAnonymous;
        // Whether the services' upstreams, services and routes, taken service after service, are already in name
        // order, known from the services' names alone: each part is in order with every name starting with its
        // service's name, and no service's name starts with the previous one's. Then for services S < T, S not a
        // prefix of T, every S... sorts before every T... (The exception, a then a-b, has a-b.upstream first.)
        boolean inOrder = true;
        final List<List<KongEntity>> byType = new ArrayList<>();

        Assembly(int services) {
            validNames = new ArrayList<>(services);
            for (int t = 0; t < EntityType.values().length; t++) {
                byType.add(new ArrayList<>());
            }
        }

        void add(ServiceTranslation t) {
            inOrder &= t.namesInOrder() && (validNames.isEmpty()
                    || !t.validName().startsWith(validNames.get(validNames.size() - 1)));
            validNames.add(t.validName());
            needsAnonymous |= t.needsAnonymous();
            int[] starts = t.starts();
            List<KongEntity> entities = t.entities();
            for (int type = 0; type < starts.length - 1; type++) {
                List<KongEntity> into = byType.get(type);
                for (int k = starts[type]; k < starts[type + 1]; k++) {
                    into.add(entities.get(k));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends KongEntity> List<T> part(List<List<KongEntity>> byType, EntityType type) {
        return (List<T>) byType.get(type.ordinal());
    }

    /**
     * {@code all} sorted by name (a stable sort), unless {@code inOrder} says the sort would change nothing: then the
     * 30,000 entities of 10,000 services are not read again.
     */
    private static <T extends KongEntity> List<T> byName(List<T> all, boolean inOrder, Function<T, String> name) {
        if (!inOrder) {
            all.sort(Comparator.comparing(name));
        }
        return all;
    }

    /** One catalog service on its own: validated, then built into entities when valid. */
    private static ServiceTranslation translateOne(CatalogService s, String label, TranslateOptions options,
                                                   Owner owner, String anonymousId) {
        Problems problems = new Problems(label);
        ServiceSpec spec = ServiceValidator.validate(s, options, problems);
        if (spec == null) {
            return ServiceTranslation.of(problems.errors(), problems.warnings(), null, List.of(), false);
        }
        List<KongEntity> entities = new ArrayList<>();
        TargetSets.Layout layout = TargetSets.of(spec);
        entities.addAll(UpstreamBuilder.build(spec, layout, owner));
        RoutingBuilder.Routing routing = RoutingBuilder.build(spec, layout, owner);
        entities.addAll(routing.services());
        entities.addAll(routing.routes());
        entities.addAll(PluginBuilder.build(spec, routing, options, owner, anonymousId));
        return ServiceTranslation.of(problems.errors(), problems.warnings(), spec.name(), entities,
                spec.auth() != null && !spec.auth().required());
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
