package io.catalogsync.sync.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.catalogsync.kong.entity.Consumer;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import io.catalogsync.sync.state.EntityJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
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
        TokenBuffer tokens = new TokenBuffer(EntityJson.MAPPER, false);
        try {
            writeNested(tokens, state, null);
            return (ObjectNode) EntityJson.MAPPER.readTree(tokens.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException("the declarative configuration cannot be built", e);
        }
    }

    /**
     * The nested layout written to {@code g} one entity at a time: a 10,000-service configuration (43,500
     * entities) is never held as one tree, only each top-level entity with its children while it is written. Then
     * {@code extra} (may be null): each of its lists appended to the top-level list of the same collection, every
     * other field ({@code _transform}, collections the state has none of) after them, {@code _format_version}
     * excepted. Nothing in {@code extra} is copied or changed.
     */
    public static void writeNested(JsonGenerator g, KongState state, ObjectNode extra) throws IOException {
        Map<String, List<Plugin>> routePlugins = new HashMap<>();
        Map<String, List<Plugin>> servicePlugins = new HashMap<>();
        Map<String, List<Plugin>> consumerPlugins = new HashMap<>();
        Set<String> serviceIds = state.services().stream().map(Service::id).collect(Collectors.toSet());
        Set<String> upstreamIds = state.upstreams().stream().map(Upstream::id).collect(Collectors.toSet());
        Set<String> routeIds = state.routes().stream().map(Route::id).collect(Collectors.toSet());
        Set<String> consumerIds = state.consumers().stream().map(Consumer::id).collect(Collectors.toSet());
        List<Plugin> topPlugins = new ArrayList<>();
        for (Plugin p : sortedPlugins(state.plugins())) {
            int scopes = (p.service() != null ? 1 : 0) + (p.route() != null ? 1 : 0) + (p.consumer() != null ? 1 : 0);
            // A plugin nests under its one scope entity when that entity is in this state; otherwise (several
            // scopes, global, or a scope entity someone else owns) it stays top-level with id strings.
            if (scopes == 1 && p.route() != null && routeIds.contains(p.route().id())) {
                routePlugins.computeIfAbsent(p.route().id(), k -> new ArrayList<>()).add(p);
            } else if (scopes == 1 && p.service() != null && serviceIds.contains(p.service().id())) {
                servicePlugins.computeIfAbsent(p.service().id(), k -> new ArrayList<>()).add(p);
            } else if (scopes == 1 && p.consumer() != null && consumerIds.contains(p.consumer().id())) {
                consumerPlugins.computeIfAbsent(p.consumer().id(), k -> new ArrayList<>()).add(p);
            } else {
                topPlugins.add(p);
            }
        }
        Map<String, List<Route>> serviceRoutes = new HashMap<>();
        List<Route> topRoutes = new ArrayList<>();
        for (Route r : sortedBy(state.routes(), Route::name)) {
            if (r.service() != null && serviceIds.contains(r.service().id())) {
                serviceRoutes.computeIfAbsent(r.service().id(), k -> new ArrayList<>()).add(r);
            } else {
                topRoutes.add(r);
            }
        }
        Map<String, List<Target>> upstreamTargets = new HashMap<>();
        List<Target> topTargets = new ArrayList<>();
        for (Target t : sortedBy(state.targets(), Target::target)) {
            if (t.upstream() != null && upstreamIds.contains(t.upstream().id())) {
                upstreamTargets.computeIfAbsent(t.upstream().id(), k -> new ArrayList<>()).add(t);
            } else {
                topTargets.add(t);
            }
        }

        g.writeStartObject();
        g.writeStringField("_format_version", FORMAT_VERSION);
        writeList(g, "services", sortedBy(state.services(), Service::name), s -> {
            ObjectNode n = EntityJson.toNode(s);
            List<Route> routes = serviceRoutes.getOrDefault(s.id(), List.of());
            if (!routes.isEmpty()) {
                ArrayNode rs = n.putArray("routes");
                for (Route r : routes) {
                    ObjectNode rn = routeNode(r, routePlugins);
                    rn.remove("service");
                    rs.add(rn);
                }
            }
            attachPlugins(n, "service", servicePlugins.get(s.id()));
            return n;
        }, extra);
        writeList(g, "routes", topRoutes, r -> flatEntity("routes", routeNode(r, routePlugins)), extra);
        writeList(g, "upstreams", sortedBy(state.upstreams(), Upstream::name), u -> {
            ObjectNode n = EntityJson.toNode(u);
            List<Target> targets = upstreamTargets.getOrDefault(u.id(), List.of());
            if (!targets.isEmpty()) {
                ArrayNode ts = n.putArray("targets");
                for (Target t : targets) {
                    ObjectNode tn = EntityJson.toNode(t);
                    tn.remove("upstream");
                    ts.add(tn);
                }
            }
            return n;
        }, extra);
        writeList(g, "targets", topTargets, t -> flatEntity("targets", EntityJson.toNode(t)), extra);
        writeList(g, "consumers", sortedBy(state.consumers(), Consumer::key), c -> {
            ObjectNode n = EntityJson.toNode(c);
            attachPlugins(n, "consumer", consumerPlugins.get(c.id()));
            return n;
        }, extra);
        writeList(g, "plugins", topPlugins, p -> flatEntity("plugins", EntityJson.toNode(p)), extra);
        if (extra != null) {
            Iterator<Map.Entry<String, JsonNode>> it = extra.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!f.getKey().equals("_format_version") && !NESTED_LISTS.contains(f.getKey())) {
                    g.writeFieldName(f.getKey());
                    EntityJson.MAPPER.writeTree(g, f.getValue());
                }
            }
        }
        g.writeEndObject();
    }

    /** The top-level lists {@link #writeNested} writes, in its order. */
    private static final List<String> NESTED_LISTS = List.of("services", "routes", "upstreams", "targets",
            "consumers", "plugins");

    private static ObjectNode routeNode(Route r, Map<String, List<Plugin>> routePlugins) {
        ObjectNode n = EntityJson.toNode(r);
        attachPlugins(n, "route", routePlugins.get(r.id()));
        return n;
    }

    /** Nested plugins carry no key to the parent they nest under (Kong's schema forbids it there). */
    private static void attachPlugins(ObjectNode parent, String parentField, List<Plugin> plugins) {
        if (plugins == null || plugins.isEmpty()) {
            return;
        }
        ArrayNode ps = parent.putArray("plugins");
        for (Plugin p : plugins) {
            ObjectNode pn = EntityJson.toNode(p);
            pn.remove(parentField);
            ps.add(pn);
        }
    }

    private static <T> void writeList(JsonGenerator g, String field, List<T> items,
                                      java.util.function.Function<T, ObjectNode> node, ObjectNode extra)
            throws IOException {
        JsonNode more = extra == null ? null : extra.get(field);
        boolean hasMore = more != null && more.isArray() && !more.isEmpty();
        if (items.isEmpty() && !hasMore) {
            return;
        }
        g.writeArrayFieldStart(field);
        for (T item : items) {
            EntityJson.MAPPER.writeTree(g, node.apply(item));
        }
        if (hasMore) {
            for (JsonNode e : more) {
                EntityJson.MAPPER.writeTree(g, e);
            }
        }
        g.writeEndArray();
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
