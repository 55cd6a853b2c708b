package io.catalogsync.sync.plan;

import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;

/**
 * One write the plan asks for. Like decK's {@code crud.Event{Op, Kind, Obj, OldObj}}: what to do, to which
 * entity, and (for reports) its display key and the catalog service it belongs to ({@code null} for entities
 * shared by several services, such as the anonymous consumer).
 */
public sealed interface Operation permits Create, Update, Delete {

    enum Kind {
        CREATE, UPDATE, DELETE;

        /** The report and metric spelling: {@code create}. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The entity to write (desired) or to delete (actual). */
    KongEntity entity();

    String key();

    String catalogService();

    Kind kind();

    default EntityType type() {
        return entity().type();
    }

    /** {@code create service billing} — for logs and reasons. */
    default String describe() {
        return kind().tag() + " " + type().tag() + " " + key();
    }
}
