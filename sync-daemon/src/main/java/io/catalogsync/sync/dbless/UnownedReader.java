package io.catalogsync.sync.dbless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongInfo;
import io.catalogsync.kong.admin.KongNotFoundException;
import io.catalogsync.kong.admin.Page;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.sync.read.Bounded;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads everything in a DB-less Kong the daemon does not own: every entity of every collection Kong's declarative
 * export holds (certificates, SNIs, CA certificates, vaults, keys, consumer credentials, ...), not only the six the
 * daemon manages. A DB-less {@code POST /config} replaces the whole configuration, so all of it must go into every
 * push unchanged.
 *
 * <p>Two ways to read it, and the log says which one a push used:
 * <ul>
 * <li><b>Untagged list pages</b> (the default): {@code GET /<collection>?size=1000} of every exportable collection,
 * one page in memory at a time, each page filtered and reshaped as Kong's export shapes an entity before the next
 * is read. At 10,000 services Kong's own export is ~45 M characters of YAML in one JSON string, which with its
 * parsed tree does not fit in a 256 MiB heap; the pages never hold more than 1,000 entities at once, and Kong
 * answers them from memory (DB-less lists are served by {@code kong/db/strategies/off/init.lua}). Lists are
 * untagged because Kong 3.9 DB-less answers tag-filtered lists of a collection holding an untagged entity with 500
 * (kong-transcripts/3.9.3-daemon/README.md).</li>
 * <li><b>{@code GET /config}</b>, when the lists cannot be known to be complete: Kong reports a plugin outside the
 * bundled set of 3.4-3.9 (a custom plugin may bring its own DAO, whose collection the daemon cannot name), or an
 * edition other than the open-source one (Enterprise has more entity types).</li>
 * </ul>
 *
 * <p>The collections read are those of Kong's declarative schema that its export includes (every DAO without
 * {@code db_export = false}; kong/db/declarative/export.lua, kong/db/schema/entities/*.lua, and the bundled
 * plugins' {@code daos.lua}): the core collections below and the credentials of key-auth, basic-auth, hmac-auth,
 * jwt, oauth2 and acl. Not exported, so not read: oauth2 tokens and authorization codes, session's sessions,
 * acme's storage, and Kong's own bookkeeping (tags, workspaces, parameters, clustering data planes). A 404 for a
 * top-level collection means this Kong has no such collection (a plugin that is not loaded, an entity newer than
 * this Kong: vaults, keys and key sets from 3.0/3.1 on, filter chains only with WebAssembly), so it holds none of
 * them. Any other failure fails the read: a push built without one collection would delete all of it.
 *
 * <p>Only the daemon's own entities of the collections it manages are taken out (the push carries their desired
 * state instead). An owner-tagged entity of any other type was not written by the daemon and is kept. Everything
 * else stays as Kong's export has it — foreign keys as bare ids, nulls, {@code created_at} — except
 * {@code updated_at}, which Kong sets again on every load whatever the input says (kong/db/schema/init.lua
 * {@code process_auto_fields}: {@code created_at} is kept when given, {@code updated_at} always regenerated), and a
 * null {@code ttl} of a credential, which the export leaves out (kong-transcripts/3.4.2-daemon/daemon-dbless.json,
 * {@code keyauth_credentials}). The result carries {@code _transform: false}, as the export does: listed
 * basic-auth passwords, oauth2 secrets and CA certificate digests are already transformed and must not be hashed a
 * second time.
 */
public final class UnownedReader {

    private static final Logger LOG = LoggerFactory.getLogger(UnownedReader.class);

    /** The collections the daemon manages: its owned entities there are replaced by the desired state. */
    static final Set<String> MANAGED = managed();

    /**
     * Core collections of the declarative schema, by their name in the configuration, with their Admin API list path
     * (kong/db/schema/entities/*.lua, {@code admin_api_name} where it differs). Targets are read per upstream: Kong
     * has no top-level {@code /targets} (kong-transcripts/README.md).
     */
    static final Map<String, String> CORE = orderedMap(
            "certificates", "/certificates",
            "snis", "/snis",
            "ca_certificates", "/ca_certificates",
            "vaults", "/vaults",
            "key_sets", "/key-sets",
            "keys", "/keys",
            "consumers", "/consumers",
            "services", "/services",
            "routes", "/routes",
            "upstreams", "/upstreams",
            "plugins", "/plugins",
            "filter_chains", "/filter-chains");

