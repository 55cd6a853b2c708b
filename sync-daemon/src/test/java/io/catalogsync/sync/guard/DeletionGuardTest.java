package io.catalogsync.sync.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catalogsync.sync.Fixtures;
import io.catalogsync.sync.plan.Create;
import io.catalogsync.sync.plan.Delete;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Plan;
import io.catalogsync.sync.plan.RefusedDeletion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeletionGuardTest {

    private static Plan plan(int creates, int deletes, int owned) {
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < creates; i++) {
            ops.add(new Create(Fixtures.service("new" + i), "new" + i, "new" + i));
        }
        for (int i = 0; i < deletes; i++) {
            ops.add(new Delete(Fixtures.service("old" + i), "old" + i, "old" + i));
        }
        return new Plan(ops, List.of(), owned);
    }

    @Test
    void emptyCatalogWithOwnedEntitiesDeletesNothing() {
        Plan checked = new DeletionGuard(1.0, false).check(plan(0, 10, 10), 0);
        assertThat(checked.operations()).isEmpty();
        assertThat(checked.refusedDeletions()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RefusedDeletion.Reason.EMPTY_CATALOG);
            assertThat(r.count()).isEqualTo(10);
            assertThat(r.message()).contains("no service").contains("--force");
        });
    }

    @Test
    void tooManyDeletesAreRefusedButCreatesGoAhead() {
        Plan checked = new DeletionGuard(0.25, false).check(plan(3, 6, 20), 5);
        assertThat(checked.operations()).hasSize(3).allMatch(o -> o instanceof Create);
        assertThat(checked.refusedDeletions()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RefusedDeletion.Reason.DELETE_RATIO);
            assertThat(r.count()).isEqualTo(6);
            assertThat(r.message()).contains("6 of 20").contains("30%").contains("0.25");
        });
    }

    @Test
    void deletesWithinTheRatioGoAhead() {
        Plan p = plan(0, 5, 20);
        assertThat(new DeletionGuard(0.25, false).check(p, 3)).isSameAs(p);
    }

    @Test
    void forceLiftsBothGuards() {
        Plan all = plan(0, 10, 10);
        assertThat(new DeletionGuard(0.25, true).check(all, 0).operations()).hasSize(10);
        assertThat(new DeletionGuard(0.25, true).check(all, 4).refusedDeletions()).isEmpty();
    }

    @Test
    void rejectsAnImpossibleRatio() {
        assertThatThrownBy(() -> new DeletionGuard(1.5, false)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> new DeletionGuard(Double.NaN, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
