package io.catalogsync.sync.plan;

import io.catalogsync.kong.entity.KongEntity;
import java.util.List;

/**
 * An owned entity whose managed fields differ from the desired ones. The whole desired entity is written
 * (Kong's PUT replaces); {@code changes} says which fields differ, for the plan and the logs.
 */
public record Update(KongEntity entity, KongEntity current, List<FieldChange> changes, String key,
                     String catalogService) implements Operation {

    public Update {
        changes = List.copyOf(changes);
    }

    @Override
    public Kind kind() {
        return Kind.UPDATE;
    }
}
