package io.catalogsync.sync.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.Endpoint;
import io.catalogsync.catalog.translate.Names;
import io.catalogsync.catalog.translate.TranslateOptions;
import io.catalogsync.catalog.translate.Translation;
import io.catalogsync.catalog.translate.Translator;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.sync.state.EntityJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a Kong entity the daemon writes comes from: which catalog service, which of its endpoints and which
 * metadata keys produced each field, found by asking the translation itself rather than by a second copy of
 * its rules. Each metadata key and each endpoint is left out of the service in turn and the service translated
 * again: the fields that change are that input's doing, and an entity that disappears needs that input. Fields
 * no input moves, but whose value holds an endpoint's host, port, path, methods or protocol or the service's
 * name, are attributed to those; the rest
 * come from the daemon's defaults and flags. Pure: no I/O, the catalog is given.
 */
public final class Explainer {

    /** Where one field's value comes from. */
    public record FieldOrigin(String field, JsonNode value, List<String> origins) {
        public FieldOrigin {
            origins = List.copyOf(origins);
        }
    }

    /**
     * @param entity         the entity as the daemon would write it
     * @param catalogService the catalog service that produces it, or null for an entity shared by all services
     * @param endpoints      indexes of the service's endpoints without which the entity would not exist
     * @param keys           metadata keys without which the entity would not exist
     * @param fields         every field of the entity with its origins
     * @param changeBy       what to edit to change the entity, one sentence each
     */
    public record Explanation(KongEntity entity, String catalogService, List<Integer> endpoints, List<String> keys,
                              List<FieldOrigin> fields, List<String> changeBy) {
        public Explanation {
            endpoints = List.copyOf(endpoints);
            keys = List.copyOf(keys);
            fields = List.copyOf(fields);
            changeBy = List.copyOf(changeBy);
        }
    }

