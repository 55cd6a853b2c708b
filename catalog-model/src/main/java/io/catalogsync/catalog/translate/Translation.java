package io.catalogsync.catalog.translate;

import io.catalogsync.kong.entity.KongState;
import java.util.List;
import java.util.Set;

/**
 * The result of translating a catalog.
 *
 * @param desired       the Kong entities for every valid service (plus the shared anonymous consumer when needed)
 * @param rejected      problems of rejected services, sorted by service then field; a rejected service has no
 *                      entity in {@code desired}
 * @param warnings      ignored input, sorted by service then field
 * @param validServices names of the services translated into {@code desired}
 */
public record Translation(KongState desired, List<ServiceError> rejected, List<Warning> warnings,
                          Set<String> validServices) {

    public Translation {
        rejected = List.copyOf(rejected);
        warnings = List.copyOf(warnings);
        validServices = Set.copyOf(validServices);
    }

    /** Names of the rejected services (those with at least one error). */
    public Set<String> rejectedServices() {
        return rejected.stream().map(ServiceError::service).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
