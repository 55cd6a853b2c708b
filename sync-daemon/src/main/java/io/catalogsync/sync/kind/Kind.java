package io.catalogsync.sync.kind;

import io.catalogsync.kong.admin.EntityApi;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.sync.state.StateIndex;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything the engine knows about one kind of Kong entity, in one place: what it depends on, how it is keyed,
 * where it stands in the dependency order, how it is written and how its references follow a parent that adopted
 * another id. Each kind is one class ({@link ServiceKind} and siblings) registered in {@link Kinds}; the engine's
 * stages (index, diff, apply, conflict lookups) ask the kind instead of branching on the entity's class, so adding
 * a kind is adding a file here (and its record, {@link EntityType} constant and {@link KongState} list in
 * kong-admin-client).
 *
 * <p>Everything but {@link #api} is pure.
 */
public interface Kind<T extends KongEntity> {

    EntityType type();

    /**
     * Place in the dependency order: every kind ranks after the kinds it depends on ({@link #parentTypes()}).
     * Creates and updates go up this order, deletes down it ({@link Kinds#createOrder()}, {@link Kinds#deleteOrder()}).
     */
    int rank();

    /** The kinds an entity of this kind can depend on, as {@link #parents} finds them. */
    Set<EntityType> parentTypes();

    /** The entities of this kind in a state. */
    List<T> in(KongState state);

    /**
     * Adds to {@code out} the entities of {@code index} that {@code e} depends on: written before it, deleted
     * after it (decK draws the same relation in {@code pkg/diff/order.go}).
     */
    void parents(T e, StateIndex index, List<KongEntity> out);

    /** The key Kong keeps unique for the entity, with references as ids ({@link StateIndex#naturalKey}). */
    default String naturalKey(T e, StateIndex index) {
        String key = e.key();
        return key != null ? key : "";
    }

    /** A short human-readable key for plans and reports ({@link StateIndex#displayKey}). */
    default String displayKey(T e, StateIndex index) {
        return e.key();
    }

    /**
     * Whether {@link KongEntity#key()} is a name Kong keeps unique across the whole collection and accepts in
     * {@code /{collection}/{name}}: names of upstreams, services and routes, consumers' usernames. Not for targets
     * (unique within their upstream only) nor plugins (they collide by scope, kong/db/schema/entities/plugins.lua
     * {@code cache_key}).
     */
    default boolean uniqueName() {
        return true;
    }

    /**
     * The schema Kong checks the entity against, for its defaults: the kind's own ({@code entity}, looked up by
     * type), or for plugins the schema of the plugin it names ({@code plugin}, looked up by plugin name).
     */
    default <R> R schema(T e, Function<EntityType, R> entity, Function<String, R> plugin) {
        return entity.apply(type());
    }

    /** The same entity with its references to parents that adopted another id rewritten ({@link IdRemap}). */
    default T rewriteRefs(T e, IdRemap remap) {
        return e;
    }

    /**
     * Whether Kong lists and writes this kind under its parent's path ({@code /upstreams/{u}/targets}) rather
     * than in a collection of its own.
     */
    default boolean nested() {
        return false;
    }

    /**
     * Whether {@code PUT /{collection}/{id}} creates an entity that does not exist yet. Kong's target PUT only
     * updates (kong/api/routes/upstreams.lua {@code update_target_cb} answers 404), so a new target is POSTed.
     */
    default boolean putCreates() {
        return true;
    }

    /** The Admin API collection {@code e} is written to and read from. */
    EntityApi<T> api(KongAdminClient client, T e);

    /** The top-level Admin API collection of this kind; not for {@link #nested()} kinds. */
    EntityApi<T> collection(KongAdminClient client);

    /** Where a parent adopted an existing id during a diff: the new id for an old one, or null. */
    @FunctionalInterface
    interface IdRemap {
        String to(EntityType type, String id);

        /** {@code ref} pointing at the adopted id, or {@code ref} itself. */
        default Ref ref(Ref ref, EntityType type) {
            if (ref == null || ref.id() == null) {
                return ref;
            }
            String to = to(type, ref.id());
            return to == null ? ref : Ref.id(to);
        }
    }
}