    /** The query matched no entity, or several (listed). */
    public static final class NotFoundException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFoundException(String message) {
            super(message);
        }
    }

    static final String DEFAULT = "daemon default (built in, or a daemon flag such as the owner tag or the "
            + "Kong-side Redis settings)";
    static final String NAME = "catalog service name";

    private Explainer() {
    }

    /**
     * Explains the entity whose id or natural key (name; {@code host:port} for a target; optionally prefixed by
     * its type, {@code route:orders-api}) is {@code query}.
     *
     * @throws NotFoundException when no entity or more than one matches
     */
    public static Explanation explain(List<CatalogService> catalog, TranslateOptions options, String query) {
        Translation full = Translator.translate(catalog, options);
        KongEntity entity = find(full, query);
        String serviceName = serviceOf(entity);
        CatalogService source = null;
        if (serviceName != null) {
            for (CatalogService s : catalog) {
                if (s != null && serviceName.equals(s.name() == null ? null : s.name().trim())) {
                    source = s;
                }
            }
        }
        Map<String, JsonNode> fields = flatten(EntityJson.toNode(entity));
        Map<String, Set<String>> origins = new LinkedHashMap<>();
        fields.keySet().forEach(f -> origins.put(f, new LinkedHashSet<>()));
        List<Integer> needsEndpoints = new ArrayList<>();
        List<String> needsKeys = new ArrayList<>();
        List<String> changeBy = new ArrayList<>();
        if (source == null) {
            fields.keySet().forEach(f -> origins.get(f).add(serviceName == null
                    ? "shared by every catalog service that needs it (e.g. auth.required=false); removed with the "
                    + "last of them" : DEFAULT));
            changeBy.add("It is not tied to one catalog service: it follows the catalog as a whole and the "
                    + "daemon's flags.");
        } else {
            for (String key : source.metadata().keySet()) {
                Map<String, String> without = new LinkedHashMap<>(source.metadata());
                without.remove(key);
                ablate(catalog, options, source, new CatalogService(source.name(), source.version(),
                        source.endpoints(), without), entity, fields, origins, "metadata " + key)
                        .ifPresent(gone -> needsKeys.add(key));
            }
            for (int i = 0; i < source.endpoints().size() && source.endpoints().size() > 1; i++) {
                List<Endpoint> without = new ArrayList<>(source.endpoints());
                without.remove(i);
                int index = i;
                ablate(catalog, options, source, new CatalogService(source.name(), source.version(), without,
                        source.metadata()), entity, fields, origins, endpointLabel(source, i))
                        .ifPresent(gone -> needsEndpoints.add(index));
            }
            attributeByValue(source, fields, origins);
            // A key the entity cannot exist without could not be left out to see what it sets: match its value.
            for (String key : needsKeys) {
                String value = source.metadata().get(key);
                for (Map.Entry<String, JsonNode> f : fields.entrySet()) {
                    if (value != null && !value.isBlank() && holds(f.getValue(), value.trim())) {
                        origins.get(f.getKey()).add("metadata " + key);
                    }
                }
            }
            for (Map.Entry<String, Set<String>> e : origins.entrySet()) {
                if (e.getValue().isEmpty()) {
                    e.getValue().add(DEFAULT);
                }
            }
            changeBy.add("Edit catalog service '" + source.name() + "': the metadata keys and endpoints named "
                    + "above. The next cycle writes the change.");
            changeBy.add("Metadata keys not set on this service may also change it: see docs/catalog.md for "
                    + "every key and the Kong field it sets.");
        }
        changeBy.add("Hand edits in Kong to this entity are undone on the next cycle: the daemon owns it (tag "
                + options.ownerTag() + ").");
        List<FieldOrigin> out = new ArrayList<>();
        fields.forEach((f, v) -> out.add(new FieldOrigin(f, v, List.copyOf(origins.get(f)))));
        return new Explanation(entity, source == null ? serviceName : source.name(), needsEndpoints, needsKeys, out,
                changeBy);
    }

    /**
     * Translates the catalog with {@code source} replaced by {@code changed} and records, under {@code origin},
     * every field of {@code entity} that changes. Returns a value when the entity no longer exists at all.
     */
    private static Optional<String> ablate(List<CatalogService> catalog, TranslateOptions options,
                                           CatalogService source, CatalogService changed, KongEntity entity,
                                           Map<String, JsonNode> fields, Map<String, Set<String>> origins,
                                           String origin) {
        List<CatalogService> altered = new ArrayList<>(catalog.size());
        for (CatalogService s : catalog) {
            altered.add(s == source ? changed : s);
        }
        Translation t = Translator.translate(altered, options);
        if (t.rejectedServices().contains(source.name())) {
            // Without this input the service is invalid (a key another key needs): the entity needs it.
            return Optional.of(origin);
        }
        KongEntity twin = t.desired().all()
                .filter(e -> e.type() == entity.type() && e.id() != null && e.id().equals(entity.id()))
                .findFirst().orElse(null);
        if (twin == null) {
            // The input decides that the entity exists; its fields are attributed by the other inputs.
            return Optional.of(origin);
        }
        Map<String, JsonNode> other = flatten(EntityJson.toNode(twin));
        for (Map.Entry<String, JsonNode> f : fields.entrySet()) {
            if (!f.getValue().equals(other.get(f.getKey()))) {
                origins.get(f.getKey()).add(origin);
            }
        }
        return Optional.empty();
    }

    /**
     * Fields no ablation moved but whose value holds an endpoint's host, port or path, or the service's name
     * (a service with one endpoint cannot lose it and stay valid).
     */
    private static void attributeByValue(CatalogService source, Map<String, JsonNode> fields,
                                         Map<String, Set<String>> origins) {
        for (Map.Entry<String, JsonNode> f : fields.entrySet()) {
            if (f.getKey().equals("id") || f.getKey().equals("tags")) {
                continue;
            }
            String text = f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString();
            for (int i = 0; i < source.endpoints().size(); i++) {
                Endpoint ep = source.endpoints().get(i);
                if (contains(text, ep.host()) || (ep.port() != null && text.equals(ep.port().toString()))
                        || (ep.path() != null && ep.path().length() > 1 && contains(text, stripStar(ep.path())))
                        || sharesAMethod(f.getValue(), ep)
                        || (f.getKey().startsWith("protocol") && ep.protocol() != null
                        && text.toLowerCase(Locale.ROOT).contains(ep.protocol().trim().toLowerCase(Locale.ROOT)))) {
                    origins.get(f.getKey()).add(endpointLabel(source, i));
                }
            }
            if (source.name() != null && contains(text, source.name().trim())) {
                origins.get(f.getKey()).add(NAME);
            }
        }
        if (origins.containsKey("id")) {
            origins.get("id").add(NAME + " (ids are derived from names: they stay while the name stays)");
        }
        if (origins.containsKey("tags")) {
            origins.get("tags").add("owner tag flag and " + NAME);
        }
    }

    /** Whether a field's value is the metadata value (a number, a word, or one item of a comma list). */
    private static boolean holds(JsonNode field, String value) {
        if (field.isArray()) {
            for (JsonNode v : field) {
                for (String item : value.split(",")) {
                    if (v.asText().equalsIgnoreCase(item.trim())) {
                        return true;
                    }
                }
            }
            return false;
        }
        return !field.isContainerNode() && field.asText().equalsIgnoreCase(value);
    }

    private static boolean sharesAMethod(JsonNode value, Endpoint ep) {
        if (!value.isArray() || ep.methods().isEmpty()) {
            return false;
        }
        for (JsonNode v : value) {
            for (String m : ep.methods()) {
                if (v.isTextual() && m != null && v.asText().equalsIgnoreCase(m.trim())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String stripStar(String path) {
        return path.endsWith("/*") ? path.substring(0, path.length() - 1) : path;
    }

    private static boolean contains(String text, String part) {
        return part != null && !part.isBlank()
                && text.toLowerCase(Locale.ROOT).contains(part.trim().toLowerCase(Locale.ROOT));
    }

    static String endpointLabel(CatalogService s, int i) {
        Endpoint e = s.endpoints().get(i);
        return "endpoint #" + i + " (" + e.protocol() + "://" + e.host() + ":" + e.port()
                + (e.path() == null ? "" : e.path()) + ")";
    }

    /** Top-level fields, with a plugin's {@code config} one level down ({@code config.minute}). */
    static Map<String, JsonNode> flatten(ObjectNode node) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("config") && e.getValue().isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> c = e.getValue().fields(); c.hasNext(); ) {
                    Map.Entry<String, JsonNode> ce = c.next();
                    out.put("config." + ce.getKey(), ce.getValue());
                }
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static KongEntity find(Translation t, String query) {
        String q = query.trim();
        String type = null;
        int colon = q.indexOf(':');
        if (colon > 0) {
            String prefix = q.substring(0, colon).toLowerCase(Locale.ROOT);
            for (io.catalogsync.kong.entity.EntityType et : io.catalogsync.kong.entity.EntityType.values()) {
                if (et.name().toLowerCase(Locale.ROOT).equals(prefix)) {
                    type = prefix;
                    q = q.substring(colon + 1);
                }
            }
        }
        String wantedType = type;
        String wanted = q;
        List<KongEntity> hits = t.desired().all()
                .filter(e -> wantedType == null || e.type().tag().equals(wantedType))
                .filter(e -> wanted.equals(e.id()) || wanted.equals(e.key())
                        || (e instanceof io.catalogsync.kong.entity.Plugin p && wanted.equals(p.name())))
                .toList();
        if (hits.isEmpty()) {
            throw new NotFoundException("no entity the catalog produces has the id or name '" + query + "'"
                    + (t.rejected().isEmpty() ? "" : " (" + t.rejected().size() + " catalog service(s) are rejected "
                    + "and produce nothing: run validate)"));
        }
        if (hits.size() > 1) {
            StringBuilder b = new StringBuilder("'" + query + "' names " + hits.size()
                    + " entities; give the id or prefix the type:");
            for (KongEntity e : hits) {
                b.append("\n  ").append(e.type().tag()).append(':').append(e.key())
                        .append(" (id ").append(e.id()).append(", ").append(serviceOf(e)).append(')');
            }
            throw new NotFoundException(b.toString());
        }
        return hits.get(0);
    }

    private static String serviceOf(KongEntity e) {
        if (e.tags() == null) {
            return null;
        }
        for (String tag : e.tags()) {
            String s = Names.serviceOfTag(tag);
            if (s != null) {
                return s;
            }
        }
        return null;
    }
}
