package io.catalogsync.sync.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.catalog.translate.Warning;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.SyncError;
import io.catalogsync.sync.apply.ApplyResult;
import io.catalogsync.sync.read.Conflict;
import io.catalogsync.sync.plan.FieldChange;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Plan;
import io.catalogsync.sync.plan.RefusedDeletion;
import io.catalogsync.sync.plan.Update;
import io.catalogsync.sync.state.EntityJson;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link CycleResult} as JSON (CLI {@code --output json}, the daemon's {@code /status}) or as text for a
 * terminal. Neither holds a secret: the result never contains the catalog key or the Kong admin token, and
 * credentials inside entities are vault references.
 */
public final class CycleReport {

    private CycleReport() {
    }

    /**
     * @param operations include the plan's operations (with field-level changes, and the entity written for
     *                   creates); the daemon's {@code /status} leaves them out and keeps only counts
     */
    public static ObjectNode toJson(CycleResult r, boolean operations) {
        ObjectNode n = EntityJson.MAPPER.createObjectNode();
        n.put("started_at", r.startedAt().toString());
        n.put("finished_at", r.finishedAt().toString());
        n.put("duration_ms", r.duration().toMillis());
        n.put("outcome", r.outcome().name());
        n.put("dry_run", r.dryRun());
        if (r.failure() != null) {
            n.putObject("failure").put("kind", r.failure().kind().name()).put("message", r.failure().message());
        }
        ObjectNode catalog = n.putObject("catalog");
        catalog.put("source", r.catalog().source());
        catalog.put("etag", r.catalog().etag());
        catalog.put("not_modified", r.catalog().notModified());
        catalog.put("services", r.catalog().services());
        catalog.put("valid", r.catalog().valid());
        catalog.put("rejected", r.catalog().rejected());
        if (r.kong() != null) {
            ObjectNode kong = n.putObject("kong").put("version", r.kong().version()).put("mode", r.kong().mode())
                    .put("owned_entities", r.kong().ownedEntities());
            ObjectNode byType = kong.putObject("owned_after");
            r.kong().ownedByType().forEach((t, c) -> byType.put(t.tag(), c));
        } else {
            n.putNull("kong");
        }
        n.set("plan", planJson(r.plan(), r.applied(), operations));
        ObjectNode applied = n.putObject("result");
        applied.put("applied", r.applied().applied().size());
        applied.put("failed", r.applied().failed().size());
        applied.put("skipped", r.applied().skipped().size());
        applied.put("config_pushes", r.configPushes());
        ArrayNode failedServices = applied.putArray("failed_services");
        r.failedServices().forEach(failedServices::add);
        ArrayNode errors = n.putArray("errors");
        for (SyncError e : r.errors()) {
            errors.addObject().put("service", e.service()).put("stage", e.stage().name().toLowerCase(Locale.ROOT))
                    .put("subject", e.subject()).put("message", e.message());
        }
        ArrayNode warnings = n.putArray("warnings");
        for (Warning w : r.warnings()) {
            warnings.addObject().put("service", w.service()).put("field", w.field()).put("message", w.message());
        }
        ArrayNode conflicts = n.putArray("conflicts");
        for (Conflict c : r.conflicts()) {
            conflicts.addObject().put("type", c.type().tag()).put("key", c.key()).put("service", c.catalogService())
                    .put("holder_id", c.holderId()).put("withheld_dependents", c.withheldDependents())
                    .put("message", c.message());
        }
        ObjectNode other = n.putObject("other_writer");
        other.put("contested", r.contestedCount());
        other.put("contested_in_cycle", r.contestedInCycle());
        ArrayNode contested = other.putArray("examples");
        r.contested().forEach(contested::add);
        ArrayNode refused = n.putArray("refused_deletions");
        for (RefusedDeletion d : r.refusedDeletions()) {
            ObjectNode rn = refused.addObject().put("reason", d.reason().tag()).put("count", d.count())
                    .put("message", d.message());
            if (operations) {
                ArrayNode held = rn.putArray("held");
                for (Operation o : d.held()) {
                    held.addObject().put("type", o.type().tag()).put("key", o.key()).put("id", o.entity().id())
                            .put("service", o.catalogService());
                }
            }
        }
        return n;
    }

    private static ObjectNode planJson(Plan plan, ApplyResult applied, boolean operations) {
        ObjectNode p = EntityJson.MAPPER.createObjectNode();
        p.put("create", plan.count(Operation.Kind.CREATE));
        p.put("update", plan.count(Operation.Kind.UPDATE));
        p.put("delete", plan.count(Operation.Kind.DELETE));
        Map<EntityType, Integer> held = held(plan);
        p.put("held", held.values().stream().mapToInt(Integer::intValue).sum());
        ObjectNode counts = p.putObject("by_type");
        plan.counts().forEach((kind, byType) -> {
            ObjectNode k = counts.putObject(kind.tag());
            byType.forEach((t, c) -> k.put(t.tag(), c));
        });
        ObjectNode heldByType = counts.putObject("held");
        held.forEach((t, c) -> heldByType.put(t.tag(), c));
        if (!operations) {
            return p;
        }
        Map<Operation, String> status = new HashMap<>();
        applied.applied().forEach(o -> status.put(o, "applied"));
        applied.failed().forEach(f -> status.put(f.operation(), "failed: " + f.message()));
        applied.skipped().forEach(s -> status.put(s.operation(), "skipped: " + s.reason()));
        ArrayNode ops = p.putArray("operations");
        for (Operation o : plan.operations()) {
            ObjectNode on = ops.addObject();
            on.put("kind", o.kind().tag());
            on.put("type", o.type().tag());
            on.put("key", o.key());
            on.put("id", o.entity().id());
            on.put("service", o.catalogService());
            if (status.containsKey(o)) {
                on.put("result", status.get(o));
            }
            if (o instanceof Update u) {
                ArrayNode changes = on.putArray("changes");
                for (FieldChange c : u.changes()) {
                    changes.addObject().put("path", c.path()).<ObjectNode>set("before", c.before()).set("after", c.after());
                }
            } else if (o.kind() == Operation.Kind.CREATE) {
                on.set("entity", EntityJson.toNode(o.entity()));
            }
        }
        return p;
    }

    /** Terraform-like text: a summary line, one line per operation, field changes under updates. */
    public static String toText(CycleResult r) {
        StringBuilder sb = new StringBuilder();
        Plan plan = r.plan();
        if (r.failure() != null) {
            sb.append("FAILED (").append(r.failure().kind().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                    .append("): ").append(r.failure().message()).append('\n');
        }
        sb.append(r.dryRun() ? "Plan: " : "Sync " + r.outcome().tag().replace('_', ' ') + ": ")
                .append(plan.count(Operation.Kind.CREATE)).append(" to create, ")
                .append(plan.count(Operation.Kind.UPDATE)).append(" to update, ")
                .append(plan.count(Operation.Kind.DELETE)).append(" to delete");
        int held = r.refusedDeletions().stream().mapToInt(RefusedDeletion::count).sum();
        if (held > 0) {
            sb.append(", ").append(held).append(" deletion").append(held == 1 ? "" : "s").append(" held back");
        }
        if (r.kong() != null) {
            sb.append(" (Kong ").append(r.kong().version()).append(", ").append(r.kong().mode()).append(" mode, ")
                    .append(r.kong().ownedEntities()).append(" owned entities)");
        }
        sb.append('\n');
        sb.append("Catalog ").append(r.catalog().source()).append(": ").append(r.catalog().services())
                .append(" services, ").append(r.catalog().valid()).append(" valid, ").append(r.catalog().rejected())
                .append(" rejected").append(r.catalog().notModified() ? " (not modified since the last fetch)" : "")
                .append('\n');
        sb.append(countsTable(plan));
        Map<Operation, String> status = new HashMap<>();
        r.applied().failed().forEach(f -> status.put(f.operation(), "FAILED: " + f.message()));
        r.applied().skipped().forEach(s -> status.put(s.operation(), "SKIPPED: " + s.reason()));
        if (!plan.isEmpty()) {
            sb.append('\n');
        }
        for (Operation o : plan.operations()) {
            sb.append(symbol(o.kind())).append(' ').append(o.type().tag()).append(' ').append(o.key());
            if (o.catalogService() != null) {
                sb.append("  [").append(o.catalogService()).append(']');
            }
            sb.append('\n');
            if (o instanceof Update u) {
                for (FieldChange c : u.changes()) {
                    sb.append("    ").append(c.path()).append(": ").append(c.before()).append(" -> ")
                            .append(c.after()).append('\n');
                }
            }
            if (status.containsKey(o)) {
                sb.append("    ").append(status.get(o)).append('\n');
            }
        }
        List<String> refusedLines = new ArrayList<>();
        for (RefusedDeletion d : r.refusedDeletions()) {
            refusedLines.add(d.reason().tag() + " (" + d.count() + "): " + d.message());
            for (Operation o : d.held()) {
                refusedLines.add("  ! " + o.type().tag() + " " + o.key()
                        + (o.catalogService() == null ? "" : "  [" + o.catalogService() + "]") + "  held: " + d.reason().tag());
            }
        }
        section(sb, "Deletions held back", refusedLines);
        section(sb, "Conflicts", r.conflicts().stream().map(Conflict::message).toList());
        section(sb, r.contestedCount() == 0 ? "" : "Another writer undid " + r.contestedCount()
                + " write(s) of the previous cycle" + (r.contestedInCycle() == 0 ? "" : " or of this one ("
                + r.contestedInCycle() + " between its read and write)"), r.contested());
        section(sb, "Errors", r.errors().stream().map(e -> (e.service() == null ? "(shared)" : e.service()) + ": "
                + e.stage().name().toLowerCase(Locale.ROOT) + ": " + e.subject() + ": " + e.message()).toList());
        section(sb, "Warnings", r.warnings().stream().map(Warning::toString).toList());
        return sb.toString();
    }

    /** Deletions a guard holds back, by entity type; every type present, zero when none. */
    private static Map<EntityType, Integer> held(Plan plan) {
        Map<EntityType, Integer> out = new EnumMap<>(EntityType.class);
        for (EntityType t : EntityType.values()) {
            out.put(t, 0);
        }
        for (RefusedDeletion d : plan.refusedDeletions()) {
            d.held().forEach(o -> out.merge(o.type(), 1, Integer::sum));
        }
        return out;
    }

    /**
     * Counts per entity kind of what the plan creates, updates, deletes and holds back, one row per kind with
     * anything to do; empty when the plan is empty and nothing is held.
     */
    static String countsTable(Plan plan) {
        Map<Operation.Kind, Map<EntityType, Integer>> counts = plan.counts();
        Map<EntityType, Integer> held = held(plan);
        StringBuilder sb = new StringBuilder();
        for (EntityType t : EntityType.values()) {
            int c = counts.get(Operation.Kind.CREATE).get(t);
            int u = counts.get(Operation.Kind.UPDATE).get(t);
            int d = counts.get(Operation.Kind.DELETE).get(t);
            int h = held.get(t);
            if (c + u + d + h > 0) {
                sb.append(String.format(Locale.ROOT, "  %-9s %6d %6d %6d %6d%n", t.tag(), c, u, d, h));
            }
        }
        if (sb.length() == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "  %-9s %6s %6s %6s %6s%n", "kind", "create", "update", "delete", "held")
                + sb;
    }

    private static void section(StringBuilder sb, String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        sb.append('\n').append(title).append(":\n");
        lines.forEach(l -> sb.append("  ").append(l).append('\n'));
    }

    private static String symbol(Operation.Kind k) {
        switch (k) {
            case CREATE: return "+";
            case UPDATE: return "~";
            default: return "-";
        }
    }
}
