package io.catalogsync.sync.plan;

import io.catalogsync.kong.entity.EntityType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a cycle will write: the operations (in a stable display order; the applier schedules them by
 * dependency), the deletions that guards refused, and how many owned entities Kong held when it was made.
 */
public record Plan(List<Operation> operations, List<RefusedDeletion> refusedDeletions, int ownedEntities) {

    public static final Plan EMPTY = new Plan(List.of(), List.of(), 0);

    public Plan {
        operations = List.copyOf(operations);
        refusedDeletions = List.copyOf(refusedDeletions);
    }

    public boolean isEmpty() {
        return operations.isEmpty();
    }

    public List<Operation> ofKind(Operation.Kind kind) {
        return operations.stream().filter(o -> o.kind() == kind).toList();
    }

    public int count(Operation.Kind kind) {
        return (int) operations.stream().filter(o -> o.kind() == kind).count();
    }

    /** Operation counts by kind, then entity type; every kind and type present, zero when none. */
    public Map<Operation.Kind, Map<EntityType, Integer>> counts() {
        Map<Operation.Kind, Map<EntityType, Integer>> out = new EnumMap<>(Operation.Kind.class);
        for (Operation.Kind k : Operation.Kind.values()) {
            Map<EntityType, Integer> byType = new EnumMap<>(EntityType.class);
            for (EntityType t : EntityType.values()) {
                byType.put(t, 0);
            }
            out.put(k, byType);
        }
        for (Operation o : operations) {
            out.get(o.kind()).merge(o.type(), 1, Integer::sum);
        }
        out.replaceAll((k, v) -> Collections.unmodifiableMap(v));
        return Collections.unmodifiableMap(out);
    }

    /**
     * The plan of a targeted run: the operations of the given catalog services only. Entities shared by all
     * services (no catalog service, e.g. the anonymous consumer) may be created or updated for them, never deleted:
     * nothing outside the named services is ever deleted.
     */
    public Plan onlyServices(Set<String> services) {
        List<Operation> kept = new ArrayList<>();
        for (Operation o : operations) {
            boolean named = o.catalogService() != null && services.contains(o.catalogService());
            boolean shared = o.catalogService() == null && o.kind() != Operation.Kind.DELETE;
            if (named || shared) {
                kept.add(o);
            }
        }
        return new Plan(kept, refusedDeletions, ownedEntities);
    }

    /** The same plan without the operations of the given catalog services (their entities stay as they are). */
    public Plan withoutServices(Set<String> services) {
        List<Operation> kept = new ArrayList<>();
        for (Operation o : operations) {
            if (o.catalogService() == null || !services.contains(o.catalogService())) {
                kept.add(o);
            }
        }
        return new Plan(kept, refusedDeletions, ownedEntities);
    }
}
