package io.catalogsync.kong.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reading the non-entity answers: {@code GET /}, {@code GET /status} and a rejected DB-less {@code /config}. */
final class ResponseParsers {

    private ResponseParsers() {
    }

    /**
     * {@code GET /} (kong/api/routes/kong.lua). {@code plugins.available_on_server} is an object keyed by plugin
     * name ({@code {version, priority}} values) in real Kong; an array of names is accepted too.
     */
    static KongInfo info(JsonNode root) {
        requireObject(root, "/");
        JsonNode conf = root.path("configuration");
        JsonNode plugins = root.path("plugins");
        Set<String> available = new LinkedHashSet<>();
        JsonNode aos = plugins.path("available_on_server");
        if (aos.isObject()) {
            aos.fieldNames().forEachRemaining(available::add);
        } else if (aos.isArray()) {
            aos.forEach(n -> available.add(n.asText()));
        }
        Set<String> enabled = new LinkedHashSet<>();
        JsonNode eic = plugins.path("enabled_in_cluster");
        if (eic.isArray()) {
            eic.forEach(n -> enabled.add(n.asText()));
        } else if (eic.isObject()) {
            eic.fieldNames().forEachRemaining(enabled::add);
        }
        return new KongInfo(text(root.get("version")), text(root.get("edition")), text(conf.get("database")),
                text(conf.get("router_flavor")), available, enabled);
    }

    /** {@code GET /status}: {@code database.reachable} in DB mode, {@code configuration_hash} in DB-less. */
    static KongStatus status(JsonNode root) {
        requireObject(root, "/status");
        JsonNode reachable = root.path("database").get("reachable");
        Boolean dbReachable = reachable == null || reachable.isNull() ? null : reachable.asBoolean();
        return new KongStatus(dbReachable, text(root.get("configuration_hash")));
    }

    /**
     * {@code flattened_errors} of a rejected configuration (kong/db/errors.lua, {@code declarative_config_flattened}):
     * an array of {@code {entity_type, entity_name?, entity_id?, entity_tags?, entity, errors: [{type, field?,
     * message}]}}. Kong encodes an empty list as {@code {}}, which gives no entries.
     */
    static List<ConfigResult.EntityError> flattenedErrors(JsonNode flattened) {
        List<ConfigResult.EntityError> out = new ArrayList<>();
        if (flattened == null || !flattened.isArray()) {
            return out;
        }
        for (JsonNode e : flattened) {
            List<String> tags = null;
            JsonNode t = e.get("entity_tags");
            if (t != null && t.isArray()) {
                tags = new ArrayList<>();
                for (JsonNode tag : t) {
                    tags.add(tag.asText());
                }
            }
            List<ConfigResult.FieldError> fieldErrors = new ArrayList<>();
            JsonNode errors = e.path("errors");
            for (Iterator<JsonNode> it = errors.elements(); it.hasNext(); ) {
                JsonNode fe = it.next();
                // type "entity" errors have no field: the whole entity is wrong (an entity check).
                String field = "entity".equals(text(fe.get("type"))) ? null : text(fe.get("field"));
                fieldErrors.add(new ConfigResult.FieldError(field, text(fe.get("message"))));
            }
            JsonNode entity = e.get("entity");
            out.add(new ConfigResult.EntityError(text(e.get("entity_type")), text(e.get("entity_name")),
                    text(e.get("entity_id")), tags, fieldErrors, entity == null || entity.isNull() ? null : entity));
        }
        return out;
    }

    static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n.asText();
    }

    private static void requireObject(JsonNode n, String path) {
        if (n == null || !n.isObject()) {
            throw new KongTransportException("GET", path, "the answer is not a JSON object", null);
        }
    }
}
