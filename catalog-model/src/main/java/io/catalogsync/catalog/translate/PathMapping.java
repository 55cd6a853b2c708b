package io.catalogsync.catalog.translate;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a public request path reaches the upstream, as pure functions.
 *
 * <p>Public path = {@code route.prefix} + endpoint path; the upstream must receive the endpoint path. Kong's router
 * (path_handling {@code v0}, the only one the {@code traditional_compatible} and {@code expressions} routers use:
 * kong/router/atc.lua) strips the whole matched route path and appends the rest to the Kong Service's {@code path}
 * (kong/router/utils.lua {@code get_upstream_uri_v0}). So, with {@code strip_path=true}:
 * <ul>
 *   <li>prefix endpoint {@code /api/v1/*}: route path {@code <prefix>/api/v1/}, service path {@code /api/v1/};
 *       {@code <prefix>/api/v1/users} reaches the upstream as {@code /api/v1/users}</li>
 *   <li>exact endpoint {@code /health}: route path {@code ~<prefix>/health$} (an anchored regex, since a plain Kong
 *       path is a prefix and would also match {@code /healthz}), service path {@code /health}</li>
 * </ul>
 * Kong has no per-route upstream path, so endpoints with different base paths need different Kong Services (all on
 * the catalog service's one upstream). With {@code route.stripPath=false} nothing is stripped and the upstream
 * receives the full public path; then one Kong Service with no path serves every endpoint. The same holds, with the
 * same result, when {@code route.prefix} is {@code /}: the public path is the endpoint path, nothing needs stripping.
 */
final class PathMapping {

    private PathMapping() {
    }

    /** The Kong route path for an endpoint under {@code prefix} (no trailing slash, may be empty). */
    static String routePath(String prefix, EndpointSpec e) {
        String publicPath = prefix + e.basePath();
        return e.prefix() ? publicPath : "~" + regexQuote(publicPath) + "$";
    }

    /** The Kong Service path for an endpoint: its base path, or null (Kong's {@code /}) when not stripping. */
    static String servicePath(EndpointSpec e, boolean stripPath) {
        return stripPath ? e.basePath() : null;
    }

    /**
     * What Kong sends upstream for {@code requestPath} on a route with {@code routePath}, or null when the route
     * does not match. A faithful port of kong/router/utils.lua {@code get_upstream_uri_v0} (3.4), with the
     * matching of plain (prefix) and {@code ~} (regex, anchored at the start) paths.
     */
    static String upstreamPath(String routePath, boolean stripPath, String servicePath, String requestPath) {
        String matched;
        if (routePath.startsWith("~")) {
            Matcher m = Pattern.compile(routePath.substring(1)).matcher(requestPath);
            if (!m.lookingAt()) {
                return null;
            }
            matched = m.group();
        } else {
            if (!requestPath.startsWith(routePath)) {
                return null;
            }
            matched = routePath;
        }
        String base = servicePath == null ? "/" : servicePath;
        String postfix = stripPath ? requestPath.substring(matched.length()) : "";
        if (base.endsWith("/")) {
            if (!stripPath) {
                return base + requestPath.substring(1);
            }
            if (postfix.isEmpty()) {
                if (base.equals("/")) {
                    return "/";
                }
                return requestPath.endsWith("/") ? base : base.substring(0, base.length() - 1);
            }
            return postfix.startsWith("/") ? base.substring(0, base.length() - 1) + postfix : base + postfix;
        }
        if (!stripPath) {
            return requestPath.equals("/") ? base : base + requestPath;
        }
        if (postfix.isEmpty()) {
            return requestPath.length() > 1 && requestPath.endsWith("/") ? base + "/" : base;
        }
        return postfix.startsWith("/") ? base + postfix : base + "/" + postfix;
    }

    /** Escapes the regex metacharacters a valid catalog path can contain. */
    static String regexQuote(String path) {
        StringBuilder sb = new StringBuilder(path.length() + 8);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (".$()+*?[]{}|^\\".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
