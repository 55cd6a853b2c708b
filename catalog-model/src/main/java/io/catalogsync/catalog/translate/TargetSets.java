package io.catalogsync.catalog.translate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which backends serve which route of one catalog service. Kong balances a request over every target of the
 * upstream its Kong Service names and ignores the service port (kong/runloop/balancer), so a route may only point
 * at an upstream whose targets all serve the route's path and methods.
 *
 * <ul>
 *   <li>A <b>route</b> is one public path (prefix or exact) with the {@code host:port} set of the endpoints that
 *       serve it; endpoints of one path that differ only in methods and have the same targets share one route
 *       (their methods united; an endpoint without methods means every method).</li>
 *   <li>An <b>upstream</b> is one distinct target set. A service whose routes all have the same target set (the
 *       usual case) has one upstream {@code <service>.upstream}; otherwise each set gets
 *       {@code <service>.upstream.<label>}, the label being the slug of the smallest path it serves (dots as
 *       {@code -}), with {@code -<8 hex>} of the target set when two sets would get the same label. The label has
 *       no dot, so a name parses back into one service and one label: names of two services never collide.</li>
 * </ul>
 * Everything is computed from sorted sets: the same endpoints in any order give the same names.
 */
final class TargetSets {

    /** One upstream: its name, its targets and hosts (sorted), and the paths its targets serve. */
    record TargetSet(String upstreamName, TreeSet<String> targets, TreeSet<String> hosts, List<EndpointSpec> serves) {

