package io.catalogsync.sync.plan;

import io.catalogsync.kong.entity.KongEntity;

/** An owned entity the catalog no longer wants. */
public record Delete(KongEntity entity, String key, String catalogService) implements Operation {

    @Override
    public Kind kind() {
        return Kind.DELETE;
    }
}
