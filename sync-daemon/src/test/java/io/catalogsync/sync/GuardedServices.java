package io.catalogsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the route-invariant tests ({@link MaskedRouteInvariantTest}, {@link AuthGuardedRouteInvariantTest}) read off
 * their catalog texts and Kong's JSON: which catalog services carry a guard (the masking hook, an auth plugin), by
 * a line of the service's YAML block.
 */
final class GuardedServices {

    private GuardedServices() {
    }

    /** Services guarded wherever they exist in {@code from} and {@code to}: a service guarded on both sides. */
    static Set<String> guarded(String from, String to, String guardLine) {
        Set<String> out = new TreeSet<>();
        Map<String, Boolean> before = byName(from, guardLine);
        Map<String, Boolean> after = byName(to, guardLine);
        Set<String> all = new TreeSet<>(before.keySet());
        all.addAll(after.keySet());
        for (String s : all) {
            if (before.getOrDefault(s, true) && after.getOrDefault(s, true)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Services guarded in {@code catalog}. */
    static Set<String> in(String catalog, String guardLine) {
        Set<String> out = new TreeSet<>();
        byName(catalog, guardLine).forEach((s, g) -> {
            if (g) {
                out.add(s);
            }
        });
        return out;
    }

    /** Service name -> its block holds {@code guardLine}, read off the YAML text (one service per "- name:" block). */
    private static Map<String, Boolean> byName(String catalog, String guardLine) {
        Map<String, Boolean> out = new TreeMap<>();
        String[] blocks = catalog.split("\n  - name: ");
        for (int i = 1; i < blocks.length; i++) {
            String block = blocks[i];
            out.put(block.substring(0, block.indexOf('\n')).trim(), block.contains(guardLine));
        }
        return out;
    }

    static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    /** The catalog service an owned entity belongs to, from its {@code catalog-service:} tag. */
    static String catalogService(List<String> tags) {
        if (tags == null) {
            return null;
        }
        return tags.stream().filter(t -> t.startsWith("catalog-service:")).map(t -> t.substring(16)).findFirst()
                .orElse(null);
    }
}
