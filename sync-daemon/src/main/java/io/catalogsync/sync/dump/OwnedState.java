package io.catalogsync.sync.dump;

import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Target;
import java.util.List;

/**
 * What Kong holds that the daemon owns (entities carrying the owner tag), plus the targets without the owner
 * tag found inside owned upstreams: those are left alone, and a desired target with the same address is a
 * conflict.
 */
public record OwnedState(KongState owned, List<Target> unownedTargets) {

    public OwnedState {
        unownedTargets = List.copyOf(unownedTargets);
    }
}
