package io.catalogsync.catalog.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code cors.*}, becoming the {@code cors} plugin on the service (kong/plugins/cors/schema.lua). Lists are
 * comma-separated. Origins are {@code *} or regular expressions, as Kong treats them; an unset value keeps Kong's
 * default (all origins, all methods).
 */
record CorsPolicy(List<String> origins, List<String> methods, List<String> headers, List<String> exposedHeaders,
                  Boolean credentials, Integer maxAge) {

    // The one_of list of cors/schema.lua.
    static final List<String> METHODS =
            List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE", "CONNECT");

    /** Null unless {@code cors.enabled=true}. */
    static CorsPolicy parse(Metadata md) {
        Boolean enabled = md.bool("cors.enabled");
        // An invalid cors.enabled is already an error; the other cors.* keys are still checked so that the
        // service's every problem is reported in one go.
        boolean invalid = enabled == null && md.has("cors.enabled");
        if (!invalid && (enabled == null || !enabled)) {
            if (!md.has("cors.enabled") || enabled != null) {
                md.ignore(List.of("cors.origins", "cors.methods", "cors.headers", "cors.exposedHeaders",
                        "cors.credentials", "cors.maxAge"), "cors.enabled is not true");
            }
            return null;
        }
        List<String> origins = md.list("cors.origins");
        if (origins != null) {
            for (String o : origins) {
                if (!o.equals("*") && !isRegex(o)) {
                    md.error("cors.origins", Metadata.quote(o) + " is not '*' or a valid regular expression");
                }
            }
        }
        List<String> methods = md.list("cors.methods");
        if (methods != null) {
            List<String> upper = new ArrayList<>();
            for (String m : methods) {
                String u = m.toUpperCase(Locale.ROOT);
                if (!METHODS.contains(u)) {
                    md.error("cors.methods", Metadata.quote(m) + " is not one of " + String.join(", ", METHODS));
                } else if (!upper.contains(u)) {
                    upper.add(u);
                }
            }
            methods = upper;
        }
        List<String> headers = headerList(md, "cors.headers");
        List<String> exposed = headerList(md, "cors.exposedHeaders");
        Boolean credentials = md.bool("cors.credentials");
        Integer maxAge = md.wholeInt("cors.maxAge", 0, Integer.MAX_VALUE);
        return invalid ? null : new CorsPolicy(origins, methods, headers, exposed, credentials, maxAge);
    }

    private static List<String> headerList(Metadata md, String key) {
        List<String> names = md.list(key);
        if (names != null) {
            for (String h : names) {
                if (!HeaderNames.isValid(h)) {
                    md.error(key, Metadata.quote(h) + " is not a header name (letters, digits, '-', '_')");
                }
            }
        }
        return names;
    }

    private static boolean isRegex(String s) {
        try {
            Pattern.compile(s);
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    Map<String, Object> config() {
        Map<String, Object> c = new TreeMap<>();
        putIfSet(c, "origins", origins);
        putIfSet(c, "methods", methods);
        putIfSet(c, "headers", headers);
        putIfSet(c, "exposed_headers", exposedHeaders);
        if (credentials != null) {
            c.put("credentials", credentials);
        }
        if (maxAge != null) {
            c.put("max_age", maxAge);
        }
        return c;
    }

    private static void putIfSet(Map<String, Object> c, String key, List<String> v) {
        if (v != null && !v.isEmpty()) {
            c.put(key, List.copyOf(v));
        }
    }
}
