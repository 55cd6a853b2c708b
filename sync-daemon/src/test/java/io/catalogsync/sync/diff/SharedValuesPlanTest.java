package io.catalogsync.sync.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.Endpoint;
import io.catalogsync.catalog.translate.TranslateOptions;
import io.catalogsync.catalog.translate.Translator;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongAdminOptions;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.KongEmulator;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Upstream;
import io.catalogsync.sync.plan.FieldChange;
import io.catalogsync.sync.plan.Plan;
import io.catalogsync.sync.plan.Update;
import io.catalogsync.sync.state.EntityJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kong's state read from JSON shares equal values between entities (an upstream's {@code healthchecks}, protocols,
 * timeouts, tags' strings), and the differ compares a shared value it found at its schema defaults once per plan.
 * Neither may change a plan: the plan of the state as read equals the plan of the same state with every value a
 * copy of its own, over generated catalogs with drift on modelled, nested and unmodelled fields.
 */
class SharedValuesPlanTest {

    /** An upstream's {@code healthchecks} as Kong 3.4 answers them when nobody set any (its schema defaults). */
    private static final String KONG_HEALTHCHECKS = """
            {"active": {"type": "http", "timeout": 1, "concurrency": 10, "http_path": "/", "https_sni": null,
              "https_verify_certificate": true, "headers": null,
              "healthy": {"interval": 0, "http_statuses": [200, 302], "successes": 0},
              "unhealthy": {"interval": 0, "http_statuses": [429, 404, 500, 501, 502, 503, 504, 505],
                "tcp_failures": 0, "timeouts": 0, "http_failures": 0}},
             "passive": {"type": "http",
              "healthy": {"http_statuses": [200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303,
                304, 305, 306, 307, 308], "successes": 0},
              "unhealthy": {"http_statuses": [429, 500, 503], "tcp_failures": 0, "timeouts": 0, "http_failures": 0}},
             "threshold": 0}""";

    private static SchemaDefaults defaults;

    @BeforeAll
    static void kongSchemas() throws Exception {
        Map<EntityType, JsonNode> entities = new EnumMap<>(EntityType.class);
        Map<String, JsonNode> plugins = new HashMap<>();
        Vertx vertx = Vertx.vertx();
        try {
            KongEmulator emulator = await(KongEmulator.start(vertx, EmulatorOptions.defaults().withVersion("3.4.2")));
            KongAdminClient client = KongAdminClient.create(vertx, new KongAdminOptions().setBaseUrl(emulator.adminUrl()));
            for (EntityType type : EntityType.values()) {
                entities.put(type, await(client.entitySchema(type.collection())));
            }
            for (String p : List.of("key-auth", "rate-limiting", "cors")) {
                plugins.put(p, await(client.pluginSchema(p)));
            }
            client.close();
        } finally {
            await(vertx.close());
        }
        defaults = SchemaDefaults.fromSchemas(entities, plugins);
        // the record the shortcuts are about, as Kong's schema describes it
        assertThat(defaults.entity(EntityType.UPSTREAM).defaultOf("healthchecks")).isInstanceOf(SchemaDefaults.Rec.class);
        SchemaDefaults.Rec hc = (SchemaDefaults.Rec) defaults.entity(EntityType.UPSTREAM).defaultOf("healthchecks");
        assertThat(hc.defaultOf("passive")).isInstanceOf(SchemaDefaults.Rec.class);
    }

