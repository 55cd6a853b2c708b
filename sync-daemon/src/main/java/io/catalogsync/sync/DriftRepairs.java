package io.catalogsync.sync;

import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.sync.plan.FieldChange;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Update;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells drift repairs from catalog changes: an applied update is a drift repair when the catalog asked for the
 * very same entity in the previous cycle too, so what changed is Kong (a hand edit through the Admin API, another
 * tool). Each repair is logged once, naming the entity and the fields put back (never their values: a field may
 * hold a secret), and counted in {@code kong.catalog.sync.drift.repaired} (Prometheus
 * {@code kong_catalog_sync_drift_repaired_total}), tagged with the entity type only, so the tag stays bounded.
 *
 * <p>The first cycle of a process has no previous desired state to compare with: its updates are not counted.
 * Not thread-safe: one cycle at a time, as the {@link Reconciler} runs them.
 */
final class DriftRepairs {

    static final String METER = "kong.catalog.sync.drift.repaired";

    private static final Logger LOG = LoggerFactory.getLogger(DriftRepairs.class);

    private final Map<EntityType, Counter> counters = new EnumMap<>(EntityType.class);
    private KongState previous;

    DriftRepairs(MeterRegistry registry) {
        if (registry != null) {
            for (EntityType t : EntityType.values()) {
                counters.put(t, Counter.builder(METER).tag("entity", t.name().toLowerCase(Locale.ROOT))
                        .description("Owned entities put back after something other than the catalog changed them")
                        .register(registry));
            }
        }
    }

    /**
     * Records the updates of this cycle that repaired drift and remembers {@code desired} for the next cycle.
     *
     * @param desired the translation of this cycle (before the diff adopted any id)
     * @param applied the operations Kong accepted this cycle
     * @return the repairs, for tests
     */
    List<Update> record(KongState desired, List<Operation> applied) {
        KongState before = previous;
        previous = desired;
        if (before == null) {
            return List.of();
        }
        Map<String, KongEntity> was = null;
        Map<String, KongEntity> now = null;
        List<Update> repairs = new ArrayList<>();
        for (Operation op : applied) {
            if (!(op instanceof Update u) || u.entity().id() == null) {
                continue;
            }
            if (was == null) {
                was = byId(before);
                now = byId(desired);
            }
            String key = u.entity().type().key(u.entity().id());
            KongEntity then = was.get(key);
            if (then != null && then.equals(now.get(key))) {
                repairs.add(u);
                Counter c = counters.get(u.entity().type());
                if (c != null) {
                    c.increment();
                }
                LOG.info("drift repaired: {} {} (catalog service {}) changed outside the catalog; put back {}",
                        u.entity().type().tag(), u.key(), u.catalogService(),
                        u.changes().stream().map(FieldChange::path).toList());
            }
        }
        return repairs;
    }

    private static Map<String, KongEntity> byId(KongState s) {
        Map<String, KongEntity> m = new HashMap<>();
        s.all().forEach(e -> {
            if (e.id() != null) {
                m.put(e.type().key(e.id()), e);
            }
        });
        return m;
    }
}
