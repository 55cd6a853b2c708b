package io.catalogsync.sync;

import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sees another writer: an owned entity this process wrote in the previous cycle that has to be written again, to
 * the same desired state, in this one (or deleted again). Nothing in the catalog asked for a change (the desired
 * entity is the same), so someone changed it in between: a second daemon with the same owner tag on another
 * catalog, or a tool fighting the daemon. Two such daemons otherwise both report success while undoing each other's writes on every
 * cycle. Pure: the reconciler holds one and feeds it each applied cycle.
 */
final class ContestedWrites {

    /** Entities named in the report and the log; the count covers all of them. */
    static final int EXAMPLES = 10;

    private Map<String, Operation> lastWritten = Map.of();

    /**
     * @param plan    this cycle's plan
     * @param applied what Kong accepted this cycle; becomes the reference for the next cycle
     * @return the plan's operations that redo a write of the previous cycle, as {@code kind type key} lines
     */
    synchronized List<String> observe(Plan plan, List<Operation> applied) {
        List<String> contested = new ArrayList<>();
        for (Operation o : plan.operations()) {
            Operation before = lastWritten.get(o.type().key(o.entity().id()));
            // Deleting what the previous cycle created is the catalog's doing; deleting it again is not.
            boolean again = before != null && (o.kind() == Operation.Kind.DELETE
                    ? before.kind() == Operation.Kind.DELETE
                    : before.kind() != Operation.Kind.DELETE && before.entity().equals(o.entity()));
            if (again) {
                contested.add(o.describe() + (o.catalogService() == null ? "" : " [" + o.catalogService() + "]"));
            }
        }
        Map<String, Operation> written = new HashMap<>();
        for (Operation o : applied) {
            written.put(o.type().key(o.entity().id()), o);
        }
        lastWritten = written;
        return contested;
    }
}