    /** Bundled plugins whose DAOs are exported: plugin name -> (collection -> Admin API list path). */
    static final Map<String, Map<String, String>> PLUGIN_COLLECTIONS = Map.of(
            "key-auth", Map.of("keyauth_credentials", "/key-auths"),
            "basic-auth", Map.of("basicauth_credentials", "/basic-auths"),
            "hmac-auth", Map.of("hmacauth_credentials", "/hmac-auths"),
            "jwt", Map.of("jwt_secrets", "/jwts"),
            "oauth2", Map.of("oauth2_credentials", "/oauth2"),
            "acl", Map.of("acls", "/acls"));

    /**
     * The other plugins bundled with Kong OSS 3.4.2 and 3.9.3 ({@code GET /} {@code plugins.available_on_server} in
     * kong-transcripts/3.4.2 and 3.9.3, root-and-status.json): no DAO, or one the export leaves out (session's
     * {@code sessions}, acme's {@code acme_storage}, oauth2's tokens and codes).
     */
    static final Set<String> NO_EXPORTED_DAO = Set.of("acme", "ai-prompt-decorator", "ai-prompt-guard",
            "ai-prompt-template", "ai-proxy", "ai-request-transformer", "ai-response-transformer", "aws-lambda",
            "azure-functions", "bot-detection", "correlation-id", "cors", "datadog", "file-log", "grpc-gateway",
            "grpc-web", "http-log", "ip-restriction", "ldap-auth", "loggly", "opentelemetry", "post-function",
            "pre-function", "prometheus", "proxy-cache", "rate-limiting", "redirect", "request-size-limiting",
            "request-termination", "request-transformer", "response-ratelimiting", "response-transformer", "session",
            "standard-webhooks", "statsd", "syslog", "tcp-log", "udp-log", "zipkin");

    /** How the state was read, for the log and for tests. */
    public enum Source {
        LISTS, EXPORT
    }

    /** Kong's unowned configuration in the export's shape, and how it was read. */
    public record Unowned(ObjectNode config, Source source, String detail) {
    }

    private final Vertx vertx;
    private final KongAdminClient client;
    private final String ownerTag;
    private final int parallelism;

    public UnownedReader(Vertx vertx, KongAdminClient client, String ownerTag, int parallelism) {
        this.vertx = vertx;
        this.client = client;
        this.ownerTag = ownerTag;
        this.parallelism = Math.max(1, parallelism);
    }

    /** Kong's configuration without the daemon's own entities: {@code _transform} and one list per collection. */
    public Future<Unowned> read(KongInfo info) {
        String why = exportReason(info);
        if (why != null) {
            LOG.info("DB-less: reading Kong's unowned entities from GET /config: {}", why);
            // Copying a large configuration is CPU work: a worker does it, as it parsed the export.
            return client.exportConfig().compose(doc -> vertx.executeBlocking(
                    () -> new Unowned(unowned((ObjectNode) doc, ownerTag), Source.EXPORT, why), false));
        }
        Map<String, String> collections = new LinkedHashMap<>(CORE);
        for (Map<String, String> daos : PLUGIN_COLLECTIONS.values()) {
            collections.putAll(daos);
        }
        List<Map.Entry<String, String>> todo = new ArrayList<>(collections.entrySet());
        return Bounded.map(todo, parallelism, e -> readCollection(e.getKey(), e.getValue()))
                .compose(lists -> {
                    ObjectNode doc = JsonNodeFactory.instance.objectNode();
                    doc.put("_transform", false);
                    int[] read = {0};
                    for (int i = 0; i < todo.size(); i++) {
                        Listed l = lists.get(i);
                        read[0] += l.present() ? 1 : 0;
                        if (!l.kept().isEmpty()) {
                            doc.set(todo.get(i).getKey(), l.kept());
                        }
                    }
                    List<String> upstreamIds = lists.get(indexOf(todo, "upstreams")).upstreamIds();
                    return targets(upstreamIds)
                            .map(targets -> {
                                if (!targets.isEmpty()) {
                                    doc.set("targets", targets);
                                }
                                String detail = read[0] + " of " + todo.size() + " collections present, "
                                        + "targets of " + upstreamIds.size() + " upstreams";
                                LOG.info("DB-less: read Kong's unowned entities from untagged list pages ({})", detail);
                                return new Unowned(doc, Source.LISTS, detail);
                            });
                });
    }

