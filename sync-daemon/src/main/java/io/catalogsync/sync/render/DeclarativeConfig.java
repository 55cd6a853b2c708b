package io.catalogsync.sync.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.entity.Consumer;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import io.catalogsync.sync.state.EntityJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Kong's declarative configuration format ({@code _format_version: "3.0"}), as Kong 3.4 reads it in DB-less
 * {@code POST /config} and decK reads it from files (kong/db/schema/others/declarative_config.lua).
 *
 * <p>Two layouts. {@link #nested}: services hold their routes and plugins, routes their plugins, upstreams their
 * targets, consumers their plugins — the readable layout decK writes, and the one the daemon pushes for its own
 * entities: a child inherits its parent's key from the nesting, so no reference has to be resolved. {@link #flat}:
 * one top-level list per collection, foreign keys as bare id strings (what {@code GET /config} exports); entities
 * read back from Kong fit it without rearranging. {@link #withExtra} combines both for the DB-less push. Nested
 * children carry no foreign key to their parent (Kong's schema forbids it there), ids and tags are kept, and
 * Kong's timestamps are left out.
 */
public final class DeclarativeConfig {

    public static final String FORMAT_VERSION = "3.0";

    /** Foreign-key fields of each collection in the declarative schema. */
    private static final Map<String, List<String>> FOREIGN_KEYS = Map.of(
            "targets", List.of("upstream"),
            "routes", List.of("service"),
            "plugins", List.of("service", "route", "consumer"),
            "services", List.of("client_certificate"),
            "upstreams", List.of("client_certificate"));

    /** Collections in the order Kong's declarative schema lists them (parents first). */
    static final List<String> COLLECTIONS = List.of("upstreams", "targets", "services", "routes", "consumers",
            "plugins");

    private DeclarativeConfig() {
    }

    /** A document with only {@code _format_version}. */
    public static ObjectNode empty() {
        ObjectNode doc = EntityJson.MAPPER.createObjectNode();
        doc.put("_format_version", FORMAT_VERSION);
        return doc;
    }

    /**
     * Flat layout: {@code extra} (raw entities as Kong returned them, by collection name; kept exactly, minus
     * {@code created_at}/{@code updated_at}, with foreign keys turned into id strings) followed by {@code state}.
     */
    public static ObjectNode flat(KongState state, Map<String, List<ObjectNode>> extra) {
        ObjectNode doc = empty();
        for (String collection : COLLECTIONS) {
            List<ObjectNode> items = new ArrayList<>();
            for (ObjectNode raw : extra.getOrDefault(collection, List.of())) {
                items.add(flatEntity(collection, raw.deepCopy()));
            }
            for (KongEntity e : sorted(state, collection)) {
                items.add(flatEntity(collection, EntityJson.toNode(e)));
            }
            if (!items.isEmpty()) {
                doc.putArray(collection).addAll(items);
            }
        }
        return doc;
    }

    /**
     * {@code state} in the nested layout, with {@code extra} (raw entities, kept exactly minus timestamps, foreign
     * keys as id strings) appended to the top-level lists: the DB-less push of owned plus unowned entities.
     */
    public static ObjectNode withExtra(KongState state, Map<String, List<ObjectNode>> extra) {
        ObjectNode doc = nested(state);
        for (String collection : COLLECTIONS) {
            List<ObjectNode> raw = extra.getOrDefault(collection, List.of());
            if (raw.isEmpty()) {
                continue;
            }
            ArrayNode list = doc.has(collection) ? (ArrayNode) doc.get(collection) : doc.putArray(collection);
            for (ObjectNode n : raw) {
                list.add(flatEntity(collection, n.deepCopy()));
            }
        }
        return doc;
    }

    private static ObjectNode flatEntity(String collection, ObjectNode n) {
        n.remove("created_at");
        n.remove("updated_at");
        for (String fk : FOREIGN_KEYS.getOrDefault(collection, List.of())) {
            JsonNode v = n.get(fk);
            if (v != null && v.isObject()) {
                JsonNode id = v.get("id") != null ? v.get("id") : v.get("name");
                if (id != null) {
                    n.put(fk, id.asText());
                }
            }
        }
        return n;
    }

    /** Nested layout (see the class comment), entities sorted by name so that output is stable. */
    public static ObjectNode nested(KongState state) {
        ObjectNode doc = empty();
        Map<String, ArrayNode> routePlugins = new HashMap<>();
        Map<String, ArrayNode> servicePlugins = new HashMap<>();
        Map<String, ArrayNode> consumerPlugins = new HashMap<>();
        List<ObjectNode> topPlugins = new ArrayList<>();
        for (Plugin p : sortedPlugins(state.plugins())) {
            ObjectNode n = EntityJson.toNode(p);
            int scopes = (p.service() != null ? 1 : 0) + (p.route() != null ? 1 : 0) + (p.consumer() != null ? 1 : 0);
            if (scopes == 1 && p.route() != null && p.route().id() != null) {
                n.remove("route");
                routePlugins.computeIfAbsent(p.route().id(), k -> n.arrayNode()).add(n);
            } else if (scopes == 1 && p.service() != null && p.service().id() != null) {
                n.remove("service");
                servicePlugins.computeIfAbsent(p.service().id(), k -> n.arrayNode()).add(n);
            } else if (scopes == 1 && p.consumer() != null && p.consumer().id() != null) {
                n.remove("consumer");
                consumerPlugins.computeIfAbsent(p.consumer().id(), k -> n.arrayNode()).add(n);
            } else {
                topPlugins.add(flatEntity("plugins", n));
            }
        }
        Set<String> serviceIds = state.services().stream().map(Service::id).collect(Collectors.toSet());
        Set<String> upstreamIds = state.upstreams().stream().map(Upstream::id).collect(Collectors.toSet());
        Map<String, ArrayNode> serviceRoutes = new HashMap<>();
        List<ObjectNode> topRoutes = new ArrayList<>();
        for (Route r : sortedBy(state.routes(), Route::name)) {
            ObjectNode n = EntityJson.toNode(r);
            attach(n, "plugins", routePlugins.remove(r.id()));
            if (r.service() != null && serviceIds.contains(r.service().id())) {
                n.remove("service");
                serviceRoutes.computeIfAbsent(r.service().id(), k -> n.arrayNode()).add(n);
            } else {
                topRoutes.add(flatEntity("routes", n));
            }
        }
        Map<String, ArrayNode> upstreamTargets = new HashMap<>();
        List<ObjectNode> topTargets = new ArrayList<>();
        for (Target t : sortedBy(state.targets(), Target::target)) {
            ObjectNode n = EntityJson.toNode(t);
            if (t.upstream() != null && upstreamIds.contains(t.upstream().id())) {
                n.remove("upstream");
                upstreamTargets.computeIfAbsent(t.upstream().id(), k -> n.arrayNode()).add(n);
            } else {
                topTargets.add(flatEntity("targets", n));
            }
        }
        ArrayNode services = doc.arrayNode();
        for (Service s : sortedBy(state.services(), Service::name)) {
            ObjectNode n = EntityJson.toNode(s);
            attach(n, "routes", serviceRoutes.get(s.id()));
            attach(n, "plugins", servicePlugins.remove(s.id()));
            services.add(n);
        }
        ArrayNode upstreams = doc.arrayNode();
        for (Upstream u : sortedBy(state.upstreams(), Upstream::name)) {
            ObjectNode n = EntityJson.toNode(u);
            attach(n, "targets", upstreamTargets.get(u.id()));
            upstreams.add(n);
        }
        ArrayNode consumers = doc.arrayNode();
        for (Consumer c : sortedBy(state.consumers(), Consumer::key)) {
            ObjectNode n = EntityJson.toNode(c);
            attach(n, "plugins", consumerPlugins.remove(c.id()));
            consumers.add(n);
        }
        // Plugins whose scope entity is not in this state cannot nest: they stay top-level with id strings.
        for (Map<String, ArrayNode> orphans : List.of(routePlugins, servicePlugins, consumerPlugins)) {
            orphans.forEach((id, list) -> list.forEach(x -> topPlugins.add((ObjectNode) x)));
        }
        put(doc, "services", services);
        put(doc, "routes", doc.arrayNode().addAll(topRoutes));
        put(doc, "upstreams", upstreams);
        put(doc, "targets", doc.arrayNode().addAll(topTargets));
        put(doc, "consumers", consumers);
        put(doc, "plugins", doc.arrayNode().addAll(topPlugins));
        return doc;
    }

    private static void attach(ObjectNode parent, String field, ArrayNode children) {
        if (children != null && !children.isEmpty()) {
            parent.set(field, children);
        }
    }

    private static void put(ObjectNode doc, String field, ArrayNode items) {
        if (!items.isEmpty()) {
            doc.set(field, items);
        }
    }

    private static List<? extends KongEntity> sorted(KongState s, String collection) {
        switch (collection) {
            case "upstreams": return sortedBy(s.upstreams(), Upstream::name);
            case "targets": return sortedBy(s.targets(), t -> Objects.toString(t.upstream()) + t.target());
            case "services": return sortedBy(s.services(), Service::name);
            case "routes": return sortedBy(s.routes(), Route::name);
            case "consumers": return sortedBy(s.consumers(), Consumer::key);
            default: return sortedPlugins(s.plugins());
        }
    }

    private static <T extends KongEntity> List<T> sortedBy(List<T> items, java.util.function.Function<T, String> key) {
        List<T> out = new ArrayList<>(items);
        out.sort(Comparator.comparing((T e) -> Objects.toString(key.apply(e), "")).thenComparing(e -> Objects.toString(e.id(), "")));
        return out;
    }

    private static List<Plugin> sortedPlugins(List<Plugin> plugins) {
        List<Plugin> out = new ArrayList<>(plugins);
        out.sort(Comparator.comparing(Plugin::name).thenComparing(p -> Objects.toString(p.id(), "")));
        return out;
    }
}
