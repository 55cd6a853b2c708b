package io.catalogsync.sync.diff;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.sync.state.EntityJson;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an owned entity must hold for each field the desired state leaves out: Kong's own schema defaults, read
 * from the running Kong ({@code GET /schemas/{entity}}, {@code GET /schemas/plugins/{name}}; kong/api/routes/
 * plugins.lua and kong/api/endpoints.lua serve them) as decK does, so that a hand edit of any field, such as
 * oauth2 {@code enable_implicit_grant} or key-auth {@code key_names}, differs from the desired state and is
 * repaired. A field with no default must be unset (null). Kong's auto-generated fields ({@code auto = true}:
 * ids, timestamps, oauth2 {@code provision_key}) are never compared.
 *
 * <p>Without Kong's schemas (an entity or plugin Kong did not describe), {@link #FALLBACK} holds the hard-coded
 * table of {@link KongDefaults}: only the fields listed there are compared beyond those the desired state sets.
 *
 * <p>Immutable; build once per Kong version and share.
 */
public final class SchemaDefaults {

    /** The hard-coded defaults only: what the differ uses when Kong's schemas are not known. */
    public static final SchemaDefaults FALLBACK = new SchemaDefaults(Map.of(), Map.of());

    private final Map<EntityType, Rec> entities;
    /** Per plugin name: the plugin entity's fields with that plugin's own {@code protocols} and {@code config}. */
    private final Map<String, Rec> plugins;
    private final Map<String, Rec> fallbackPlugins = new java.util.concurrent.ConcurrentHashMap<>();

    private SchemaDefaults(Map<EntityType, Rec> entities, Map<String, Rec> plugins) {
        this.entities = entities;
        this.plugins = plugins;
    }

    /**
     * From Kong's schema documents.
     *
     * @param entitySchemas {@code GET /schemas/{entity}} by entity type (missing types use the fallback table)
     * @param pluginSchemas {@code GET /schemas/plugins/{name}} by plugin name (missing plugins likewise)
     */
    public static SchemaDefaults fromSchemas(Map<EntityType, JsonNode> entitySchemas,
                                             Map<String, JsonNode> pluginSchemas) {
        Map<EntityType, Rec> entities = new EnumMap<>(EntityType.class);
        entitySchemas.forEach((type, schema) -> entities.put(type, Rec.parse(schema.path("fields"), "")));
        Rec pluginEntity = entities.containsKey(EntityType.PLUGIN) ? entities.get(EntityType.PLUGIN)
                : fallbackEntity(EntityType.PLUGIN);
        Map<String, Rec> plugins = new HashMap<>();
        pluginSchemas.forEach((name, schema) -> {
            Rec own = Rec.parse(schema.path("fields"), "");
            Object config = own.defaultOf("config");
            Rec configRec = config instanceof Rec r ? r : Rec.fromDotted(KongDefaults.pluginConfig(name), "config");
            if ("rate-limiting".equals(name)) {
                configRec = configRec.withRedisNested();
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            pluginEntity.forEach(fields::put);
            // The plugin's own schema overrides the entity's fields it restates (protocols; scope restrictions).
            Object protocols = own.defaultOf("protocols");
            if (own.has("protocols")) {
                fields.put("protocols", protocols);
            }
            fields.put("config", configRec);
            plugins.put(name, Rec.of(fields, ""));
        });
        return new SchemaDefaults(Map.copyOf(entities), Map.copyOf(plugins));
    }

    /** Whether Kong's own schemas are behind these defaults (false for {@link #FALLBACK}). */
    public boolean fromKong() {
        return !entities.isEmpty() || !plugins.isEmpty();
    }

    /** The plugin names this holds Kong's own schema for. */
    public java.util.Set<String> pluginNames() {
        return plugins.keySet();
    }

    Rec entity(EntityType type) {
        Rec r = entities.get(type);
        return r != null ? r : fallbackEntity(type);
    }

    Rec plugin(String name) {
        Rec r = name == null ? null : plugins.get(name);
        if (r != null) {
            return r;
        }
        String key = name == null ? "" : name;
        return fallbackPlugins.computeIfAbsent(key, n -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            entity(EntityType.PLUGIN).forEach(fields::put);
            fields.put("config", Rec.fromDotted(KongDefaults.pluginConfig(name), "config"));
            return Rec.of(fields, "");
        });
    }

    private static final Map<EntityType, Rec> FALLBACK_ENTITIES = new EnumMap<>(EntityType.class);

    static {
        for (EntityType t : EntityType.values()) {
            FALLBACK_ENTITIES.put(t, Rec.fromDotted(KongDefaults.entity(t), ""));
        }
    }

    private static Rec fallbackEntity(EntityType type) {
        return FALLBACK_ENTITIES.get(type);
    }