        /** Whether a request for {@code path} is served by these targets (a path of one of its endpoints). */
        boolean serves(String path) {
            for (EndpointSpec e : serves) {
                if (e.prefix() ? path.startsWith(e.basePath()) : path.equals(e.basePath())) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * One route: a path, its methods (empty = every method), the upstream serving it, and an endpoint carrying
     * the path (for {@link PathMapping}). {@code methodGroups}: the catalog's method lists it unites, which
     * tell two routes of one path apart.
     */
    record RouteUnit(String pathKey, EndpointSpec path, List<String> methods, String methodGroups, TargetSet set) {
    }

    record Layout(List<TargetSet> sets, List<RouteUnit> routes) {
    }

    private TargetSets() {
    }

    static Layout of(ServiceSpec s) {
        if (s.endpoints().size() == 1) {
            return single(s, s.endpoints().get(0));
        }
        // path key -> methods key -> endpoints (sorted maps: the result never depends on endpoint order)
        TreeMap<String, TreeMap<String, List<EndpointSpec>>> byPath = new TreeMap<>();
        for (EndpointSpec e : s.endpoints()) {
            byPath.computeIfAbsent(pathKey(e), k -> new TreeMap<>())
                    .computeIfAbsent(String.join(",", e.methods()), k -> new ArrayList<>()).add(e);
        }
        // Within a path, group by target set; methods of the same set are united.
        record Draft(String pathKey, EndpointSpec path, TreeSet<String> methods, boolean allMethods,
                     TreeSet<String> targets, List<EndpointSpec> endpoints, List<String> methodGroups) {
        }
        List<Draft> drafts = new ArrayList<>();
        for (Map.Entry<String, TreeMap<String, List<EndpointSpec>>> p : byPath.entrySet()) {
            TreeMap<String, Draft> bySet = new TreeMap<>();
            for (Map.Entry<String, List<EndpointSpec>> m : p.getValue().entrySet()) {
                List<EndpointSpec> same = m.getValue();
                TreeSet<String> targets = new TreeSet<>();
                same.forEach(e -> targets.add(e.target()));
                Draft d = bySet.computeIfAbsent(String.join(" ", targets), k -> new Draft(p.getKey(), same.get(0),
                        new TreeSet<>(), false, targets, new ArrayList<>(), new ArrayList<>()));
                boolean all = d.allMethods() || same.get(0).methods().isEmpty();
                d.methods().addAll(same.get(0).methods());
                d.endpoints().addAll(same);
                d.methodGroups().add(m.getKey().isEmpty() ? "*" : m.getKey());
                if (all != d.allMethods()) {
                    d = new Draft(d.pathKey(), d.path(), d.methods(), true, d.targets(), d.endpoints(),
                            d.methodGroups());
                    bySet.put(String.join(" ", targets), d);
                }
            }
            drafts.addAll(bySet.values());
        }

        // Distinct target sets, each labelled by the smallest path it serves (drafts come sorted by path).
        TreeMap<String, List<Draft>> sets = new TreeMap<>();
        for (Draft d : drafts) {
            sets.computeIfAbsent(String.join(" ", d.targets()), k -> new ArrayList<>()).add(d);
        }
        Map<String, String> names = new HashMap<>();
        if (sets.size() == 1) {
            names.put(sets.firstKey(), Names.upstreamName(s.name()));
        } else {
            Map<String, Integer> labelCount = new HashMap<>();
            Map<String, String> labels = new HashMap<>();
            for (Map.Entry<String, List<Draft>> set : sets.entrySet()) {
                String label = label(set.getValue().get(0).path().basePath());
                labels.put(set.getKey(), label);
                labelCount.merge(label, 1, Integer::sum);
            }
            for (String key : sets.keySet()) {
                String label = labels.get(key);
                if (labelCount.get(label) > 1) {
                    label += "-" + Names.shortHash(key);
                }
                names.put(key, Names.upstreamName(s.name()) + "." + label);
            }
        }
        Map<String, TargetSet> built = new TreeMap<>();
        for (Map.Entry<String, List<Draft>> set : sets.entrySet()) {
            TreeSet<String> hosts = new TreeSet<>();
            List<EndpointSpec> serves = new ArrayList<>();
            for (Draft d : set.getValue()) {
                d.endpoints().forEach(e -> hosts.add(e.host()));
                serves.add(d.path());
            }
            built.put(set.getKey(), new TargetSet(names.get(set.getKey()), set.getValue().get(0).targets(), hosts,
                    serves));
        }
        List<RouteUnit> routes = new ArrayList<>();
        for (Draft d : drafts) {
            List<String> methods = d.allMethods() ? List.of() : List.copyOf(d.methods());
            routes.add(new RouteUnit(d.pathKey(), d.path(), methods, String.join("|", d.methodGroups()),
                    built.get(String.join(" ", d.targets()))));
        }
        List<TargetSet> ordered = new ArrayList<>(built.values());
        ordered.sort((a, b) -> a.upstreamName().compareTo(b.upstreamName()));
        return new Layout(ordered, routes);
    }

    /**
     * What {@link #of} gives for a service's only endpoint (9 services in 10), without its sorted maps and joined
     * keys: one route on one upstream {@code <service>.upstream} with the endpoint's own target, host and methods
     * (already sorted and distinct). {@code GoldenTranslationTest} pins the result.
     */
    private static Layout single(ServiceSpec s, EndpointSpec e) {
        TreeSet<String> targets = new TreeSet<>();
        targets.add(e.target());
        TreeSet<String> hosts = new TreeSet<>();
        hosts.add(e.host());
        List<EndpointSpec> serves = new ArrayList<>(1);
        serves.add(e);
        TargetSet set = new TargetSet(Names.upstreamName(s.name()), targets, hosts, serves);
        String methodGroups = e.methods().isEmpty() ? "*" : String.join(",", e.methods());
        List<RouteUnit> routes = new ArrayList<>(1);
        routes.add(new RouteUnit(pathKey(e), e, List.copyOf(e.methods()), methodGroups, set));
        List<TargetSet> sets = new ArrayList<>(1);
        sets.add(set);
        return new Layout(sets, routes);
    }

    /** What makes two endpoints the same public path: its kind and base path. */
    static String pathKey(EndpointSpec e) {
        return (e.prefix() ? "prefix " : "exact ") + e.basePath();
    }

    /**
     * A host-name label for a path: {@link Names#slug} with {@code .} as {@code -}, starting and ending with a
     * letter or digit (Kong's check_hostname refuses a segment ending in {@code -}: kong/tools/ip.lua; a Kong
     * Service host is checked the same way).
     */
    private static String label(String path) {
        String l = Names.slug(path).replace('.', '-');
        int start = 0;
        int end = l.length();
        while (start < end && (l.charAt(start) == '-' || l.charAt(start) == '_')) {
            start++;
        }
        while (end > start && (l.charAt(end - 1) == '-' || l.charAt(end - 1) == '_')) {
            end--;
        }
        return end == start ? "root" : l.substring(start, end);
    }
}
