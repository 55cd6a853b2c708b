package io.catalogsync.sync.plan;

import io.catalogsync.kong.entity.KongEntity;

/** An entity the catalog wants that Kong does not hold. */
public record Create(KongEntity entity, String key, String catalogService) implements Operation {

    @Override
    public Kind kind() {
        return Kind.CREATE;
    }
}