    @Test
    void planOfTheStateAsReadEqualsPlanOfItsCopiesUnderDrift() throws Exception {
        Random random = new Random(11);
        int sharedHealthchecks = 0;
        int healthcheckChanges = 0;
        int updates = 0;
        for (int run = 0; run < 40; run++) {
            KongState desired = Translator.translate(catalog(random), TranslateOptions.defaults()).desired();
            ObjectNode json = EntityJson.MAPPER.valueToTree(desired);
            for (JsonNode u : json.path("upstreams")) {
                if (u.path("healthchecks").isNull() || u.path("healthchecks").isMissingNode()) {
                    ((ObjectNode) u).set("healthchecks", EntityJson.MAPPER.readTree(KONG_HEALTHCHECKS));
                }
            }
            for (int d = 3 + random.nextInt(6); d > 0; d--) {
                drift(random, json);
            }
            KongState read = EntityJson.MAPPER.treeToValue(json, KongState.class);
            KongState copies = copy(read);
            assertThat(copies).isEqualTo(read);

            Plan ofRead = new Differ(defaults).diff(desired, read, DiffScope.NONE);
            Plan ofCopies = new Differ(defaults).diff(desired, copies, DiffScope.NONE);
            assertThat(ofRead).as("run %d", run).isEqualTo(ofCopies);
            assertThat(EntityJson.MAPPER.writeValueAsString(ofRead.operations()))
                    .isEqualTo(EntityJson.MAPPER.writeValueAsString(ofCopies.operations()));

            // The differ's shortcuts for an unset record (a walk of Kong's fields, the value remembered at its
            // defaults) against its full walk of every schema key, which it takes when the desired entity sets the
            // record and each record inside it, empty.
            Map<String, Object> skeleton = skeleton(
                    (SchemaDefaults.Rec) defaults.entity(EntityType.UPSTREAM).defaultOf("healthchecks"));
            List<Upstream> explicit = new ArrayList<>();
            desired.upstreams().forEach(u -> explicit.add(u.healthchecks() != null ? u : new Upstream(u.id(), u.name(),
                    u.algorithm(), u.hashOn(), u.hashFallback(), u.slots(), u.hostHeader(), skeleton, u.tags(),
                    u.createdAt(), u.updatedAt())));
            KongState fullWalk = new KongState(explicit, desired.targets(), desired.services(), desired.routes(),
                    desired.consumers(), desired.plugins());
            assertThat(changes(new Differ(defaults).diff(fullWalk, read, DiffScope.NONE)))
                    .as("run %d", run).isEqualTo(changes(ofRead));

            Map<Object, Integer> instances = new IdentityHashMap<>();
            read.upstreams().forEach(u -> instances.merge(u.healthchecks(), 1, Integer::sum));
            sharedHealthchecks += instances.values().stream().filter(n -> n > 1).mapToInt(n -> n).sum();
            for (var op : ofRead.operations()) {
                if (op instanceof Update u) {
                    updates++;
                    healthcheckChanges += (int) u.changes().stream().map(FieldChange::path)
                            .filter(p -> p.startsWith("healthchecks")).count();
                }
            }
        }
        // the properties above are about shared values and drift: both must have happened
        assertThat(sharedHealthchecks).isGreaterThan(200);
        assertThat(updates).isGreaterThan(25);
        assertThat(healthcheckChanges).isGreaterThan(10);
    }

    @Test
    void aValueFoundAtItsDefaultsIsNotTrustedInTheNextPlan() throws Exception {
        KongState desired = Translator.translate(List.of(service(0, false), service(1, false)),
                TranslateOptions.defaults()).desired();
        @SuppressWarnings("unchecked")
        Map<String, Object> healthchecks = EntityJson.MAPPER.readValue(KONG_HEALTHCHECKS, LinkedHashMap.class);
        List<Upstream> upstreams = new ArrayList<>();
        for (Upstream u : desired.upstreams()) {
            upstreams.add(new Upstream(u.id(), u.name(), u.algorithm(), u.hashOn(), "none", 10000, u.hostHeader(),
                    healthchecks, u.tags(), null, null));
        }
        KongState actual = new KongState(upstreams, desired.targets(), desired.services(), desired.routes(),
                desired.consumers(), desired.plugins());
        Differ differ = new Differ(defaults);
        assertThat(differ.diff(desired, actual, DiffScope.NONE).operations()).isEmpty();

        // the same instance, changed in place between two plans of the same differ
        @SuppressWarnings("unchecked")
        Map<String, Object> unhealthy = (Map<String, Object>) ((Map<String, Object>) healthchecks.get("passive"))
                .get("unhealthy");
        unhealthy.put("timeouts", 9);
        Plan second = differ.diff(desired, actual, DiffScope.NONE);
        assertThat(second.operations()).hasSize(2).allSatisfy(op -> assertThat(((Update) op).changes())
                .extracting(FieldChange::path).containsExactly("healthchecks.passive.unhealthy.timeouts"));
    }

    /** Each operation with the paths it changes and Kong's values there (the desired side is the record set). */
    private static List<String> changes(Plan plan) {
        List<String> out = new ArrayList<>();
        plan.operations().forEach(op -> out.add(op.kind() + " " + op.type() + " " + op.key() + " "
                + (op instanceof Update u ? u.changes().stream().map(c -> c.path() + "=" + c.before()).toList() : "")));
        return out;
    }

