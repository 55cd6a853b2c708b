package io.catalogsync.sync.state;

import io.catalogsync.kong.entity.KongEntity;
import java.util.List;
import java.util.Optional;

/**
 * Which entities the daemon owns, and for which catalog service. DESIGN.md: every entity the daemon writes
 * carries the owner tag plus {@code catalog-service:<name>}; entities shared by several catalog services (the
 * anonymous consumer) carry only the owner tag.
 */
public final class Ownership {

    /** Prefix of the tag naming the catalog service an entity was translated from. */
    public static final String CATALOG_SERVICE_TAG_PREFIX = "catalog-service:";

    private Ownership() {
    }

    public static boolean owned(KongEntity entity, String ownerTag) {
        List<String> tags = entity.tags();
        return tags != null && tags.contains(ownerTag);
    }

    /** The catalog service named by the entity's {@code catalog-service:} tag; empty for shared entities. */
    public static Optional<String> catalogService(KongEntity entity) {
        return catalogService(entity.tags());
    }

    public static Optional<String> catalogService(List<String> tags) {
        if (tags != null) {
            for (String t : tags) {
                if (t != null && t.startsWith(CATALOG_SERVICE_TAG_PREFIX)) {
                    return Optional.of(t.substring(CATALOG_SERVICE_TAG_PREFIX.length()));
                }
            }
        }
        return Optional.empty();
    }
}
