package io.catalogsync.catalog.translate;

import io.catalogsync.kong.entity.EntityType;
import java.util.List;

/** Ids and tags of entities written under one owner tag. */
record Owner(String tag) {

    String id(EntityType type, String naturalKey) {
        return Names.id(tag, type, naturalKey);
    }

    /** The owner tag and the catalog-service tag, in that order. */
    List<String> tags(String serviceName) {
        return List.of(tag, Names.catalogServiceTag(serviceName));
    }
}
