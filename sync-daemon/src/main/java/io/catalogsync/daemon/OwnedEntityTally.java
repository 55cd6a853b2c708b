package io.catalogsync.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.admin.EntityApi;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.vertx.core.Future;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the owned entities (carrying the owner tag) in what the engine lists from Kong during a cycle, by
 * entity type, for the {@code kong_catalog_owned_entities} gauge: the engine reads every owned entity each cycle
 * anyway, so counting them costs no extra request. A type listed several times in one cycle counts once (the
 * largest answer); targets are counted per upstream.
 */
final class OwnedEntityTally {

    private final String ownerTag;
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    OwnedEntityTally(String ownerTag) {
        this.ownerTag = Objects.requireNonNull(ownerTag, "ownerTag");
    }

    /** Starts a new cycle. */
    void reset() {
        counts.clear();
    }

    /** Owned entities seen since {@link #reset()}, by type; types not listed are absent. */
    Map<EntityType, Integer> snapshot() {
        Map<EntityType, Integer> out = new EnumMap<>(EntityType.class);
        counts.forEach((key, n) -> out.merge(EntityType.valueOf(key.substring(0, key.indexOf('|'))), n, Integer::sum));
        return out;
    }

    /** The client the engine should use: forwards everything, counting what the lists return. */
    KongAdminClient observe(KongAdminClient client) {
        return new ForwardingKongAdminClient(client) {
            @Override
            protected <T extends KongEntity> EntityApi<T> entities(EntityApi<T> api, EntityType type, String scope) {
                String key = type.name() + "|" + scope;
                return new ForwardingEntityApi<>(api) {
                    @Override
                    public Future<List<T>> list(ListQuery query) {
                        return api.list(query).onSuccess(es -> record(key,
                                (int) es.stream().filter(e -> e.tags() != null && e.tags().contains(ownerTag)).count()));
                    }

                    @Override
                    public Future<List<ObjectNode>> listRaw(ListQuery query) {
                        return api.listRaw(query).onSuccess(es -> record(key,
                                (int) es.stream().filter(OwnedEntityTally.this::owned).count()));
                    }
                };
            }
        };
    }

    private boolean owned(ObjectNode entity) {
        JsonNode tags = entity.get("tags");
        if (tags != null && tags.isArray()) {
            for (JsonNode t : tags) {
                if (ownerTag.equals(t.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private void record(String key, int owned) {
        counts.merge(key, owned, Math::max);
    }
}
