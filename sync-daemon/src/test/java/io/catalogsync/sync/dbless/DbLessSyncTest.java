package io.catalogsync.sync.dbless;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.admin.ConfigResult;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.sync.Fixtures;
import io.catalogsync.sync.plan.Create;
import io.catalogsync.sync.plan.Delete;
import io.catalogsync.sync.plan.Plan;
import io.catalogsync.sync.state.EntityJson;
import io.catalogsync.sync.state.StateIndex;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of the DB-less push: which catalog service an error belongs to, and the pushed owned state. */
class DbLessSyncTest {

    private static ConfigResult.EntityError error(List<String> tags, String id, ObjectNode entity) {
        return new ConfigResult.EntityError("plugin", null, id, tags,
                List.of(new ConfigResult.FieldError("config.minute", "expected a number")), entity);
    }

    @Test
    void errorsAreAttributedByTagThenByEntityTagsThenById() {
        KongState pushed = KongState.builder().add(Fixtures.service("billing")).add(Fixtures.rateLimiting("billing", 5, false))
                .add(Fixtures.anonymous()).build();
        StateIndex idx = new StateIndex(pushed);
        assertThat(DbLessSync.serviceOf(error(List.of("managed-by:x", "catalog-service:orders"), null, null), idx))
                .isEqualTo("orders");
        ObjectNode entity = EntityJson.MAPPER.createObjectNode();
        entity.putArray("tags").add("catalog-service:users");
        assertThat(DbLessSync.serviceOf(error(List.of(), null, entity), idx)).isEqualTo("users");
        // Kong leaves entity_tags out when they do not validate; the id still finds the entity pushed.
        String pluginId = Fixtures.rateLimiting("billing", 5, false).id();
        assertThat(DbLessSync.serviceOf(error(List.of(), pluginId, null), idx)).isEqualTo("billing");
        // Shared entities (the anonymous consumer) and foreign ones belong to no catalog service.
        assertThat(DbLessSync.serviceOf(error(List.of(), Fixtures.anonymous().id(), null), idx)).isNull();
        assertThat(DbLessSync.serviceOf(error(List.of("team-x"), "00000000-0000-4000-8000-000000000000", null), idx))
                .isNull();
    }

    @Test
    void thePushedOwnedStateIsTheActualOneWithThePlanApplied() {
        KongState actual = KongState.builder().add(Fixtures.service("billing")).add(Fixtures.service("orders")).build();
        Plan plan = new Plan(List.of(new Delete(Fixtures.service("orders"), "orders", "orders"),
                new Create(Fixtures.service("users"), "users", "users")), List.of(), 2);
        KongState after = DbLessSync.afterPlan(actual, plan);
        assertThat(after.services()).extracting(s -> s.name()).containsExactly("billing", "users");
        // Without the plan's operations for "users", only the delete remains; "billing" is untouched either way.
        assertThat(DbLessSync.afterPlan(actual, plan.withoutServices(java.util.Set.of("users"))).services())
                .extracting(s -> s.name()).containsExactly("billing");
    }
}
