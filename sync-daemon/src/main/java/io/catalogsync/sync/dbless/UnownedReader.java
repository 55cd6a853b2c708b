package io.catalogsync.sync.dbless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.ListQuery;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads, exactly as Kong returns them, the entities of the six collections the daemon manages that do not carry
 * the owner tag. A DB-less {@code POST /config} replaces the whole configuration, so these must go into every
 * push unchanged. Targets are read under every upstream, owned or not (an owned upstream may hold foreign
 * targets).
 */
final class UnownedReader {

    private final KongAdminClient client;
    private final String ownerTag;

    UnownedReader(KongAdminClient client, String ownerTag) {
        this.client = client;
        this.ownerTag = ownerTag;
    }

    /** By collection name ({@code services}, ...). */
    Future<Map<String, List<ObjectNode>>> read() {
        Future<List<ObjectNode>> upstreams = client.upstreams().listRaw(ListQuery.ALL);
        Future<List<ObjectNode>> services = client.services().listRaw(ListQuery.ALL);
        Future<List<ObjectNode>> routes = client.routes().listRaw(ListQuery.ALL);
        Future<List<ObjectNode>> consumers = client.consumers().listRaw(ListQuery.ALL);
        Future<List<ObjectNode>> plugins = client.plugins().listRaw(ListQuery.ALL);
        Future<List<ObjectNode>> targets = upstreams.compose(us -> {
            List<Future<List<ObjectNode>>> per = new ArrayList<>();
            for (ObjectNode u : us) {
                per.add(client.targets(u.path("id").asText()).listRaw(ListQuery.ALL));
            }
            return Future.all(per).map(cf -> {
                List<ObjectNode> all = new ArrayList<>();
                per.forEach(f -> all.addAll(f.result()));
                return all;
            });
        });
        return Future.all(List.of(upstreams, services, routes, consumers, plugins, targets)).map(cf -> {
            Map<String, List<ObjectNode>> out = new HashMap<>();
            out.put("upstreams", unowned(upstreams.result()));
            out.put("targets", unowned(targets.result()));
            out.put("services", unowned(services.result()));
            out.put("routes", unowned(routes.result()));
            out.put("consumers", unowned(consumers.result()));
            out.put("plugins", unowned(plugins.result()));
            return out;
        });
    }

    private List<ObjectNode> unowned(List<ObjectNode> raw) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode n : raw) {
            if (!hasOwnerTag(n.get("tags"))) {
                out.add(n);
            }
        }
        return out;
    }

    private boolean hasOwnerTag(JsonNode tags) {
        if (tags != null && tags.isArray()) {
            for (JsonNode t : tags) {
                if (ownerTag.equals(t.asText())) {
                    return true;
                }
            }
        }
        return false;
    }
}
