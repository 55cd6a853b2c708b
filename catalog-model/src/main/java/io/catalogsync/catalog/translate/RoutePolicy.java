package io.catalogsync.catalog.translate;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * {@code route.prefix}, {@code route.hosts}, {@code route.stripPath}: where the service is published.
 *
 * @param prefix    the public path prefix without trailing slash; {@code ""} publishes at the root
 * @param hosts     sorted, lower-case; empty means any host
 * @param stripPath true (default): the upstream receives the endpoint path; false: the full public path
 */
record RoutePolicy(String prefix, List<String> hosts, boolean stripPath) {

    static RoutePolicy parse(Metadata md, String serviceName) {
        String prefix = md.string("route.prefix");
        if (prefix == null) {
            prefix = "/" + serviceName;
        } else {
            String problem = Paths.problem(prefix);
            if (problem != null) {
                md.error("route.prefix", Metadata.quote(prefix) + " " + problem);
                prefix = "/" + serviceName;
            }
        }
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        TreeSet<String> hosts = new TreeSet<>();
        List<String> given = md.list("route.hosts");
        if (given != null) {
            for (String h : given) {
                if (isRouteHost(h)) {
                    hosts.add(h.toLowerCase(Locale.ROOT));
                } else {
                    md.error("route.hosts", Metadata.quote(h) + " is not a host name (a leading '*.' or trailing"
                            + " '.*' wildcard is allowed)");
                }
            }
        }
        Boolean strip = md.bool("route.stripPath");
        return new RoutePolicy(prefix, List.copyOf(hosts), strip == null || strip);
    }

    /** Kong route hosts: a host name, optionally with one wildcard label at either end (routes.lua hosts). */
    private static boolean isRouteHost(String h) {
        String name = h;
        if (h.startsWith("*.")) {
            name = h.substring(2);
        } else if (h.endsWith(".*")) {
            name = h.substring(0, h.length() - 2);
        }
        return Hosts.isHostname(name);
    }
}