    /**
     * Why the lists cannot be trusted to hold everything, or null when they can: a plugin Kong has that the daemon
     * does not know (it may own a DAO), or a non-OSS edition.
     */
    static String exportReason(KongInfo info) {
        if (info.edition() != null && !info.edition().equals("community")) {
            return "Kong edition " + info.edition() + " may hold entity types the daemon cannot list";
        }
        Set<String> unknown = new TreeSet<>();
        for (String p : info.availablePlugins()) {
            if (!PLUGIN_COLLECTIONS.containsKey(p) && !NO_EXPORTED_DAO.contains(p)) {
                unknown.add(p);
            }
        }
        for (String p : info.enabledPlugins()) {
            if (!PLUGIN_COLLECTIONS.containsKey(p) && !NO_EXPORTED_DAO.contains(p)) {
                unknown.add(p);
            }
        }
        return unknown.isEmpty() ? null : "plugins outside Kong's bundled set may own entities: " + unknown;
    }

    /** What one collection's pages left: the kept entities, and every upstream id when it is the upstreams. */
    private record Listed(boolean present, ArrayNode kept, List<String> upstreamIds) {
    }

    private Future<Listed> readCollection(String collection, String path) {
        Listed acc = new Listed(true, JsonNodeFactory.instance.arrayNode(), new ArrayList<>());
        return pages(collection, path, null, acc).recover(err -> err instanceof KongNotFoundException
                ? Future.succeededFuture(new Listed(false, JsonNodeFactory.instance.arrayNode(), List.of()))
                : Future.failedFuture(err));
    }

    private Future<Listed> pages(String collection, String path, String offset, Listed acc) {
        return client.rawPage(path, offset).compose(page -> {
            keep(collection, page, acc);
            if (!page.hasNext()) {
                return Future.succeededFuture(acc);
            }
            if (page.offset().equals(offset)) {
                return Future.failedFuture(new IllegalStateException("GET " + path
                        + ": Kong returned the same paging offset twice"));
            }
            return pages(collection, path, page.offset(), acc);
        });
    }

    private void keep(String collection, Page<ObjectNode> page, Listed acc) {
        for (ObjectNode e : page.data()) {
            if (collection.equals("upstreams")) {
                acc.upstreamIds().add(e.path("id").asText());
            }
            if (MANAGED.contains(collection) && hasTag(e.get("tags"), ownerTag)) {
                continue;
            }
            acc.kept().add(exported(e));
        }
    }

    /** The targets of every upstream, without the daemon's own. */
    private Future<ArrayNode> targets(List<String> upstreamIds) {
        return Bounded.map(upstreamIds, parallelism, id -> {
            Listed acc = new Listed(true, JsonNodeFactory.instance.arrayNode(), List.of());
            return pages("targets", "/upstreams/" + id + "/targets", null, acc);
        }).map(all -> {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            all.forEach(l -> out.addAll(l.kept()));
            return out;
        });
    }

    private static int indexOf(List<Map.Entry<String, String>> todo, String collection) {
        for (int i = 0; i < todo.size(); i++) {
            if (todo.get(i).getKey().equals(collection)) {
                return i;
            }
        }
        throw new IllegalStateException(collection);
    }

    /**
     * A listed entity as Kong's export writes it (kong/db/declarative/export.lua): a foreign key, which the Admin
     * API answers as {@code {"id": "..."}}, becomes the bare id; {@code updated_at} and a null {@code ttl} go.
     */
    static ObjectNode exported(ObjectNode listed) {
        listed.remove("updated_at");
        JsonNode ttl = listed.get("ttl");
        if (ttl != null && ttl.isNull()) {
            listed.remove("ttl");
        }
        Iterator<Map.Entry<String, JsonNode>> it = listed.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (v.isObject() && v.size() == 1 && v.path("id").isTextual()) {
                f.setValue(v.get("id"));
            }
        }
        return listed;
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

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
