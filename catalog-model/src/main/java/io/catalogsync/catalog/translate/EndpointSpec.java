package io.catalogsync.catalog.translate;

import java.util.List;

/**
 * A validated endpoint.
 *
 * @param basePath the path the upstream serves: {@code /api/v1/} for {@code /api/v1/*}, {@code /health} for
 *                 {@code /health}
 * @param prefix   true when the catalog path ended in {@code /*} (everything under {@code basePath})
 * @param methods  upper-case, sorted, distinct; empty means every method
 */
record EndpointSpec(String protocol, String host, int port, String basePath, boolean prefix, List<String> methods) {

    /** {@code host:port} as a Kong target. */
    String target() {
        return Hosts.target(host, port);
    }

    /** What makes two endpoints the same route: the path (and its kind) and the methods. */
    String routeKey() {
        return (prefix ? "prefix " : "exact ") + basePath + " " + String.join(",", methods);
    }
}
