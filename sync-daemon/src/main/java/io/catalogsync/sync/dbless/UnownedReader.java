package io.catalogsync.sync.dbless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.entity.EntityType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads everything in a DB-less Kong the daemon does not own, from Kong's own export ({@code GET /config}): every
 * entity type Kong has (certificates, SNIs, CA certificates, vaults, consumer credentials, consumer groups, plugin
 * entities, ...), not only the six the daemon manages. A DB-less {@code POST /config} replaces the whole
 * configuration, so all of it must go into every push unchanged.
 *
 * <p>Only the daemon's own entities of the collections it manages are taken out (the push carries their desired
 * state instead). An owner-tagged entity of any other type was not written by the daemon and is kept. Everything
 * else stays exactly as exported — foreign keys as bare ids, nulls, {@code created_at} — except {@code updated_at},
 * which Kong sets again on every load whatever the input says (kong/db/schema/init.lua
 * {@code process_auto_fields}: {@code created_at} is kept when given, {@code updated_at} always regenerated).
 * The export's {@code _transform: false} is kept too: exported basic-auth passwords, oauth2 secrets and CA
 * certificate digests are already transformed and must not be hashed a second time.
 */
final class UnownedReader {

    /** The collections the daemon manages: its owned entities there are replaced by the desired state. */
    static final Set<String> MANAGED = managed();

    private final Vertx vertx;
    private final KongAdminClient client;
    private final String ownerTag;

    UnownedReader(Vertx vertx, KongAdminClient client, String ownerTag) {
        this.vertx = vertx;
        this.client = client;
        this.ownerTag = ownerTag;
    }

    /** Kong's export without the daemon's own entities: meta keys ({@code _transform}) and one list per collection. */
    Future<ObjectNode> read() {
        // Copying a large configuration is CPU work: a worker does it, as it parsed the export.
        return client.exportConfig().compose(doc -> vertx.executeBlocking(() -> unowned((ObjectNode) doc, ownerTag),
                false));
    }

    static ObjectNode unowned(ObjectNode export, String ownerTag) {
        ObjectNode out = export.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = export.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            String collection = f.getKey();
            JsonNode value = f.getValue();
            if (!value.isArray()) {
                out.set(collection, value.deepCopy());
                continue;
            }
            ArrayNode kept = out.putArray(collection);
            for (JsonNode item : value) {
                if (MANAGED.contains(collection) && item.isObject() && hasTag(item.get("tags"), ownerTag)) {
                    continue;
                }
                JsonNode copy = item.deepCopy();
                if (copy.isObject()) {
                    ((ObjectNode) copy).remove("updated_at");
                }
                kept.add(copy);
            }
            if (kept.isEmpty()) {
                out.remove(collection);
            }
        }
        return out;
    }

    private static boolean hasTag(JsonNode tags, String tag) {
        if (tags != null && tags.isArray()) {
            for (JsonNode t : tags) {
                if (tag.equals(t.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Set<String> managed() {
        Set<String> s = new HashSet<>();
        for (EntityType t : EntityType.values()) {
            s.add(t.collection());
        }
        return Set.copyOf(s);
    }
}
