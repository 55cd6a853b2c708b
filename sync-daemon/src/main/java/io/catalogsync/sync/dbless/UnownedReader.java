package io.catalogsync.sync.dbless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongInfo;
import io.catalogsync.kong.admin.KongNotFoundException;
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
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads everything in a DB-less Kong the daemon does not own: every entity of every collection Kong's declarative
 * export holds (certificates, SNIs, CA certificates, vaults, keys, consumer credentials, ...), not only the six the
 * daemon manages. A DB-less {@code POST /config} replaces the whole configuration, so all of it must go into every
 * push unchanged ({@link #read}). The same read, keeping the daemon's own entities too and handing each page on as
 * it comes, is what {@code dump --all} writes ({@link #readAll}).
 *
 * <p>Two ways to read it, and the log (and {@code dump --all}, on stderr) says which one was used:
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
 * <p>Each listed entity is reshaped as Kong's export has it: foreign keys as bare ids, nulls and timestamps kept, a
 * null {@code ttl} of a credential left out (kong-transcripts/3.4.2-daemon/daemon-dbless.json,
 * {@code keyauth_credentials}). For a push, only the daemon's own entities of the collections it manages are taken
 * out (the push carries their desired state instead); an owner-tagged entity of any other type was not written by
 * the daemon and is kept. The push also drops {@code updated_at}, which Kong sets again on every load whatever the
 * input says (kong/db/schema/init.lua {@code process_auto_fields}: {@code created_at} is kept when given,
 * {@code updated_at} always regenerated). The push's configuration carries {@code _transform: false}, as the
 * export does: listed basic-auth passwords, oauth2 secrets and CA certificate digests are already transformed and
 * must not be hashed a second time.
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

    /** Every collection read from a top-level list, in the order read: the core ones, then the credentials. */
    private static final Map<String, String> COLLECTIONS = collections();

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
        UnownedLists lists = new UnownedLists(ownerTag);
        // The collections side by side: the push keeps them apart in memory, so their pages may interleave.
        return lists(parallelism, lists).map(read -> {
            LOG.info("DB-less: read Kong's unowned entities from untagged list pages ({})", read.detail());
            return new Unowned(lists.config(), Source.LISTS, read.detail());
        });
    }

    /**
     * Every entity Kong holds, whoever owns it, as Kong's {@code GET /config} export shapes it ({@code updated_at}
     * included), handed to {@code sink} one page at a time: what {@code dump --all} writes. The next page is read
     * once the sink has taken the previous one, so only a few pages are in memory at once (the targets of up to
     * {@code parallelism} upstreams). The collections are read one after the other, so a sink writing a document
     * receives all of a collection's pages before the next collection's. Falls back to {@code GET /config} where
     * {@link #read} does (a plugin outside Kong's bundled set, a non-OSS edition), handing each list of the export
     * to the sink whole. A page that cannot be read fails the whole read with a {@link ReadFailed}.
     */
    public Future<Read> readAll(KongInfo info, Sink sink) {
        String why = exportReason(info);
        if (why != null) {
            LOG.info("DB-less: reading Kong's whole configuration from GET /config: {}", why);
            return client.exportConfig()
                    .recover(err -> Future.failedFuture(new ReadFailed("configuration from GET /config (" + why + ")",
                            err)))
                    .compose(doc -> exportLists((ObjectNode) doc, sink))
                    .map(v -> new Read(Source.EXPORT, why));
        }
        return lists(1, sink);
    }

    /**
     * Where a read puts what it reads. Calls may come at once from several threads (the targets of several upstreams
     * are read side by side), so a sink must be thread-safe; from {@link #readAll}, all the pages of one collection
     * come before any page of the next. An empty page may come, for a collection Kong holds nothing of.
     */
    public interface Sink {
        /** The entities of one page of {@code collection}; the next page is read once the future completes. */
        Future<Void> page(String collection, List<ObjectNode> entities);
    }

    /** How Kong's configuration was read, and what was read (how many collections, or why the export). */
    public record Read(Source source, String detail) {
    }

    /**
     * Part of Kong's state could not be read (a page of one collection, or the export): the read stops, as a
     * configuration built or written without it would silently lack all of it. The message says what could not be
     * read (a collection as Kong's configuration names it) and keeps Kong's answer.
     */
    public static final class ReadFailed extends RuntimeException {
        ReadFailed(String what, Throwable cause) {
            super("cannot read Kong's " + what + ": " + (cause.getMessage() == null
                    ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
        }
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

    /**
     * Untagged list pages of every exportable collection, {@code collectionsInFlight} collections at a time, then
     * the targets of every upstream; each page goes to {@code sink} in the export's shape before the next is read.
     */
    private Future<Read> lists(int collectionsInFlight, Sink sink) {
        List<Map.Entry<String, String>> todo = new ArrayList<>(COLLECTIONS.entrySet());
        List<String> upstreamIds = new ArrayList<>();
        return Bounded.map(todo, collectionsInFlight, e -> readCollection(e.getKey(), e.getValue(), sink, upstreamIds))
                .compose(present -> targets(upstreamIds, sink).map(v -> {
                    long read = present.stream().filter(Boolean::booleanValue).count();
                    return new Read(Source.LISTS, read + " of " + todo.size() + " collections present, "
                            + "targets of " + upstreamIds.size() + " upstreams");
                }));
    }

    /** Whether Kong has the collection: a 404 for its first page means this Kong has no such collection. */
    private Future<Boolean> readCollection(String collection, String path, Sink sink, List<String> upstreamIds) {
        return pages(collection, collection, path, null, sink, collection.equals("upstreams") ? upstreamIds : null)
                .map(true)
                .recover(err -> err instanceof KongNotFoundException ? Future.succeededFuture(false)
                        : Future.failedFuture(err));
    }

    /**
     * The pages of one list from {@code offset} on, handed to {@code sink} as {@code collection}. Fails with
     * {@link ReadFailed} naming {@code what} when a page cannot be read, except with Kong's 404 for a first page (the
     * caller decides what an absent collection means).
     */
    private Future<Void> pages(String collection, String what, String path, String offset, Sink sink,
                               List<String> upstreamIds) {
        return client.rawPage(path, offset)
                .recover(err -> Future.failedFuture(offset == null && err instanceof KongNotFoundException ? err
                        : new ReadFailed(what, err)))
                .compose(page -> {
                    List<ObjectNode> entities = new ArrayList<>(page.data().size());
                    for (ObjectNode e : page.data()) {
                        if (upstreamIds != null) {
                            synchronized (upstreamIds) {
                                upstreamIds.add(e.path("id").asText());
                            }
                        }
                        entities.add(exported(e));
                    }
                    return sink.page(collection, entities).compose(v -> {
                        if (!page.hasNext()) {
                            return Future.succeededFuture();
                        }
                        if (page.offset().equals(offset)) {
                            return Future.failedFuture(new ReadFailed(what, new IllegalStateException(
                                    "GET " + path + ": Kong returned the same paging offset twice")));
                        }
                        return pages(collection, what, path, page.offset(), sink, upstreamIds);
                    });
                });
    }

    /**
     * The targets of every upstream (Kong OSS has no top-level {@code /targets}). An upstream listed a moment ago
     * answers its targets: a 404 fails the read like any other failure.
     */
    private Future<Void> targets(List<String> upstreamIds, Sink sink) {
        return Bounded.map(upstreamIds, parallelism, id -> {
            String what = "targets of upstream " + id;
            return pages("targets", what, "/upstreams/" + id + "/targets", null, sink, null)
                    .recover(err -> Future.failedFuture(err instanceof ReadFailed ? err : new ReadFailed(what, err)));
        }).mapEmpty();
    }

    /** Each list of Kong's export, whole, in the export's order. */
    private static Future<Void> exportLists(ObjectNode export, Sink sink) {
        Future<Void> chain = Future.succeededFuture();
        Iterator<Map.Entry<String, JsonNode>> it = export.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getValue().isArray()) {
                List<ObjectNode> entities = new ArrayList<>(f.getValue().size());
                f.getValue().forEach(e -> entities.add((ObjectNode) e));
                chain = chain.compose(v -> sink.page(f.getKey(), entities));
            }
        }
        return chain;
    }

    /**
     * What the push keeps of the pages: everything but the daemon's own entities of the collections it manages,
     * without {@code updated_at}, one list per collection. Pages of different collections, and of the targets of
     * different upstreams, may arrive at once.
     */
    private static final class UnownedLists implements Sink {
        private final String ownerTag;
        private final Map<String, ArrayNode> lists = new LinkedHashMap<>();

        UnownedLists(String ownerTag) {
            this.ownerTag = ownerTag;
        }

        @Override
        public synchronized Future<Void> page(String collection, List<ObjectNode> entities) {
            for (ObjectNode e : entities) {
                if (MANAGED.contains(collection) && hasTag(e.get("tags"), ownerTag)) {
                    continue;
                }
                e.remove("updated_at");
                lists.computeIfAbsent(collection, c -> JsonNodeFactory.instance.arrayNode()).add(e);
            }
            return Future.succeededFuture();
        }

        /** {@code _transform: false} and the non-empty lists, in the order of the collections read, targets last. */
        synchronized ObjectNode config() {
            ObjectNode doc = JsonNodeFactory.instance.objectNode();
            doc.put("_transform", false);
            for (String c : COLLECTIONS.keySet()) {
                if (lists.containsKey(c)) {
                    doc.set(c, lists.get(c));
                }
            }
            if (lists.containsKey("targets")) {
                doc.set("targets", lists.get("targets"));
            }
            return doc;
        }
    }

    /**
     * A listed entity as Kong's export writes it (kong/db/declarative/export.lua): a foreign key, which the Admin
     * API answers as {@code {"id": "..."}}, becomes the bare id; a null {@code ttl} goes. Everything else, nulls and
     * {@code updated_at} included, is what the export holds: both read the same stored entity, and the export keeps
     * every field ({@code export_from_db} reads with {@code nulls = true}).
     */
    static ObjectNode exported(ObjectNode listed) {
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

    private static Map<String, String> collections() {
        Map<String, String> m = new LinkedHashMap<>(CORE);
        // Map.of has no order: sort the plugins' collections so every read (and every push body) has the same one.
        new TreeMap<>(PLUGIN_COLLECTIONS).values().forEach(m::putAll);
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
