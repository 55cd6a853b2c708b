package io.catalogsync.sync.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongException;
import io.catalogsync.kong.admin.KongSchemaViolationException;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.sync.read.Bounded;
import io.catalogsync.sync.plan.Delete;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Plan;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the running Kong whether each plugin configuration the plan is about to write is valid, before writing:
 * {@code POST /schemas/plugins/validate}, which runs the plugin's schema (defaults, field validators, custom
 * validators such as cors' {@code validate_asterisk_or_regex} or rate-limiting's {@code validate_periods_order})
 * without storing anything and without looking anything up in the database (kong/api/routes/kong.lua,
 * {@code validate_schema}: {@code process_auto_fields} then {@code schema:validate}). A value only Kong refuses,
 * such as a Java-only regular expression that PCRE does not compile, then takes that one catalog service out of the
 * cycle, like a translation error, instead of failing its writes (in DB-less mode: instead of Kong refusing the
 * whole {@code POST /config}, which carries every service).
 *
 * <p>The unit of validation is a <em>shape</em>: the plugin name, its config as canonical JSON (keys sorted),
 * its protocols and enabled flag, and which scopes (service, route, consumer) it has. Scope references are sent
 * as a fixed placeholder id, since validation only checks their form; everything else that is sent is in the key,
 * so two plugins with the same key are validated identically, and a value that is invalid for one service only is
 * never hidden by another service's valid one. Identical shapes across services are validated once; verdicts are
 * cached per Kong version across cycles (a schema changes only with Kong's version), at most
 * {@link #MAX_CACHED} of them, least recently used evicted first. An answer that is not a verdict (5xx, no
 * answer) is not cached and validates nothing: the write then goes ahead and reports whatever Kong says.
 */
public final class PluginValidation {

    private static final Logger LOG = LoggerFactory.getLogger(PluginValidation.class);

    /** Bound on cached verdicts (a shape key is a few hundred bytes: about 1 MB at most). */
    public static final int MAX_CACHED = 4096;

    /** Validation checks a reference's form (a uuid), never that the entity exists. */
    private static final Ref PLACEHOLDER = Ref.id("00000000-0000-4000-8000-000000000000");

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    /** One plugin Kong refuses: its catalog service (null when shared), plugin name and key, and Kong's words. */
    public record Invalid(String service, String plugin, String key, String field, String message) {
    }

    private record Verdict(String field, String message) {
        static final Verdict VALID = new Verdict(null, null);

        boolean valid() {
            return message == null;
        }
    }

    private final KongAdminClient kong;
    private final Map<String, Verdict> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Verdict> eldest) {
            return size() > MAX_CACHED;
        }
    };

    public PluginValidation(KongAdminClient kong) {
        this.kong = kong;
    }

    /**
     * The plugins of {@code plan} that would be created or updated and that Kong {@code kongVersion} refuses, with
     * at most {@code parallelism} validation requests in flight. Never fails.
     */
    public Future<List<Invalid>> check(String kongVersion, Plan plan, int parallelism) {
        Map<String, Plugin> toAsk = new LinkedHashMap<>();
        List<Map.Entry<Operation, String>> writes = new ArrayList<>();
        for (Operation o : plan.operations()) {
            if (o instanceof Delete || !(o.entity() instanceof Plugin p) || p.name() == null) {
                continue;
            }
            String key = kongVersion + "\n" + shape(p);
            writes.add(Map.entry(o, key));
            if (cached(key) == null) {
                toAsk.putIfAbsent(key, probe(p));
            }
        }
        if (writes.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        List<Map.Entry<String, Plugin>> asks = new ArrayList<>(toAsk.entrySet());
        return Bounded.map(asks, parallelism, e -> ask(e.getKey(), e.getValue()))
                .otherwiseEmpty()
                .map(x -> {
                    List<Invalid> out = new ArrayList<>();
                    for (Map.Entry<Operation, String> w : writes) {
                        Verdict v = cached(w.getValue());
                        if (v != null && !v.valid()) {
                            Plugin p = (Plugin) w.getKey().entity();
                            out.add(new Invalid(w.getKey().catalogService(), p.name(), w.getKey().key(), v.field(),
                                    v.message()));
                        }
                    }
                    return out;
                });
    }

    /**
     * The plan without the operations of the catalog services that own an invalid plugin (their entities in Kong
     * stay as they are, as for a service that fails translation); an invalid shared plugin (no catalog service)
     * loses only its own operation.
     */
    public static Plan without(Plan plan, List<Invalid> invalid) {
        if (invalid.isEmpty()) {
            return plan;
        }
        Set<String> services = new HashSet<>();
        Set<String> sharedKeys = new HashSet<>();
        for (Invalid i : invalid) {
            if (i.service() != null) {
                services.add(i.service());
            } else {
                sharedKeys.add(i.key());
            }
        }
        Plan out = plan.withoutServices(services);
        if (sharedKeys.isEmpty()) {
            return out;
        }
        List<Operation> kept = new ArrayList<>();
        for (Operation o : out.operations()) {
            boolean refused = o.catalogService() == null && o.entity() instanceof Plugin && !(o instanceof Delete)
                    && sharedKeys.contains(o.key());
            if (!refused) {
                kept.add(o);
            }
        }
        return new Plan(kept, out.refusedDeletions(), out.ownedEntities());
    }

    /** How many verdicts are cached (for tests and diagnostics). */
    public int cachedVerdicts() {
        synchronized (cache) {
            return cache.size();
        }
    }

    private Verdict cached(String key) {
        synchronized (cache) {
            return cache.get(key);
        }
    }

    private Future<Void> ask(String key, Plugin probe) {
        return kong.validatePlugin(probe).map(ok -> {
            remember(key, Verdict.VALID);
            return (Void) null;
        }).recover(e -> {
            if (e instanceof KongSchemaViolationException k) {
                Verdict v = verdict(k);
                // "plugin 'x' not enabled" is about Kong's configuration, which can change without a new
                // version: ask again next cycle rather than cache it.
                if (!"name".equals(v.field())) {
                    remember(key, v);
                } else {
                    LOG.debug("not caching a verdict about the plugin name: {}", v.message());
                }
                return Future.succeededFuture();
            }
            LOG.warn("Kong did not validate plugin {} ({}): writing it unvalidated; Kong's answer to the write "
                    + "decides", probe.name(), e instanceof KongException ? e.getMessage() : e.toString());
            return Future.succeededFuture();
        }).mapEmpty();
    }

    private void remember(String key, Verdict v) {
        synchronized (cache) {
            cache.put(key, v);
        }
    }

    /** Kong's per-field errors as {@code config.origins: message}; the first field names the error. */
    private static Verdict verdict(KongSchemaViolationException k) {
        List<String[]> found = new ArrayList<>();
        flatten(k.fields(), "", found);
        if (found.isEmpty()) {
            return new Verdict("config", k.kongMessage() != null ? k.kongMessage() : k.getMessage());
        }
        StringBuilder message = new StringBuilder();
        for (String[] f : found) {
            if (message.length() > 0) {
                message.append("; ");
            }
            message.append(f[0].isEmpty() ? "" : f[0] + ": ").append(f[1]);
        }
        return new Verdict(found.get(0)[0].isEmpty() ? "config" : found.get(0)[0], message.toString());
    }

    private static void flatten(JsonNode node, String path, List<String[]> out) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isTextual()) {
            out.add(new String[] {path, node.asText()});
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(e.getValue(),
                    e.getKey().startsWith("@") ? path : path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode n = node.get(i);
                flatten(n, n != null && n.isContainerNode() ? path + "[" + i + "]" : path, out);
            }
        }
    }

    private static Map<String, Object> literalOriginsAsOne(Map<String, Object> config) {
        if (config == null || !(config.get("origins") instanceof List<?> origins)) {
            return config;
        }
        List<Object> key = new ArrayList<>(origins.size());
        for (Object o : origins) {
            key.add(o instanceof String str && LITERAL_ORIGIN.matcher(str).matches() ? ANY_LITERAL_ORIGIN : o);
        }
        Map<String, Object> out = new TreeMap<>(config);
        out.put("origins", key);
        return out;
    }

    /** What is sent: the plugin without its identity, tags or real scope, which validation does not depend on. */
    private static Plugin probe(Plugin p) {
        return new Plugin(null, p.name(), null, p.service() == null ? null : PLACEHOLDER,
                p.route() == null ? null : PLACEHOLDER, p.consumer() == null ? null : PLACEHOLDER, p.config(),
                p.protocols(), p.enabled(), null, null, null);
    }

    /**
     * A CORS origin that Kong's check cannot refuse: {@code origins} elements pass when they are {@code "*"} or
     * compile as a PCRE pattern ({@code validate_asterisk_or_regex} in kong/plugins/cors/schema.lua, with
     * {@code is_regex} from kong/db/schema/init.lua), and a string of letters, digits, {@code . : / - _} has no
     * character that can make a pattern fail to compile (no escape, group, class, quantifier or anchor).
     */
    private static final java.util.regex.Pattern LITERAL_ORIGIN = java.util.regex.Pattern.compile("[A-Za-z0-9.:/_-]+");

    /** Stands for any {@link #LITERAL_ORIGIN} in a shape: all of them get the same verdict. */
    private static final String ANY_LITERAL_ORIGIN = "<literal origin>";

    /**
     * The canonical form of everything {@link #probe} sends, except that CORS origins Kong cannot refuse are one
     * value: services usually differ in their origins only (each its own front end), and a literal host name
     * cannot change Kong's verdict, so they share one validation. Any other origin (a pattern, {@code *}) stays
     * in the key as it is, and so does the number of origins.
     */
    static String shape(Plugin p) {
        Map<String, Object> shape = new TreeMap<>();
        shape.put("name", p.name());
        shape.put("config", "cors".equals(p.name()) ? literalOriginsAsOne(p.config()) : p.config());
        shape.put("protocols", p.protocols());
        shape.put("enabled", p.enabled());
        shape.put("scope", (p.service() == null ? "-" : "s") + (p.route() == null ? "-" : "r")
                + (p.consumer() == null ? "-" : "c"));
        try {
            return CANONICAL.writeValueAsString(shape);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plugin config is not JSON: " + p.name(), e);
        }
    }
}
