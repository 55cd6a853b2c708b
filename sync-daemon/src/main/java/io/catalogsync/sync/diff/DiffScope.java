package io.catalogsync.sync.diff;

import io.catalogsync.kong.entity.KongState;
import java.util.Set;

/**
 * What the differ must leave alone this cycle.
 *
 * @param rejectedServices catalog services that failed validation this cycle: their owned entities in Kong stay
 *                         exactly as they are (never updated, never deleted) until the catalog fixes them
 * @param heldBack         desired entities withheld this cycle (conflicts with unowned entities and their
 *                         dependents): owned entities matching them are not deleted either
 */
public record DiffScope(Set<String> rejectedServices, KongState heldBack) {

    public static final DiffScope NONE = new DiffScope(Set.of(), KongState.EMPTY);

    public DiffScope {
        rejectedServices = Set.copyOf(rejectedServices);
    }
}
