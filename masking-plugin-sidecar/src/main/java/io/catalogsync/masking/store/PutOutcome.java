package io.catalogsync.masking.store;

import java.util.Set;

/**
 * Result of {@link MappingStore#putAll}: the tokens that were already mapped to a different original.
 * Every other token of the call is now mapped to the caller's original.
 */
public record PutOutcome(Set<String> collisions) {

    public PutOutcome {
        collisions = Set.copyOf(collisions);
    }

    public static PutOutcome none() {
        return new PutOutcome(Set.of());
    }
}
