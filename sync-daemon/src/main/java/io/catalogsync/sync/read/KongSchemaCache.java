package io.catalogsync.sync.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.sync.diff.SchemaDefaults;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kong's own schemas, the source of the defaults every owned entity is compared with ({@link SchemaDefaults}):
 * {@code GET /schemas/{entity}} for each entity type the daemon writes and {@code GET /schemas/plugins/{name}}
 * for each plugin it uses, read once per Kong version (a schema only changes with Kong's version) and kept for
 * the life of the process. A schema Kong does not answer (an older Kong, a plugin it does not have, a transient
 * failure) is not fatal: that entity or plugin is compared with the hard-coded table for this cycle, and read
 * again next cycle.
 *
 * <p>Not thread-safe: used by one cycle at a time, as the {@code Reconciler} runs them.
 */
public final class KongSchemaCache {

    private static final Logger LOG = LoggerFactory.getLogger(KongSchemaCache.class);

    private final KongAdminClient kong;
    private String version;
    private final Map<EntityType, JsonNode> entities = new EnumMap<>(EntityType.class);
    private final Map<String, JsonNode> plugins = new HashMap<>();
    private SchemaDefaults defaults = SchemaDefaults.FALLBACK;

    public KongSchemaCache(KongAdminClient kong) {
        this.kong = kong;
    }

    /**
     * The defaults for {@code kongVersion}, with the schema of each plugin in {@code pluginNames}; reads only
     * what is not cached yet. Never fails.
     */
    public Future<SchemaDefaults> defaults(String kongVersion, Set<String> pluginNames) {
        if (!String.valueOf(kongVersion).equals(version)) {
            version = String.valueOf(kongVersion);
            entities.clear();
            plugins.clear();
            defaults = SchemaDefaults.FALLBACK;
        }
        List<Future<?>> reads = new ArrayList<>();
        Set<String> failed = new TreeSet<>();
        for (EntityType t : EntityType.values()) {
            if (!entities.containsKey(t)) {
                reads.add(kong.entitySchema(t.collection())
                        .onSuccess(s -> entities.put(t, s))
                        .onFailure(e -> failed.add(t.collection() + " (" + message(e) + ")"))
                        .otherwiseEmpty());
            }
        }
        for (String p : new TreeSet<>(pluginNames)) {
            if (p != null && !plugins.containsKey(p)) {
                reads.add(kong.pluginSchema(p)
                        .onSuccess(s -> plugins.put(p, s))
                        .onFailure(e -> failed.add("plugins/" + p + " (" + message(e) + ")"))
                        .otherwiseEmpty());
            }
        }
        if (reads.isEmpty()) {
            return Future.succeededFuture(defaults);
        }
        return Future.join(reads).otherwiseEmpty().map(x -> {
            if (!failed.isEmpty()) {
                LOG.warn("Kong {} did not answer the schema of {}: comparing those with the built-in defaults",
                        version, String.join(", ", failed));
            }
            defaults = SchemaDefaults.fromSchemas(entities, plugins);
            return defaults;
        });
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
