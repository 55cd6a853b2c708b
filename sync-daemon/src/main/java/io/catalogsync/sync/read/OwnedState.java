package io.catalogsync.sync.read;

import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Target;
import java.util.List;

/**
 * What Kong holds that the daemon owns (entities carrying the owner tag), plus the targets without the owner
 * tag found inside owned upstreams: those are left alone, and a desired target with the same address is a
 * conflict.
 *
 * <p>{@code unowned} holds every entity without the owner tag of the five top-level collections when the read
 * was untagged ({@code unownedComplete}): conflicts are then found locally, without a request. After a
 * tag-filtered read it is empty and {@code unownedComplete} is false.
 */
public record OwnedState(KongState owned, List<Target> unownedTargets, KongState unowned, boolean unownedComplete) {

    public OwnedState {
        unownedTargets = List.copyOf(unownedTargets);
        unowned = unowned == null ? KongState.EMPTY : unowned;
    }

    public OwnedState(KongState owned, List<Target> unownedTargets) {
        this(owned, unownedTargets, KongState.EMPTY, false);
    }
}
