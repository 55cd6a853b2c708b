package io.catalogsync.sync.read;

import io.catalogsync.kong.entity.KongState;
import java.util.List;

/**
 * The desired state with conflicting entities and their dependents taken out ({@code desired}), what was taken
 * out ({@code heldBack}), and the conflicts themselves.
 */
public record ConflictCheck(KongState desired, KongState heldBack, List<Conflict> conflicts) {

    public ConflictCheck {
        conflicts = List.copyOf(conflicts);
    }
}
