package io.catalogsync.sync.guard;

import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Plan;
import io.catalogsync.sync.plan.RefusedDeletion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DESIGN.md's safety rules for deletions. An empty catalog while Kong holds owned entities, a plan deleting
 * more than {@code maxDeleteRatio} of the owned entities, or one that would take the deletions of the last window
 * over the {@link DeleteBudget}, keeps every deletion back (creates and updates still run) unless forced. The refusal is part of the plan so that {@code /status} and metrics can show it.
 *
 * <p>The third rule — a catalog that failed, timed out or did not parse means no deletion — is enforced
 * before a plan exists: such a cycle writes nothing at all (see {@code Reconciler}).
 */
public final class DeletionGuard {

    public static final double DEFAULT_MAX_DELETE_RATIO = 0.25;

    private final double maxDeleteRatio;
    private final boolean force;
    private final DeleteBudget budget;
    private final int spent;

    public DeletionGuard(double maxDeleteRatio, boolean force) {
        this(maxDeleteRatio, force, DeleteBudget.OFF, 0);
    }

    /**
     * @param budget deletions allowed over a window across cycles
     * @param spent  deletions already made within that window
     */
    public DeletionGuard(double maxDeleteRatio, boolean force, DeleteBudget budget, int spent) {
        if (!(maxDeleteRatio >= 0.0 && maxDeleteRatio <= 1.0)) {
            throw new IllegalArgumentException("max delete ratio must be between 0 and 1, was " + maxDeleteRatio);
        }
        this.maxDeleteRatio = maxDeleteRatio;
        this.force = force;
        this.budget = budget;
        this.spent = spent;
    }

    /**
     * @param catalogServices how many services the catalog listed (valid or not)
     */
    public Plan check(Plan plan, int catalogServices) {
        int deletes = plan.count(Operation.Kind.DELETE);
        if (force || deletes == 0) {
            return plan;
        }
        int owned = plan.ownedEntities();
        RefusedDeletion refusal = null;
        if (catalogServices == 0 && owned > 0) {
            refusal = new RefusedDeletion(RefusedDeletion.Reason.EMPTY_CATALOG,
                    "the catalog lists no service while Kong holds " + owned
                            + " owned entities; refusing to delete them (use --force to allow)", plan.ofKind(Operation.Kind.DELETE));
        } else if (owned > 0 && deletes > maxDeleteRatio * owned) {
            refusal = new RefusedDeletion(RefusedDeletion.Reason.DELETE_RATIO,
                    String.format(Locale.ROOT, "the plan deletes %d of %d owned entities (%.0f%%), more than "
                                    + "--max-delete-ratio %s allows; refusing to delete (use --force to allow)",
                            deletes, owned, 100.0 * deletes / owned, maxDeleteRatio), plan.ofKind(Operation.Kind.DELETE));
        } else if (!budget.off() && spent + deletes > budget.maxDeletes()) {
            // All or nothing: deleting a part would pick entities out of dependency order.
            refusal = new RefusedDeletion(RefusedDeletion.Reason.DELETE_BUDGET,
                    String.format(Locale.ROOT, "the plan deletes %d entities, and %d were deleted in the last %s; "
                                    + "more than --max-deletes-per-window %d allows; refusing to delete until the "
                                    + "window passes (use --force to allow)", deletes, spent,
                            budget.window(),
                            budget.maxDeletes()), plan.ofKind(Operation.Kind.DELETE));
        }
        if (refusal == null) {
            return plan;
        }
        List<Operation> kept = new ArrayList<>();
        for (Operation o : plan.operations()) {
            if (o.kind() != Operation.Kind.DELETE) {
                kept.add(o);
            }
        }
        List<RefusedDeletion> refused = new ArrayList<>(plan.refusedDeletions());
        refused.add(refusal);
        return new Plan(kept, refused, owned);
    }
}
