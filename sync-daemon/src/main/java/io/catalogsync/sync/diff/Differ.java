package io.catalogsync.sync.diff;

import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.sync.kind.Kinds;
import io.catalogsync.sync.plan.Create;
import io.catalogsync.sync.plan.Delete;
import io.catalogsync.sync.plan.FieldChange;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Plan;
import io.catalogsync.sync.plan.Update;
import io.catalogsync.sync.state.Ownership;
import io.catalogsync.sync.state.StateIndex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Desired state against the owned state Kong holds, into a {@link Plan}. A pure function: no I/O.
 *
 * <p>Matching: a desired entity matches the actual one with the same id, else the one with the same natural
 * key (name; upstream + target; plugin name + scope). When only the key matches, the desired entity adopts the
 * id Kong already has, and its children's references follow, so that writes replace the existing entity
 * instead of colliding with it.
 *
 * <p>Deletions: an owned entity nothing desired matches is deleted, except entities of catalog services that
 * were rejected this cycle, entities matching a held-back (conflicting) desired entity, and parents of any
 * entity kept for those reasons.
 */
public final class Differ {

    private final FieldComparator comparator;

    /** Compares with the hard-coded defaults only ({@link SchemaDefaults#FALLBACK}). */
    public Differ() {
        this(SchemaDefaults.FALLBACK);
    }

    /** Compares every field against the desired state completed with {@code defaults} (Kong's own schemas). */
    public Differ(SchemaDefaults defaults) {
        this.comparator = new FieldComparator(defaults);
    }

    public Plan diff(KongState desired, KongState actual, DiffScope scope) {
        comparator.startPlan();
        StateIndex actualIdx = new StateIndex(actual);
        Map<String, String> remap = new HashMap<>();
        // Actual entities already matched, by object identity: hashing records (deep, config maps included) or
        // building "type:id" strings for 43,500 entities per plan was most of the diff's cost.
        // Sized up front: growing an identity map of 43,500 entries rehashes it ~12 times per plan.
        Set<KongEntity> claimed = Collections.newSetFromMap(new IdentityHashMap<>(actual.size()));
        // The desired entities as matched (ids adopted, references followed), in walk order: a KongState is built
        // from them only when the plan has something to display.
        List<KongEntity> adopted = new ArrayList<>(desired.size());
        // Whether any entity adopted an id or followed a parent's: if none did, the adopted state is the desired one.
        boolean rewritten = false;
        List<KongEntity> matchedDesired = new ArrayList<>(desired.size());
        List<KongEntity> matchedActual = new ArrayList<>(desired.size());
        List<KongEntity> creates = new ArrayList<>();

        // Parents before children, so references can be rewritten when a parent adopts an existing id.
        for (EntityType type : Kinds.createOrder()) {
            for (KongEntity original : Kinds.of(type).in(desired)) {
                KongEntity e = rewriteRefs(original, remap);
                if (e.id() == null) {
                    e = e.withId(deterministicId(type, actualIdx.naturalKey(e)));
                }
                KongEntity match = actualIdx.byIdOrNull(type, e.id());
                // Claimed here already (one probe instead of a lookup and then an insertion).
                if (match != null && !claimed.add(match)) {
                    match = null;
                }
                if (match == null) {
                    match = actualIdx.byNaturalKey(type, actualIdx.naturalKey(e))
                            .filter(m -> !claimed.contains(m)).orElse(null);
                    if (match != null && !match.id().equals(e.id())) {
                        remap.put(type.key(e.id()), match.id());
                        e = e.withId(match.id());
                    }
                }
                adopted.add(e);
                rewritten |= e != original;
                if (match != null) {
                    claimed.add(match);
                    matchedDesired.add(e);
                    matchedActual.add(match);
                } else {
                    creates.add(e);
                }
            }
        }

        List<Operation> ops = new ArrayList<>();
        // Display keys need the desired state indexed; a steady plan has nothing to display.
        StateIndex desiredIdx = null;
        for (KongEntity e : creates) {
            desiredIdx = desiredIdx != null ? desiredIdx : desiredIndex(desired, adopted, rewritten);
            ops.add(new Create(e, desiredIdx.displayKey(e), service(e)));
        }
        for (int i = 0; i < matchedDesired.size(); i++) {
            KongEntity d = matchedDesired.get(i);
            KongEntity a = matchedActual.get(i);
            List<FieldChange> changes = comparator.compare(d, a);
            if (!changes.isEmpty()) {
                desiredIdx = desiredIdx != null ? desiredIdx : desiredIndex(desired, adopted, rewritten);
                ops.add(new Update(comparator.withUnmodelledReset(d, a), a, changes, desiredIdx.displayKey(d),
                        service(d)));
            }
        }
        for (KongEntity gone : deletions(actual, actualIdx, claimed, scope)) {
            ops.add(new Delete(gone, actualIdx.displayKey(gone), service(gone)));
        }
        ops.sort(Comparator.comparing(Operation::kind).thenComparing(Operation::type)
                .thenComparing(o -> String.valueOf(o.catalogService())).thenComparing(Operation::key));
        return new Plan(ops, List.of(), actual.size());
    }

