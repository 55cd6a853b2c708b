package io.catalogsync.sync.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.apply.ApplyResult;
import io.catalogsync.sync.plan.FieldChange;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Update;
import io.catalogsync.sync.state.EntityJson;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One JSON record per write a cycle attempted, for an audit log: when, which cycle, which entity, the operation,
 * the fields before and after (the whole entity for a create or delete), and how Kong answered. Dry runs write
 * nothing and have no records. Values of secret-looking fields are replaced by {@code "<redacted>"} unless they
 * are vault references ({@code {vault://...}}), which name a secret without holding it. Pure: the caller writes
 * the lines where the operator asked.
 */
public final class AuditTrail {

    /** Field names whose values are secrets wherever they appear in an entity. */
    private static final Set<String> SECRET_FIELDS = Set.of("password", "redis_password", "secret", "token",
            "client_secret", "api_key", "access_token", "sentinel_password", "private_key", "key_secret");
    static final String REDACTED = "<redacted>";

    private AuditTrail() {
    }

    public static List<ObjectNode> records(CycleResult r, String cycleId) {
        List<ObjectNode> out = new ArrayList<>();
        if (r.dryRun()) {
            return out;
        }
        Map<Operation, ApplyResult.FailedOperation> failed = new IdentityHashMap<>();
        r.applied().failed().forEach(f -> failed.put(f.operation(), f));
        Map<Operation, ApplyResult.SkippedOperation> skipped = new IdentityHashMap<>();
        r.applied().skipped().forEach(s -> skipped.put(s.operation(), s));
        Set<Operation> applied = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        applied.addAll(r.applied().applied());
        for (Operation o : r.plan().operations()) {
            ObjectNode n = EntityJson.MAPPER.createObjectNode();
            n.put("time", r.finishedAt().toString());
            n.put("cycle", cycleId);
            n.put("operation", o.kind().name().toLowerCase(Locale.ROOT));
            ObjectNode entity = n.putObject("entity");
            entity.put("type", o.type().tag());
            entity.put("key", o.key());
            entity.put("id", o.entity().id());
            entity.put("catalog_service", o.catalogService());
            if (o instanceof Update u) {
                ArrayNode changes = n.putArray("changes");
                for (FieldChange c : u.changes()) {
                    changes.addObject().put("field", c.path()).<ObjectNode>set("before", redact(c.path(), c.before()))
                            .set("after", redact(c.path(), c.after()));
                }
            } else if (o.kind() == Operation.Kind.CREATE) {
                n.set("after", redact(EntityJson.toNode(o.entity())));
            } else {
                n.set("before", redact(EntityJson.toNode(o.entity())));
            }
            ObjectNode kong = n.putObject("kong");
            if (failed.containsKey(o)) {
                ApplyResult.FailedOperation f = failed.get(o);
                kong.put("result", "failed").put("status", f.status()).put("message", f.message());
            } else if (skipped.containsKey(o)) {
                kong.put("result", "skipped").put("message", skipped.get(o).reason());
            } else if (applied.contains(o)) {
                kong.put("result", "ok");
            } else {
                kong.put("result", "not attempted");
            }
            out.add(n);
        }
        return out;
    }

    private static JsonNode redact(String path, JsonNode value) {
        String leaf = path.substring(path.lastIndexOf('.') + 1);
        if (SECRET_FIELDS.contains(leaf) && isSecretValue(value)) {
            return TextNode.valueOf(REDACTED);
        }
        return value == null ? null : redact(value.deepCopy());
    }

    /** Replaces secret values anywhere in {@code node}, in place; returns it. */
    static JsonNode redact(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (SECRET_FIELDS.contains(e.getKey()) && isSecretValue(e.getValue())) {
                    e.setValue(TextNode.valueOf(REDACTED));
                } else {
                    redact(e.getValue());
                }
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(AuditTrail::redact);
        }
        return node;
    }

    private static boolean isSecretValue(JsonNode v) {
        return v != null && !v.isNull() && !(v.isTextual() && v.asText().startsWith("{vault://"));
    }
}
