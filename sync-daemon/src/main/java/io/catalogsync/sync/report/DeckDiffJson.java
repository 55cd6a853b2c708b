package io.catalogsync.sync.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.catalog.translate.Warning;
import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.SyncError;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.RefusedDeletion;
import io.catalogsync.sync.plan.Update;
import io.catalogsync.sync.state.EntityJson;
import java.util.Locale;

/**
 * A plan in the shape of decK's {@code deck gateway diff --json-output}, so that CI wrappers written for decK read
 * it unchanged: {@code changes.creating/updating/deleting} (each {@code {name, kind, body: {new, old}}}),
 * {@code summary.creating/updating/deleting/total}, {@code warnings} and {@code errors} as strings. The shape is
 * decK's {@code JSONOutputObject} in go-database-reconciler ({@code pkg/diff/diff.go}), including its quirk that
 * a deletion's entity is under {@code body.new}. Additions decK readers ignore: {@code changes.dropped}, the
 * deletions a guard held back, with their reason.
 */
public final class DeckDiffJson {

    private DeckDiffJson() {
    }

    public static ObjectNode of(CycleResult r) {
        ObjectNode root = EntityJson.MAPPER.createObjectNode();
        ObjectNode changes = root.putObject("changes");
        ArrayNode creating = changes.putArray("creating");
        ArrayNode updating = changes.putArray("updating");
        ArrayNode deleting = changes.putArray("deleting");
        for (Operation o : r.plan().operations()) {
            switch (o.kind()) {
                case CREATE -> creating.add(state(o, EntityJson.toNode(o.entity()), NullNode.getInstance()));
                case UPDATE -> updating.add(state(o, EntityJson.toNode(o.entity()),
                        EntityJson.toNode(((Update) o).current())));
                default -> deleting.add(state(o, EntityJson.toNode(o.entity()), NullNode.getInstance()));
            }
        }
        ArrayNode dropped = changes.putArray("dropped");
        for (RefusedDeletion d : r.refusedDeletions()) {
            dropped.addObject().put("reason", d.reason().name().toLowerCase(Locale.ROOT)).put("count", d.count())
                    .put("message", d.message());
        }
        ObjectNode summary = root.putObject("summary");
        summary.put("creating", creating.size());
        summary.put("updating", updating.size());
        summary.put("deleting", deleting.size());
        summary.put("total", creating.size() + updating.size() + deleting.size());
        ArrayNode warnings = root.putArray("warnings");
        for (Warning w : r.warnings()) {
            warnings.add(w.toString());
        }
        ArrayNode errors = root.putArray("errors");
        if (r.failure() != null) {
            errors.add(r.failure().message());
        }
        for (SyncError e : r.errors()) {
            errors.add((e.service() == null ? "(shared)" : e.service()) + ": "
                    + e.stage().name().toLowerCase(Locale.ROOT) + ": " + e.subject() + ": " + e.message());
        }
        return root;
    }

    private static ObjectNode state(Operation o, JsonNode newer, JsonNode older) {
        ObjectNode n = EntityJson.MAPPER.createObjectNode();
        n.put("name", o.key());
        n.put("kind", o.type().tag());
        ObjectNode body = n.putObject("body");
        body.set("new", newer);
        body.set("old", older);
        return n;
    }

    /** decK's closing lines of a diff: {@code Summary:} then created, updated and deleted counts. */
    public static String summaryText(CycleResult r) {
        return "Summary:\n"
                + "  Created: " + r.plan().count(Operation.Kind.CREATE) + "\n"
                + "  Updated: " + r.plan().count(Operation.Kind.UPDATE) + "\n"
                + "  Deleted: " + r.plan().count(Operation.Kind.DELETE) + "\n";
    }
}