    private static StateIndex desiredIndex(KongState desired, List<KongEntity> adopted, boolean rewritten) {
        return new StateIndex(rewritten ? KongState.builder().addAll(adopted).build() : desired);
    }

    private static List<KongEntity> deletions(KongState actual, StateIndex actualIdx, Set<KongEntity> claimed,
                                              DiffScope scope) {
        if (claimed.size() == actual.size()) {
            return List.of();
        }
        StateIndex held = new StateIndex(scope.heldBack());
        Set<KongEntity> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<KongEntity> work = new ArrayDeque<>();
        actual.all().forEach(e -> {
            if (claimed.contains(e)) {
                return;
            }
            boolean rejected = Ownership.catalogService(e).map(scope.rejectedServices()::contains).orElse(false);
            boolean heldBack = held.byId(e.type(), e.id()).isPresent()
                    || (Kinds.of(e).uniqueName()
                    && held.byNaturalKey(e.type(), e.key()).isPresent());
            if (rejected || heldBack) {
                kept.add(e);
                work.add(e);
            }
        });
        // A kept entity keeps its parents: a rejected service's auth plugin still needs the anonymous consumer.
        while (!work.isEmpty()) {
            for (KongEntity parent : actualIdx.parents(work.poll())) {
                if (!claimed.contains(parent) && kept.add(parent)) {
                    work.add(parent);
                }
            }
        }
        // A kept upstream keeps its targets: a kept service still sends traffic there, and an upstream without
        // targets is a route without a backend (503).
        Set<String> keptUpstreams = new java.util.HashSet<>();
        kept.forEach(e -> {
            if (e.type() == EntityType.UPSTREAM) {
                keptUpstreams.add(e.id());
            }
        });
        for (io.catalogsync.kong.entity.Target t : actual.targets()) {
            if (!claimed.contains(t) && t.upstream() != null && keptUpstreams.contains(t.upstream().id())) {
                kept.add(t);
            }
        }
        List<KongEntity> out = new ArrayList<>();
        actual.all().forEach(e -> {
            if (!claimed.contains(e) && !kept.contains(e)) {
                out.add(e);
            }
        });
        return out;
    }

    private static String service(KongEntity e) {
        return Ownership.catalogService(e).orElse(null);
    }

    /** Follows parents that adopted an existing id. */
    private static KongEntity rewriteRefs(KongEntity e, Map<String, String> remap) {
        if (remap.isEmpty()) {
            return e;
        }
        return Kinds.of(e).rewriteRefs(e, (type, id) -> remap.get(type.key(id)));
    }

    /** For desired entities that came without an id: stable across cycles, so PUT stays idempotent. */
    private static String deterministicId(EntityType type, String naturalKey) {
        return UUID.nameUUIDFromBytes((type + "|" + naturalKey).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
