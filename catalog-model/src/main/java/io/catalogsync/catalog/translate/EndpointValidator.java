package io.catalogsync.catalog.translate;

import io.catalogsync.catalog.Endpoint;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** Checks one catalog endpoint and normalises it into an {@link EndpointSpec}. */
final class EndpointValidator {

    static final List<String> PROTOCOLS = List.of("http", "https");
    static final List<String> METHODS =
            List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

    private EndpointValidator() {
    }

    /** Null when the endpoint has an error (reported to {@code problems}). */
    static EndpointSpec validate(Endpoint e, int index, Problems problems) {
        String at = "endpoints[" + index + "]";
        int before = problems.errors().size();
        if (e == null) {
            problems.error(at, "is null");
            return null;
        }
        // Missing protocol/port/path take the obvious defaults rather than rejecting the service.
        String protocol = e.protocol() == null ? "http" : e.protocol().trim().toLowerCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            problems.error(at + ".protocol", Metadata.quote(e.protocol()) + " is not http or https");
        }
        String host = e.host() == null ? null : e.host().trim();
        if (host == null || host.isEmpty()) {
            problems.error(at + ".host", "is missing");
        } else if (!Hosts.isValid(host)) {
            problems.error(at + ".host", Metadata.quote(host) + " is not a valid host name or IP address");
        }
        int port = e.port() != null ? e.port() : protocol.equals("https") ? 443 : 80;
        if (port < 1 || port > 65535) {
            problems.error(at + ".port", port + " is not a port number (1..65535)");
        }
        String path = e.path() == null ? "/*" : e.path().trim();
        boolean prefix = path.endsWith("/*");
        String basePath = prefix ? path.substring(0, path.length() - 1) : path;
        String problem = basePath.contains("*") ? "may use '*' only as a trailing '/*'" : Paths.problem(basePath);
        if (problem != null) {
            problems.error(at + ".path", Metadata.quote(path) + " " + problem);
        }
        TreeSet<String> methods = new TreeSet<>();
        for (String m : e.methods()) {
            String u = m == null ? "" : m.trim().toUpperCase(Locale.ROOT);
            if (!METHODS.contains(u)) {
                problems.error(at + ".methods", Metadata.quote(String.valueOf(m)) + " is not an HTTP method ("
                        + String.join(", ", METHODS) + ")");
            }
            methods.add(u);
        }
        if (problems.errors().size() > before) {
            return null;
        }
        return new EndpointSpec(protocol, host, port, basePath, prefix, List.copyOf(methods));
    }
}
