package io.catalogsync.sync.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Upstream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link StateIndex}'s lookup by id answers what a {@code HashMap} filled in list order answers: the last entity of
 * an id wins, ids with equal hashes ({@code "Aa"}, {@code "BB"}) stay apart, unknown ids and other types find
 * nothing, entities without id are not indexed.
 */
class StateIndexByIdTest {

    /** Strings with equal {@code hashCode}s: "Aa" and "BB" hash alike, so do their concatenations. */
    private static final String[] COLLIDING = {"AaAa", "AaBB", "BBAa", "BBBB"};

    @Test
    void lookupsAnswerAsAHashMapFilledInOrder() {
        Random random = new Random(4);
        for (int run = 0; run < 50; run++) {
            int n = random.nextInt(300);
            List<Service> services = new ArrayList<>();
            Map<String, Service> reference = new HashMap<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = switch (random.nextInt(4)) {
                    case 0 -> COLLIDING[random.nextInt(COLLIDING.length)];
                    case 1 -> ids.isEmpty() ? "first" : ids.get(random.nextInt(ids.size()));  // a duplicate id
                    case 2 -> null;
                    default -> "id-" + random.nextInt(1_000_000);
                };
                Service s = new Service(id, "svc-" + i, "http", "h", 80, "/", null, null, null, null, null, List.of(),
                        null, null);
                services.add(s);
                if (id != null) {
                    ids.add(id);
                    reference.put(id, s);
                }
            }
            StateIndex index = new StateIndex(new KongState(List.of(), List.of(), services, List.of(), List.of(),
                    List.of()));
            for (String id : ids) {
                assertThat(index.byIdOrNull(EntityType.SERVICE, id)).as("run %d id %s", run, id).isSameAs(reference.get(id));
                assertThat(index.byIdOrNull(EntityType.ROUTE, id)).isNull();
            }
            for (String id : COLLIDING) {
                assertThat(index.byIdOrNull(EntityType.SERVICE, id)).isSameAs(reference.get(id));
            }
            assertThat(index.byIdOrNull(EntityType.SERVICE, "absent")).isNull();
            assertThat(index.byIdOrNull(EntityType.SERVICE, null)).isNull();
            assertThat(index.byId(EntityType.SERVICE, "absent")).isEmpty();
        }
    }

    @Test
    void findFallsBackToTheNameAfterTheId() {
        Upstream u = new Upstream("u-1", "orders.upstream", "round-robin", null, null, null, null, null, List.of(),
                null, null);
        StateIndex index = new StateIndex(new KongState(List.of(u), List.of(), List.of(), List.of(), List.of(),
                List.of()));
        assertThat(index.find(EntityType.UPSTREAM, "u-1")).containsSame(u);
        assertThat(index.find(EntityType.UPSTREAM, "orders.upstream")).containsSame(u);
        assertThat(index.find(EntityType.UPSTREAM, "other")).isEmpty();
    }
}