    /**
     * The fields of one record of a schema and what each must hold when the desired state leaves it out: a plain
     * value (null: unset), or a nested {@code Rec} for a record field, compared field by field. Paths are
     * precomputed so comparing allocates nothing until a difference is found.
     */
    static final class Rec {
        final String[] keys;
        final Object[] defaults;
        final String[] paths;
        private final Map<String, Integer> index;

        private Rec(String[] keys, Object[] defaults, String[] paths) {
            this.keys = keys;
            this.defaults = defaults;
            this.paths = paths;
            Map<String, Integer> ix = new HashMap<>();
            for (int i = 0; i < keys.length; i++) {
                ix.put(keys[i], i);
            }
            this.index = ix;
        }

        static Rec of(Map<String, Object> fields, String prefix) {
            String[] keys = fields.keySet().toArray(String[]::new);
            Object[] defaults = new Object[keys.length];
            String[] paths = new String[keys.length];
            for (int i = 0; i < keys.length; i++) {
                Object d = fields.get(keys[i]);
                paths[i] = prefix.isEmpty() ? keys[i] : prefix + "." + keys[i];
                defaults[i] = d instanceof Rec r ? r.at(paths[i]) : d;
            }
            return new Rec(keys, defaults, paths);
        }

        /** The same fields under another path prefix. */
        Rec at(String prefix) {
            Map<String, Object> m = new LinkedHashMap<>();
            forEach(m::put);
            return of(m, prefix);
        }

        /** From a schema's {@code fields} array ({@code [{"name": {"type": ..., "default": ...}}, ...]}). */
        static Rec parse(JsonNode fields, String prefix) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (JsonNode f : fields) {
                Iterator<Map.Entry<String, JsonNode>> it = f.fields();
                if (!it.hasNext()) {
                    continue;
                }
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode spec = e.getValue();
                if (spec.path("auto").asBoolean(false)) {
                    continue;
                }
                String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
                if ("record".equals(spec.path("type").asText()) && spec.path("fields").isArray()) {
                    m.put(e.getKey(), parse(spec.path("fields"), path));
                } else if ("record".equals(spec.path("type").asText())) {
                    // An abstract record (plugins' config in the entity schema): described per plugin.
                    continue;
                } else {
                    JsonNode d = spec.get("default");
                    m.put(e.getKey(), d == null || d.isNull() ? null : EntityJson.MAPPER.convertValue(d, Object.class));
                }
            }
            return of(m, prefix);
        }

        /** From {@link KongDefaults}' dotted paths ({@code healthchecks.active.healthy.interval}). */
        @SuppressWarnings("unchecked")
        static Rec fromDotted(Map<String, JsonNode> dotted, String prefix) {
            Map<String, Object> root = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : dotted.entrySet()) {
                String[] parts = e.getKey().split("\\.");
                Map<String, Object> cur = root;
                for (int i = 0; i < parts.length - 1; i++) {
                    cur = (Map<String, Object>) cur.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
                }
                JsonNode v = e.getValue();
                cur.put(parts[parts.length - 1], v == null || v.isNull() ? null
                        : EntityJson.MAPPER.convertValue(v, Object.class));
            }
            return nestedToRec(root, prefix);
        }

        @SuppressWarnings("unchecked")
        private static Rec nestedToRec(Map<String, Object> m, String prefix) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> sub
                    ? nestedToRec((Map<String, Object>) sub, prefix.isEmpty() ? k : prefix + "." + k) : v));
            return of(out, prefix);
        }

        /** rate-limiting up to Kong 3.5 declares its Redis fields flat; compare them nested, as {@link RedisShape}. */
        Rec withRedisNested() {
            Map<String, Object> flat = new LinkedHashMap<>();
            Map<String, Object> rest = new LinkedHashMap<>();
            forEach((k, v) -> (k.startsWith(RedisShape.FLAT_PREFIX) ? flat : rest).put(k, v));
            if (flat.isEmpty()) {
                return this;
            }
            String prefix = paths.length == 0 ? "config" : parentPath();
            Map<String, Object> redis = new LinkedHashMap<>();
            Object existing = rest.get("redis");
            if (existing instanceof Rec r) {
                r.forEach(redis::put);
            }
            flat.forEach((k, v) -> redis.putIfAbsent(k.substring(RedisShape.FLAT_PREFIX.length()), v));
            rest.put("redis", of(redis, prefix + ".redis"));
            return of(rest, prefix);
        }

        private String parentPath() {
            String p = paths[0];
            int dot = p.lastIndexOf('.');
            return dot < 0 ? "" : p.substring(0, dot);
        }

        boolean has(String key) {
            return index.containsKey(key);
        }

        /** Index of {@code key}, or -1. */
        int indexOf(String key) {
            Integer i = index.get(key);
            return i == null ? -1 : i;
        }

        Object defaultOf(String key) {
            int i = indexOf(key);
            return i < 0 ? null : defaults[i];
        }

        void forEach(java.util.function.BiConsumer<String, Object> f) {
            for (int i = 0; i < keys.length; i++) {
                f.accept(keys[i], defaults[i]);
            }
        }
    }
}
