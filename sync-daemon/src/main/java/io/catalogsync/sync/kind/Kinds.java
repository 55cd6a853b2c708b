package io.catalogsync.sync.kind;

import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The registry of {@link Kind}s, and the one dependency order derived from their ranks. */
public final class Kinds {

    private static final Map<EntityType, Kind<?>> BY_TYPE = new EnumMap<>(EntityType.class);
    private static final List<EntityType> CREATE_ORDER;
    private static final List<EntityType> DELETE_ORDER;

    static {
        for (Kind<?> k : List.of(new UpstreamKind(), new TargetKind(), new ServiceKind(), new RouteKind(),
                new ConsumerKind(), new PluginKind())) {
            BY_TYPE.put(k.type(), k);
        }
        List<EntityType> order = new ArrayList<>(BY_TYPE.keySet());
        order.sort(Comparator.comparingInt(t -> BY_TYPE.get(t).rank()));
        CREATE_ORDER = List.copyOf(order);
        Collections.reverse(order);
        DELETE_ORDER = List.copyOf(order);
    }

    private Kinds() {
    }

    /** The kind of {@code type}; an {@link IllegalStateException} for a type no kind is registered for. */
    public static Kind<?> of(EntityType type) {
        Kind<?> k = BY_TYPE.get(type);
        if (k == null) {
            throw new IllegalStateException("no Kind registered for " + type);
        }
        return k;
    }

    /** The kind of {@code e}, typed for {@code e} so that its methods take it without a cast. */
    @SuppressWarnings("unchecked")
    public static <T extends KongEntity> Kind<T> of(T e) {
        // Safe: the kind registered for e.type() is the kind of e's record class.
        return (Kind<T>) of(e.type());
    }

    /** Parents before children: the order of creates and updates, and of indexing natural keys. */
    public static List<EntityType> createOrder() {
        return CREATE_ORDER;
    }

    /** Children before parents: exactly {@link #createOrder()} reversed. */
    public static List<EntityType> deleteOrder() {
        return DELETE_ORDER;
    }

    /** Whether some kind can depend on an entity of {@code type} (deleting one may leave a dependent behind). */
    public static boolean hasDependents(EntityType type) {
        for (Kind<?> k : BY_TYPE.values()) {
            if (k.parentTypes().contains(type)) {
                return true;
            }
        }
        return false;
    }
}
