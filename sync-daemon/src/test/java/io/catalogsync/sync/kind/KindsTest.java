package io.catalogsync.sync.kind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.catalogsync.kong.entity.Consumer;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import io.catalogsync.sync.state.StateIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The one dependency order: every {@link EntityType} has a kind with a rank, each kind ranks after the kinds it
 * depends on, deletes run exactly against creates, and the relation {@link StateIndex#parents} computes stays
 * within what each kind declares. A kind added without a rank or with a parent ranked after it fails here.
 */
class KindsTest {

    /** One entity of every kind, each linked to every parent it can have. */
    private static final Upstream UPSTREAM = new Upstream("u1", "orders.upstream", null, null, null, null, null, null,
            List.of(), null, null);
    private static final Target TARGET = new Target("t1", "10.0.0.1:8080", 100, Ref.id("u1"), List.of(), null, null);
    private static final Service SERVICE = new Service("s1", "orders", "http", "orders.upstream", 80, null, null, null,
            null, null, null, List.of(), null, null);
    private static final Route ROUTE = new Route("r1", "orders-get", null, null, null, List.of("/orders"), null, null,
            null, null, null, null, null, null, Ref.id("s1"), List.of(), null, null);
    private static final Consumer CONSUMER = new Consumer("c1", "anonymous", null, List.of(), null, null);
    private static final Plugin PLUGIN = new Plugin("p1", "key-auth", null, Ref.id("s1"), Ref.id("r1"), Ref.id("c1"),
            Map.of("anonymous", "c1"), null, null, List.of(), null, null);
    private static final List<KongEntity> ONE_OF_EACH = List.of(PLUGIN, CONSUMER, ROUTE, SERVICE, TARGET, UPSTREAM);

    @Test
    void everyTypeHasItsKind() {
        for (EntityType t : EntityType.values()) {
            assertEquals(t, Kinds.of(t).type(), "kind registered for " + t);
        }
        for (KongEntity e : ONE_OF_EACH) {
            assertSame(Kinds.of(e.type()), Kinds.of(e), "kind of " + e.getClass().getSimpleName());
        }
    }

    @Test
    void createOrderHasEveryTypeOnceAndDeleteOrderIsItsExactReverse() {
        List<EntityType> create = Kinds.createOrder();
        assertEquals(EnumSet.allOf(EntityType.class), EnumSet.copyOf(create));
        assertEquals(EntityType.values().length, create.size());
        assertEquals(create.size(), create.stream().map(t -> Kinds.of(t).rank()).distinct().count(),
                "two kinds share a rank: their order would depend on registration");
        List<EntityType> reversed = new ArrayList<>(create);
        Collections.reverse(reversed);
        assertEquals(reversed, Kinds.deleteOrder());
    }

    @Test
    void everyParentRanksBeforeItsChild() {
        for (EntityType t : EntityType.values()) {
            Kind<?> k = Kinds.of(t);
            for (EntityType parent : k.parentTypes()) {
                assertTrue(Kinds.of(parent).rank() < k.rank(), parent + " must rank before its child " + t);
                assertTrue(Kinds.createOrder().indexOf(parent) < Kinds.createOrder().indexOf(t));
                assertTrue(Kinds.deleteOrder().indexOf(parent) > Kinds.deleteOrder().indexOf(t));
                assertTrue(Kinds.hasDependents(parent), parent + " has dependents");
            }
        }
    }

    /** The parents StateIndex finds are of the declared parent types, and a fully linked entity finds all of them. */
    @Test
    void parentsFoundAreTheDeclaredOnes() {
        StateIndex idx = new StateIndex(KongState.builder().addAll(ONE_OF_EACH).build());
        for (KongEntity e : ONE_OF_EACH) {
            Set<EntityType> found = idx.parents(e).stream().map(KongEntity::type).collect(Collectors.toSet());
            assertEquals(Kinds.of(e).parentTypes(), found, "parents of " + e.type());
        }
        for (EntityType t : EntityType.values()) {
            if (!Kinds.hasDependents(t)) {
                KongEntity e = ONE_OF_EACH.stream().filter(x -> x.type() == t).findFirst().orElseThrow();
                assertTrue(idx.children(e).isEmpty(), t + " declared without dependents has children");
            }
        }
    }

    /** KongState lists its entities parents first: in exactly the kinds' create order. */
    @Test
    void stateListsEntitiesInCreateOrder() {
        KongState s = KongState.builder().addAll(ONE_OF_EACH).build();
        List<EntityType> listed = s.all().map(KongEntity::type).toList();
        assertEquals(Kinds.createOrder(), listed);
        for (EntityType t : EntityType.values()) {
            assertEquals(1, Kinds.of(t).in(s).size(), t + " in its own list");
            assertEquals(t, Kinds.of(t).in(s).get(0).type());
        }
        assertEquals(Arrays.asList(EntityType.values()), s.all().map(KongEntity::type).toList(),
                "KongState lists in EntityType declaration order");
    }
}
