package io.catalogsync.sync.apply;

import io.catalogsync.kong.entity.KongEntity;

/** Kong refused a create because an entity without the owner tag holds its name or id ({@code holder}). */
final class WriteConflict extends RuntimeException {

    final transient KongEntity desired;
    final transient KongEntity holder;

    WriteConflict(KongEntity desired, KongEntity holder) {
        super(desired.type() + " " + desired.key() + " is held by unowned " + holder.id(), null, false, false);
        this.desired = desired;
        this.holder = holder;
    }
}