    private static Map<String, Object> skeleton(SchemaDefaults.Rec rec) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < rec.keys.length; i++) {
            if (rec.defaults[i] instanceof SchemaDefaults.Rec sub) {
                out.put(rec.keys[i], skeleton(sub));
            }
        }
        return out;
    }

    /** Services with and without health-check settings, auth and rate limits, one or two endpoints. */
    private static List<CatalogService> catalog(Random random) {
        List<CatalogService> out = new ArrayList<>();
        int n = 5 + random.nextInt(20);
        for (int i = 0; i < n; i++) {
            out.add(service(i, random.nextInt(4) == 0));
        }
        return out;
    }

    private static CatalogService service(int i, boolean healthcheck) {
        String name = "svc-" + i;
        List<Endpoint> endpoints = new ArrayList<>();
        endpoints.add(new Endpoint("http", name + ".svc", 8080, "/api/*", List.of("GET", "POST")));
        if (i % 3 == 1) {
            endpoints.add(new Endpoint("http", name + "-b.svc", 8080, "/api/*", List.of("GET", "POST")));
        }
        Map<String, String> md = new LinkedHashMap<>();
        if (healthcheck) {
            md.put("healthcheck.path", "/health");
        }
        if (i % 4 == 0) {
            md.put("rateLimit.minute", "100");
        }
        if (i % 5 == 1) {
            md.put("auth.type", "key-auth");
        }
        return new CatalogService(name, "v1", endpoints, md);
    }

    /** One change to what Kong would hold: values, order of set fields, nested records, unmodelled fields. */
    private static void drift(Random random, ObjectNode state) {
        String[] collections = {"upstreams", "services", "routes", "targets", "plugins"};
        // half of the changes on upstreams, whose healthchecks are shared
        ArrayNode list = (ArrayNode) state.path(random.nextBoolean() ? "upstreams"
                : collections[random.nextInt(collections.length)]);
        if (list.isEmpty()) {
            return;
        }
        ObjectNode e = (ObjectNode) list.get(random.nextInt(list.size()));
        ObjectNode hc = e.path("healthchecks") instanceof ObjectNode o ? o : null;
        switch (random.nextInt(12)) {
            case 0 -> {
                if (hc != null && hc.path("passive").path("healthy").path("http_statuses") instanceof ArrayNode a) {
                    a.add(599);

                }
            }
            case 1 -> {
                if (hc != null && hc.path("passive").path("unhealthy") instanceof ObjectNode o) {
                    o.put("timeouts", 7);
                }
            }
            case 2 -> {
                if (hc != null) {
                    hc.put("active", "not a record");
                }
            }
            case 3 -> {
                if (hc != null && hc.path("active") instanceof ObjectNode o) {
                    o.put("concurrency", 10.0);
                }
            }
            case 4 -> {
                if (hc != null) {
                    hc.remove("passive");
                    hc.put("unknown_to_the_schema", 1);
                }
            }
            case 5 -> e.put("tls_verify", true);
            case 6 -> e.put("port", 9090);
            case 7 -> {
                if (e.path("tags") instanceof ArrayNode tags && tags.size() == 2) {
                    JsonNode first = tags.remove(0);
                    tags.add(first);
                }
            }
            case 8 -> {
                if (e.path("methods") instanceof ArrayNode m) {
                    m.insert(0, "PUT");
                }
            }
            case 9 -> e.putArray("protocols").add("https");
            case 10 -> e.put("path_handling", "v1");
            default -> e.put("retries", 1);
        }
    }

    /** Every value of every entity a copy of its own (no instance shared with another entity). */
    private static KongState copy(KongState s) throws Exception {
        return (KongState) copyValue(s);
    }

    private static Object copyValue(Object v) throws Exception {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> c = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                c.put(e.getKey(), copyValue(e.getValue()));
            }
            return c;
        }
        if (v instanceof List<?> l) {
            List<Object> c = new ArrayList<>();
            for (Object x : l) {
                c.add(copyValue(x));
            }
            return c;
        }
        if (v instanceof String s) {
            return new String(s.toCharArray());
        }
        if (v instanceof Record r) {
            RecordComponent[] components = r.getClass().getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = copyValue(components[i].getAccessor().invoke(r));
                types[i] = components[i].getType();
            }
            var constructor = r.getClass().getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        }
        return v;
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
