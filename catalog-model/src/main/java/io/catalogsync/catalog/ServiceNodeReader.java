package io.catalogsync.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a parsed JSON/YAML tree into catalog values by hand, so that a wrong type is reported with its path
 * ({@code services[2].endpoints[0].port}) instead of a databind stack trace.
 */
final class ServiceNodeReader {

    private static final List<String> WRAPPERS = List.of("items", "services", "data");

    private final String source;

    ServiceNodeReader(String source) {
        this.source = source;
    }

    CatalogPage page(JsonNode root, boolean allowSingleService) {
        if (root.isArray()) {
            return new CatalogPage(services(root, ""), null);
        }
        if (root.isObject()) {
            for (String wrapper : WRAPPERS) {
                JsonNode items = root.get(wrapper);
                if (items != null && !items.isNull()) {
                    if (!items.isArray()) {
                        throw fail(wrapper, "expected an array of services, got " + kind(items));
                    }
                    return new CatalogPage(services(items, wrapper), next(root));
                }
            }
            if (allowSingleService && root.has("name")) {
                return new CatalogPage(List.of(service(root, "")), null);
            }
            throw new CatalogParseException(source + ": expected an array of services, or an object with the array"
                    + " under 'items', 'services' or 'data'; got an object with keys " + fieldNames(root));
        }
        throw new CatalogParseException(source + ": expected an array of services, got " + kind(root));
    }

    private String next(JsonNode root) {
        JsonNode next = root.get("next");
        if (next == null || next.isNull()) {
            return null;
        }
        if (!next.isTextual()) {
            throw fail("next", "expected a link (string), got " + kind(next));
        }
        String link = next.asText().trim();
        return link.isEmpty() ? null : link;
    }

    private List<CatalogService> services(JsonNode array, String path) {
        List<CatalogService> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode node = array.get(i);
            String at = path + "[" + i + "]";
            if (!node.isObject()) {
                throw fail(at, "expected a service object, got " + kind(node));
            }
            out.add(service(node, at));
        }
        return out;
    }

    private CatalogService service(JsonNode node, String at) {
        String name = text(node.get("name"), at + ".name");
        String version = text(node.get("version"), at + ".version");
        List<Endpoint> endpoints = new ArrayList<>();
        JsonNode eps = node.get("endpoints");
        if (eps != null && !eps.isNull()) {
            if (!eps.isArray()) {
                throw fail(at + ".endpoints", "expected an array of endpoints, got " + kind(eps));
            }
            for (int i = 0; i < eps.size(); i++) {
                endpoints.add(endpoint(eps.get(i), at + ".endpoints[" + i + "]"));
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode md = node.get("metadata");
        if (md != null && !md.isNull()) {
            if (!md.isObject()) {
                throw fail(at + ".metadata", "expected an object of string values, got " + kind(md));
            }
            flatten(md, "", at + ".metadata", metadata);
        }
        return new CatalogService(name, version, endpoints, metadata);
    }

    private Endpoint endpoint(JsonNode node, String at) {
        if (!node.isObject()) {
            throw fail(at, "expected an endpoint object, got " + kind(node));
        }
        List<String> methods = new ArrayList<>();
        JsonNode m = node.get("methods");
        if (m != null && !m.isNull()) {
            if (m.isTextual()) {
                // "GET, POST" is a common shorthand in hand-written YAML.
                for (String part : m.asText().split(",")) {
                    methods.add(part.trim());
                }
            } else if (m.isArray()) {
                for (int i = 0; i < m.size(); i++) {
                    methods.add(text(m.get(i), at + ".methods[" + i + "]"));
                }
            } else {
                throw fail(at + ".methods", "expected an array of HTTP methods, got " + kind(m));
            }
        }
        return new Endpoint(text(node.get("protocol"), at + ".protocol"), text(node.get("host"), at + ".host"),
                port(node.get("port"), at + ".port"), text(node.get("path"), at + ".path"), methods);
    }

    private Integer port(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isTextual() && node.asText().trim().matches("-?[0-9]{1,9}")) {
            return Integer.parseInt(node.asText().trim());
        }
        throw fail(at, "expected a whole number, got " + describe(node));
    }

    private String text(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isValueNode()) {
            return node.asText();
        }
        throw fail(at, "expected a string, got " + kind(node));
    }

    private void flatten(JsonNode node, String prefix, String at, Map<String, String> out) {
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            String key = prefix + f.getKey();
            JsonNode v = f.getValue();
            if (v.isNull()) {
                continue;
            }
            if (v.isObject()) {
                flatten(v, key + ".", at, out);
            } else if (v.isArray()) {
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < v.size(); i++) {
                    parts.add(text(v.get(i), at + "." + key + "[" + i + "]"));
                }
                out.put(key, String.join(",", parts));
            } else {
                out.put(key, v.asText());
            }
        }
    }

    private CatalogParseException fail(String path, String problem) {
        return new CatalogParseException(source + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    }

    private static String kind(JsonNode n) {
        if (n.isObject()) {
            return "an object";
        }
        if (n.isArray()) {
            return "an array";
        }
        if (n.isNumber()) {
            return "a number";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        if (n.isTextual()) {
            return "a string";
        }
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String describe(JsonNode n) {
        if (n.isValueNode()) {
            String s = n.asText();
            return kind(n) + " (" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + ")";
        }
        return kind(n);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names.size() > 10 ? names.subList(0, 10) : names;
    }
}
