package io.catalogsync.kong.contract;

import static io.catalogsync.kong.contract.Await.failure;
import static io.catalogsync.kong.contract.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.admin.ConfigResult;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongAdminOptions;
import io.catalogsync.kong.admin.KongBadRequestException;
import io.catalogsync.kong.admin.KongConflictException;
import io.catalogsync.kong.admin.KongForeignKeyException;
import io.catalogsync.kong.admin.KongInfo;
import io.catalogsync.kong.admin.KongNotFoundException;
import io.catalogsync.kong.admin.KongSchemaViolationException;
import io.catalogsync.kong.admin.KongServerException;
import io.catalogsync.kong.admin.KongStatus;
import io.catalogsync.kong.admin.KongUnsupportedException;
import io.catalogsync.kong.admin.KongVersion;
import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.admin.Page;
import io.catalogsync.kong.entity.Consumer;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * The Kong Admin API contract: every Kong behaviour the client and the sync daemon rely on, checked through
 * {@link KongAdminClient} against a real Kong or the emulator. Subclasses say where Kong is
 * ({@link #openTargets}); the cases are the same for every target, so the emulator is held to exactly what real
 * Kong does.
 *
 * <p>Safe on a shared Kong: every entity a case creates carries the run's random tag ({@code contract-xxxxxxxx})
 * and a name with that prefix; after each case everything with the tag is deleted in reverse dependency order
 * (plugins, routes, services, upstreams with their targets, consumers), and the end of the run checks that nothing
 * with the tag is left. No global plugin is created (it would act on all traffic). The DB-less cases replace the
 * whole configuration of the DB-less node; see {@link #beforeDblessCases}.
 *
 * <p>Expected values come from Kong 3.4.2 (recorded in the test resources {@code kong-transcripts/3.4.2}) and Kong's source,
 * cited per case. Plugin config checks assert the keys listed, not whole maps, so that a newer Kong 3.x adding
 * fields still passes; where Kong 3.x changed a shape (rate-limiting's Redis settings in 3.6), the case asks the
 * node for its version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class KongContract {

    /** One Kong Admin API. {@code toString} never shows the token. */
    protected record KongEndpoint(String adminUrl, String adminToken) {
        @Override
        public String toString() {
            return adminUrl + (adminToken == null ? "" : " (with admin token)");
        }
    }

    /**
     * What this run is pointed at: a DB-mode Kong and a DB-less Kong. Either may be missing, with the reason its
     * cases are skipped.
     */
    protected record Targets(KongEndpoint db, String dbSkipReason, KongEndpoint dbless, String dblessSkipReason) {

        public static Targets both(KongEndpoint db, KongEndpoint dbless) {
            return new Targets(db, null, dbless, null);
        }

        public static Targets dbOnly(KongEndpoint db, String whyNoDbless) {
            return new Targets(db, null, null, whyNoDbless);
        }

        public static Targets dblessOnly(KongEndpoint dbless, String whyNoDb) {
            return new Targets(null, whyNoDb, dbless, null);
        }
    }

    /** The plugins the daemon writes (DESIGN.md: metadata keys and what they become in Kong). */
    static final Set<String> DAEMON_PLUGINS =
            Set.of("rate-limiting", "cors", "jwt", "key-auth", "basic-auth", "oauth2", "pre-function");

    /** The JUnit tag of the DB-less cases. */
    static final String DBLESS = "dbless";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEAD_UUID = "00000000-0000-4000-8000-00000000dead";

    private Vertx vertx;
    private Targets targets;
    private KongAdminClient kong;
    private KongAdminClient dblessKong;
    private KongInfo dbInfo;
    private boolean dblessPrepared;
    private Throwable dblessSetUpFailure;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    final ContractRun run = ContractRun.random();

    /** One request as the client's listener saw it. */
    record Call(String method, String pathTemplate, int status) {
    }

    /**
     * Starts or finds the Kong(s) to run against. Called once, on the JUnit thread, before any case; abort with an
     * assumption (e.g. {@code assumeTrue(url != null, "KONG_ADMIN_URL not set: ...")}) to skip the whole class.
     */
    protected abstract Targets openTargets(Vertx vertx) throws Exception;

    /** Stops whatever {@link #openTargets} started. Called once at the end, also after a failed start. */
    protected void closeTargets() throws Exception {
    }

    /**
     * Called once, before the first DB-less case that runs. Those cases post whole configurations, which replace
     * everything the DB-less node holds: a shared target saves what it had here and puts it back in
     * {@link #afterDblessCases}. If this fails, no DB-less case runs.
     */
    protected void beforeDblessCases(Vertx vertx, KongEndpoint dbless) throws Exception {
    }

    /** Called once at the end when {@link #beforeDblessCases} was called (also when a case failed). */
    protected void afterDblessCases(Vertx vertx, KongEndpoint dbless) throws Exception {
    }

    // ---------------------------------------------------------------------------------------------------------
    // Lifecycle

    @BeforeAll
    void openKong() throws Exception {
        vertx = Vertx.vertx();
        targets = openTargets(vertx);
        if (targets.db() != null) {
            kong = client(targets.db());
            dbInfo = result(kong.info());
        }
        if (targets.dbless() != null) {
            dblessKong = client(targets.dbless());
        }
    }

    @AfterAll
    void closeKong() throws Exception {
        try {
            if (dblessPrepared) {
                afterDblessCases(vertx, targets.dbless());
            }
            if (kong != null) {
                deleteEverythingTagged();
                assertThat(leftovers()).as("entities tagged %s left on Kong after the run", run.tag()).isEmpty();
            }
        } finally {
            try {
                if (kong != null) {
                    kong.close();
                }
                if (dblessKong != null) {
                    dblessKong.close();
                }
                closeTargets();
            } finally {
                if (vertx != null) {
                    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    @BeforeEach
    void guardCase(TestInfo info) throws Exception {
        calls.clear();
        if (isDblessCase(info)) {
            assumeTrue(dblessKong != null, () -> targets.dblessSkipReason());
            if (dblessSetUpFailure != null) {
                // Never post configurations to a node whose own configuration could not be saved first.
                throw new IllegalStateException("DB-less set-up failed, not running DB-less cases",
                        dblessSetUpFailure);
            }
            if (!dblessPrepared) {
                try {
                    beforeDblessCases(vertx, targets.dbless());
                } catch (Exception | AssertionError e) {
                    dblessSetUpFailure = e;
                    throw e;
                }
                dblessPrepared = true;
            }
        } else {
            assumeTrue(kong != null, () -> targets.dbSkipReason());
        }
    }

    @AfterEach
    void cleanUpDbCase(TestInfo info) {
        if (!isDblessCase(info) && kong != null) {
            deleteEverythingTagged();
        }
    }

    private static boolean isDblessCase(TestInfo info) {
        return info.getTags().contains(DBLESS);
    }

    private KongAdminClient client(KongEndpoint endpoint) {
        return KongAdminClient.create(vertx, new KongAdminOptions()
                .setBaseUrl(endpoint.adminUrl())
                .setAdminToken(endpoint.adminToken())
                .setRequestTimeout(Duration.ofSeconds(20))
                .setMaxRetries(2)
                .setRetryDelays(Duration.ofMillis(50), Duration.ofMillis(500))
                .setListener((method, path, status, took) -> calls.add(new Call(method, path, status))));
    }

    /** Reverse dependency order: plugins, routes, services, upstreams (their targets go with them), consumers. */
    private void deleteEverythingTagged() {
        ListQuery mine = ListQuery.allTags(run.tag());
        for (Plugin p : result(kong.plugins().list(mine))) {
            result(kong.plugins().delete(p.id()));
        }
        for (Route r : result(kong.routes().list(mine))) {
            result(kong.routes().delete(r.id()));
        }
        for (Service s : result(kong.services().list(mine))) {
            result(kong.services().delete(s.id()));
        }
        for (Upstream u : result(kong.upstreams().list(mine))) {
            result(kong.upstreams().delete(u.id()));
        }
        for (Consumer c : result(kong.consumers().list(mine))) {
            result(kong.consumers().delete(c.id()));
        }
    }

    private List<KongEntity> leftovers() {
        ListQuery mine = ListQuery.allTags(run.tag());
        List<KongEntity> left = new ArrayList<>();
        left.addAll(result(kong.plugins().list(mine)));
        left.addAll(result(kong.routes().list(mine)));
        left.addAll(result(kong.services().list(mine)));
        left.addAll(result(kong.upstreams().list(mine)));
        left.addAll(result(kong.consumers().list(mine)));
        return left;
    }

    private KongVersion version() {
        return dbInfo.parsedVersion();
    }

    /** The statuses Kong answered for one method and path template, in order. */
    private List<Integer> statuses(String method, String pathTemplate) {
        return calls.stream().filter(c -> c.method().equals(method) && c.pathTemplate().equals(pathTemplate))
                .map(Call::status).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).as("a JSON object").isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> at(Map<String, Object> root, String... path) {
        Map<String, Object> m = root;
        for (String p : path) {
            assertThat(m).as("object holding '%s'", p).containsKey(p);
            m = map(m.get(p));
        }
        return m;
    }

    /** A mutable map, because Kong configs in these cases need explicit nulls that {@code Map.of} refuses. */
    private static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private Service createService(String suffix) {
        return result(kong.services().create(run.service(suffix)));
    }

    private Route createRoute(String suffix, Service service) {
        return result(kong.routes().create(run.route(suffix, Ref.id(service.id()))));
    }

    private Plugin createPlugin(String name, Map<String, Object> config, Ref service, Ref route, Ref consumer) {
        return result(kong.plugins().create(run.plugin(name, config, service, route, consumer)));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Node: GET / and GET /status (kong/api/routes/kong.lua)

    @Test
    @DisplayName("GET / gives a 3.x version, the database mode and the plugins the daemon uses")
    void infoReportsVersionDatabaseAndPlugins() {
        KongInfo info = result(kong.info());

        assertThat(info.version()).isNotBlank();
        assertThat(info.parsedVersion().major()).isEqualTo(3);
        assertThat(info.database()).isNotBlank();
        assertThat(info.dbless()).isFalse();
        assertThat(info.availablePlugins()).containsAll(DAEMON_PLUGINS);
    }

    @Test
    @DisplayName("GET /status in DB mode: database reachable, no configuration hash")
    void statusReportsReachableDatabase() {
        KongStatus status = result(kong.status());

        assertThat(status.databaseReachable()).isTrue();
        assertThat(status.configurationHash()).isNull();
    }

    @Test
    @DisplayName("POST /config on a DB-mode Kong is a plain 400: the daemon must pick its mode from GET /")
    void loadConfigOnDbModeKongIsRefused() {
        ObjectNode config = JSON.createObjectNode().put("_format_version", "3.0");

        KongBadRequestException e = failure(kong.loadConfig(config, true), KongBadRequestException.class);

        // kong/api/routes/config.lua: the endpoint exists only with database = off.
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.kongMessage())
                .isEqualTo("this endpoint is only available when Kong is configured to not use a database");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Services (kong/db/schema/entities/services.lua)

    @Test
    @DisplayName("service: POST fills Kong's schema defaults")
    void serviceCreateFillsSchemaDefaults() {
        Service s = result(kong.services().create(run.bareService("defaults")));

        assertThat(s.id()).matches("[0-9a-f-]{36}");
        assertThat(s.name()).isEqualTo(run.name("defaults"));
        assertThat(s.protocol()).isEqualTo("http");
        assertThat(s.port()).isEqualTo(80);
        assertThat(s.path()).isNull();
        assertThat(s.retries()).isEqualTo(5);
        assertThat(s.connectTimeout()).isEqualTo(60000);
        assertThat(s.writeTimeout()).isEqualTo(60000);
        assertThat(s.readTimeout()).isEqualTo(60000);
        assertThat(s.enabled()).isTrue();
        assertThat(s.tags()).containsExactly(run.tag());
        assertThat(s.createdAt()).isPositive();
        assertThat(s.updatedAt()).isPositive();
    }

    @Test
    @DisplayName("service: GET by name and by id; a missing one is empty, by name and by UUID")
    void serviceGetByNameAndIdAndMissingIsEmpty() {
        Service created = createService("get");

        assertThat(result(kong.services().get(created.name()))).contains(created);
        assertThat(result(kong.services().get(created.id()))).contains(created);
        assertThat(result(kong.services().get(run.name("never-created")))).isEmpty();
        assertThat(result(kong.services().get(DEAD_UUID))).isEmpty();
        assertThat(statuses("GET", "/services/{id}")).containsExactly(200, 200, 404, 404);
    }

    @Test
    @DisplayName("service: PUT by name creates (200), PUT again replaces entirely: omitted fields go back to defaults")
    void servicePutByNameCreatesThenReplaces() {
        String name = run.name("put");
        Service first = result(kong.services().upsert(name, new Service(null, null, "http", run.host("a"), 9000,
                "/x", 1, null, null, 5000, null, run.tags("first"), null, null)));

        assertThat(first.name()).isEqualTo(name);
        assertThat(first.port()).isEqualTo(9000);
        assertThat(first.path()).isEqualTo("/x");
        assertThat(first.retries()).isEqualTo(1);
        assertThat(first.readTimeout()).isEqualTo(5000);
        // Kong answers 200 for a PUT that creates, not 201 (services.json exchange 5).
        assertThat(statuses("PUT", "/services/{id}")).containsExactly(200);

        Service second = result(kong.services().upsert(name, new Service(null, null, null, run.host("b"), null,
                null, null, null, null, null, null, run.tags(), null, null)));

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.name()).isEqualTo(name);
        assertThat(second.host()).isEqualTo(run.host("b"));
        assertThat(second.protocol()).isEqualTo("http");
        assertThat(second.port()).isEqualTo(80);
        assertThat(second.path()).isNull();
        assertThat(second.retries()).isEqualTo(5);
        assertThat(second.readTimeout()).isEqualTo(60000);
        assertThat(second.tags()).containsExactly(run.tag());
        assertThat(result(kong.services().get(name))).contains(second);
    }

    @Test
    @DisplayName("service: PUT by a client-chosen UUID creates with that id; PUT again by it replaces")
    void servicePutByClientChosenUuid() {
        String id = UUID.randomUUID().toString();
        Service created = result(kong.services().upsert(id, run.service("by-id")));

        assertThat(created.id()).isEqualTo(id);
        assertThat(result(kong.services().get(run.name("by-id")))).map(Service::id).contains(id);

        Service replaced = result(kong.services().upsert(id, new Service(null, run.name("by-id"), "https",
                run.host("by-id-2"), 8443, null, null, null, null, null, null, run.tags(), null, null)));

        assertThat(replaced.id()).isEqualTo(id);
        assertThat(replaced.protocol()).isEqualTo("https");
        assertThat(replaced.port()).isEqualTo(8443);
        assertThat(replaced.host()).isEqualTo(run.host("by-id-2"));
    }

    @Test
    @DisplayName("service: PATCH changes only the given fields")
    void servicePatchChangesOnlyGivenFields() {
        Service created = createService("patch");

        Service patched = result(kong.services().patch(created.name(), Map.of("retries", 2, "read_timeout", 1234)));

        assertThat(patched.id()).isEqualTo(created.id());
        assertThat(patched.retries()).isEqualTo(2);
        assertThat(patched.readTimeout()).isEqualTo(1234);
        assertThat(patched.host()).isEqualTo(created.host());
        assertThat(patched.port()).isEqualTo(created.port());
        assertThat(patched.connectTimeout()).isEqualTo(created.connectTimeout());
        assertThat(patched.tags()).isEqualTo(created.tags());
    }

    @Test
    @DisplayName("service: PATCH of a missing service is KongNotFoundException with Kong's code 6")
    void servicePatchMissingIsNotFound() {
        String missing = run.name("never-created");

        KongNotFoundException e = failure(kong.services().patch(missing, Map.of("retries", 1)),
                KongNotFoundException.class);

        // services.json exchange 25: PATCH answers a structured 404, unlike GET's plain {message: Not found}.
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.kongCode()).isEqualTo(6);
        assertThat(e.kongName()).isEqualTo("not found");
        assertThat(e.kongMessage()).isEqualTo("could not find the entity with '{name=\"" + missing + "\"}'");
    }

    @Test
    @DisplayName("service: PATCH with an unknown field is a schema violation naming it")
    void servicePatchUnknownFieldIsSchemaViolation() {
        Service created = createService("unknown-field");

        KongSchemaViolationException e = failure(kong.services().patch(created.name(), Map.of("colour", "blue")),
                KongSchemaViolationException.class);

        assertThat(e.kongCode()).isEqualTo(2);
        assertThat(e.fields().path("colour").asText()).isEqualTo("unknown field");
    }

    @Test
    @DisplayName("service: DELETE answers 204, and 204 again for a service that does not exist")
    void serviceDeleteAndDeleteMissing() {
        Service created = createService("delete");

        result(kong.services().delete(created.id()));
        assertThat(result(kong.services().get(created.id()))).isEmpty();
        result(kong.services().delete(run.name("never-created")));
        result(kong.services().delete(DEAD_UUID));

        // services.json exchanges 26, 29, 30: Kong answers 204 whether or not the service existed.
        assertThat(statuses("DELETE", "/services/{id}")).containsExactly(204, 204, 204);
    }

    @Test
    @DisplayName("service: a taken name is KongConflictException with Kong's code 5, message and fields")
    void serviceDuplicateNameIsConflict() {
        Service created = createService("dup");

        KongConflictException e = failure(kong.services().create(run.service("dup")), KongConflictException.class);

        assertThat(e.status()).isEqualTo(409);
        assertThat(e.kongCode()).isEqualTo(5);
        assertThat(e.kongName()).isEqualTo("unique constraint violation");
        assertThat(e.kongMessage()).isEqualTo("UNIQUE violation detected on '{name=\"" + created.name() + "\"}'");
        assertThat(e.fields().path("name").asText()).isEqualTo(created.name());
        assertThat(e.retryable()).isFalse();
    }

    @Test
    @DisplayName("service: port 70000 is a schema violation naming 'port'")
    void servicePortOutOfRangeIsSchemaViolation() {
        Service bad = new Service(null, run.name("bad-port"), "http", run.host("bad-port"), 70000, null, null, null,
                null, null, null, run.tags(), null, null);

        KongSchemaViolationException e = failure(kong.services().create(bad), KongSchemaViolationException.class);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.kongCode()).isEqualTo(2);
        assertThat(e.kongName()).isEqualTo("schema violation");
        assertThat(e.fields().path("port").asText()).isEqualTo("value should be between 0 and 65535");
        assertThat(e.kongMessage()).isEqualTo("schema violation (port: value should be between 0 and 65535)");
    }

    @Test
    @DisplayName("service: port 0 is accepted by Kong (typedefs.port is 0..65535), so the daemon must refuse it itself")
    void servicePortZeroIsAcceptedByKong() {
        // kong/db/schema/typedefs.lua: typedefs.port = integer between 0 and 65535. DESIGN.md wants a catalog
        // endpoint with port 0 rejected: that check has to live in the translation, Kong will not make it.
        Service zero = new Service(null, run.name("port-zero"), "http", run.host("port-zero"), 0, null, null, null,
                null, null, null, run.tags(), null, null);

        assertThat(result(kong.services().create(zero)).port()).isZero();
    }

    @Test
    @DisplayName("service: several violations are all listed in fields, and counted in the message")
    void serviceSeveralViolationsAreAllListed() {
        Service bad = new Service(null, "bad name " + run.tag(), "http", run.host("several"), 70000, null, -1, null,
                null, null, null, run.tags(), null, null);

        KongSchemaViolationException e = failure(kong.services().create(bad), KongSchemaViolationException.class);

        assertThat(e.fields().path("name").asText()).startsWith("invalid value 'bad name");
        assertThat(e.fields().path("port").asText()).isEqualTo("value should be between 0 and 65535");
        assertThat(e.fields().path("retries").asText()).isEqualTo("value should be between 0 and 32767");
        assertThat(e.kongMessage()).startsWith("3 schema violations (");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Routes (kong/db/schema/entities/routes.lua, traditional_compatible router)

    @Test
    @DisplayName("route: POST fills Kong's schema defaults and stores the service as {id}")
    void routeCreateFillsSchemaDefaults() {
        Service svc = createService("route-defaults");

        Route r = result(kong.routes().create(run.route("defaults", List.of(run.path("defaults")),
                List.of("GET", "POST"), Ref.id(svc.id()))));

        assertThat(r.protocols()).containsExactly("http", "https");
        assertThat(r.methods()).containsExactly("GET", "POST");
        assertThat(r.paths()).containsExactly(run.path("defaults"));
        assertThat(r.hosts()).isNull();
        assertThat(r.headers()).isNull();
        assertThat(r.stripPath()).isTrue();
        assertThat(r.preserveHost()).isFalse();
        assertThat(r.regexPriority()).isZero();
        assertThat(r.pathHandling()).isEqualTo("v0");
        assertThat(r.httpsRedirectStatusCode()).isEqualTo(426);
        assertThat(r.requestBuffering()).isTrue();
        assertThat(r.responseBuffering()).isTrue();
        assertThat(r.service()).isEqualTo(Ref.id(svc.id()));
    }

    @Test
    @DisplayName("route: none of paths/hosts/methods is a schema violation on '@entity'")
    void routeWithoutMatchFieldsIsSchemaViolation() {
        Service svc = createService("route-none");
        Route none = run.route("none", null, null, Ref.id(svc.id()));

        KongSchemaViolationException e = failure(kong.routes().create(none), KongSchemaViolationException.class);

        assertThat(e.kongCode()).isEqualTo(2);
        JsonNode entity = e.fields().path("@entity");
        assertThat(entity.isArray()).as("fields.@entity is an array: %s", e.fields()).isTrue();
        assertThat(entity.get(0).asText()).startsWith("must set one of 'methods', 'hosts', 'headers', 'paths'");
    }

    @Test
    @DisplayName("route: a service id that does not exist is KongForeignKeyException code 4 with fields")
    void routeToMissingServiceIsForeignKeyViolation() {
        Route orphan = run.route("orphan", Ref.id(DEAD_UUID));

        KongForeignKeyException e = failure(kong.routes().create(orphan), KongForeignKeyException.class);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.kongCode()).isEqualTo(4);
        assertThat(e.kongName()).isEqualTo("foreign key violation");
        assertThat(e.kongMessage()).isEqualTo("the foreign key '{id=\"" + DEAD_UUID
                + "\"}' does not reference an existing 'services' entity.");
        assertThat(e.fields().path("service").path("id").asText()).isEqualTo(DEAD_UUID);
    }

    @Test
    @DisplayName("route: a service given by name is resolved and stored as {id}")
    void routeServiceByNameIsResolvedToId() {
        Service svc = createService("fk-name");

        Route r = result(kong.routes().create(run.route("fk-name", Ref.name(svc.name()))));

        assertThat(r.service()).isEqualTo(Ref.id(svc.id()));
        assertThat(result(kong.routes().get(r.name()))).map(Route::service).contains(Ref.id(svc.id()));
    }

    @Test
    @DisplayName("route: a service name that does not exist is KongForeignKeyException code 13")
    void routeServiceByUnknownNameIsUnresolved() {
        String missing = run.name("no-such-service");

        KongForeignKeyException e = failure(kong.routes().create(run.route("fk-unknown", Ref.name(missing))),
                KongForeignKeyException.class);

        assertThat(e.kongCode()).isEqualTo(13);
        assertThat(e.kongName()).isEqualTo("foreign keys unresolved");
        assertThat(e.fields().path("service").path("name").asText()).isEqualTo(
                "the foreign key cannot be resolved with '{name=\"" + missing
                        + "\"}' for an existing 'services' entity");
    }

    @Test
    @DisplayName("route: deleting a service that still has routes is KongForeignKeyException '@referenced_by'")
    void deleteServiceWithRoutesIsReferencedBy() {
        Service svc = createService("referenced");
        createRoute("referencing", svc);

        KongForeignKeyException e = failure(kong.services().delete(svc.name()), KongForeignKeyException.class);

        assertThat(e.kongCode()).isEqualTo(4);
        assertThat(e.kongMessage()).isEqualTo("an existing 'routes' entity references this 'services' entity");
        assertThat(e.fields().path("@referenced_by").asText()).isEqualTo("routes");
        assertThat(result(kong.services().get(svc.id()))).isPresent();
    }

    @Test
    @DisplayName("route: PUT by name creates, PUT again replaces (arrays and omitted fields); PATCH replaces arrays")
    void routePutReplacesAndPatchReplacesArrays() {
        Service svc = createService("route-put");
        String name = run.name("route-put");
        Route first = result(kong.routes().upsert(name, new Route(null, null, null, List.of("GET"), null,
                List.of(run.path("a")), null, false, null, null, null, null, null, null, Ref.id(svc.id()),
                run.tags(), null, null)));

        assertThat(first.name()).isEqualTo(name);
        assertThat(first.stripPath()).isFalse();

        Route second = result(kong.routes().upsert(name, new Route(null, null, null, null, null,
                List.of(run.path("b")), null, null, null, null, null, null, null, null, Ref.id(svc.id()),
                run.tags(), null, null)));

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.paths()).containsExactly(run.path("b"));
        assertThat(second.methods()).isNull();
        assertThat(second.stripPath()).isTrue();

        Route patched = result(kong.routes().patch(name, Map.of("paths", List.of(run.path("c"), run.path("d")))));

        assertThat(patched.paths()).containsExactly(run.path("c"), run.path("d"));
        assertThat(patched.service()).isEqualTo(Ref.id(svc.id()));
    }

    @Test
    @DisplayName("route: a taken route name is KongConflictException code 5")
    void routeDuplicateNameIsConflict() {
        Service svc = createService("route-dup");
        createRoute("dup", svc);

        KongConflictException e = failure(kong.routes().create(run.route("dup", Ref.id(svc.id()))),
                KongConflictException.class);

        assertThat(e.kongCode()).isEqualTo(5);
        assertThat(e.fields().path("name").asText()).isEqualTo(run.name("dup"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Consumers (kong/db/schema/entities/consumers.lua)

    @Test
    @DisplayName("consumer: create, GET by username, PUT replaces, PATCH, DELETE")
    void consumerCrud() {
        // custom_id is unique across the node too: run-scoped like the names.
        Consumer created = result(kong.consumers().create(new Consumer(null, run.name("alice"), run.name("ext-1"),
                run.tags(), null, null)));

        assertThat(created.username()).isEqualTo(run.name("alice"));
        assertThat(created.customId()).isEqualTo(run.name("ext-1"));
        assertThat(result(kong.consumers().get(run.name("alice")))).contains(created);

        Consumer replaced = result(kong.consumers().upsert(run.name("alice"),
                new Consumer(null, null, null, run.tags(), null, null)));
        assertThat(replaced.id()).isEqualTo(created.id());
        assertThat(replaced.customId()).isNull();

        Consumer patched = result(kong.consumers().patch(created.id(), Map.of("custom_id", run.name("ext-2"))));
        assertThat(patched.customId()).isEqualTo(run.name("ext-2"));
        assertThat(patched.username()).isEqualTo(run.name("alice"));

        result(kong.consumers().delete(run.name("alice")));
        assertThat(result(kong.consumers().get(created.id()))).isEmpty();
    }

    @Test
    @DisplayName("consumer: a taken username is a conflict; neither username nor custom_id is a schema violation")
    void consumerConflictAndMissingKeys() {
        Consumer created = result(kong.consumers().create(run.consumer("bob")));

        KongConflictException dup = failure(kong.consumers().create(run.consumer("bob")), KongConflictException.class);
        assertThat(dup.kongCode()).isEqualTo(5);
        assertThat(dup.fields().path("username").asText()).isEqualTo(created.username());

        KongSchemaViolationException none = failure(kong.consumers().create(new Consumer(null, null, null,
                run.tags(), null, null)), KongSchemaViolationException.class);
        assertThat(none.fields().path("@entity").get(0).asText())
                .isEqualTo("at least one of these fields must be non-empty: 'custom_id', 'username'");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Upstreams and targets (kong/db/schema/entities/upstreams.lua, targets.lua, kong/api/routes/upstreams.lua)

    @Test
    @DisplayName("upstream: POST fills defaults, healthchecks included")
    void upstreamCreateFillsDefaultsAndHealthchecks() {
        Upstream u = result(kong.upstreams().create(run.upstream("defaults", null)));

        assertThat(u.algorithm()).isEqualTo("round-robin");
        assertThat(u.hashOn()).isEqualTo("none");
        assertThat(u.hashFallback()).isEqualTo("none");
        assertThat(u.slots()).isEqualTo(10000);
        assertThat(u.hostHeader()).isNull();
        Map<String, Object> active = at(u.healthchecks(), "active");
        assertThat(active).containsEntry("type", "http").containsEntry("http_path", "/")
                .containsEntry("timeout", 1).containsEntry("concurrency", 10)
                .containsEntry("https_verify_certificate", true);
        assertThat(at(active, "healthy")).containsEntry("interval", 0).containsEntry("successes", 0)
                .containsEntry("http_statuses", List.of(200, 302));
        assertThat(at(active, "unhealthy")).containsEntry("interval", 0).containsEntry("http_failures", 0)
                .containsEntry("tcp_failures", 0).containsEntry("timeouts", 0)
                .containsEntry("http_statuses", List.of(429, 404, 500, 501, 502, 503, 504, 505));
        Map<String, Object> passive = at(u.healthchecks(), "passive");
        assertThat(passive).containsEntry("type", "http");
        assertThat(at(passive, "healthy")).containsEntry("successes", 0);
        assertThat(at(passive, "unhealthy")).containsEntry("http_failures", 0)
                .containsEntry("http_statuses", List.of(429, 500, 503));
        assertThat(u.healthchecks()).containsEntry("threshold", 0);
    }

    @Test
    @DisplayName("upstream: given health check settings are kept, the rest filled in")
    void upstreamHealthchecksKeepGivenValues() {
        Map<String, Object> hc = obj("active", obj("http_path", "/health",
                "healthy", obj("interval", 5, "successes", 2),
                "unhealthy", obj("interval", 5, "http_failures", 3)));

        Upstream u = result(kong.upstreams().create(run.upstream("hc", hc)));

        Map<String, Object> active = at(u.healthchecks(), "active");
        assertThat(active).containsEntry("http_path", "/health").containsEntry("timeout", 1)
                .containsEntry("concurrency", 10);
        assertThat(at(active, "healthy")).containsEntry("interval", 5).containsEntry("successes", 2)
                .containsEntry("http_statuses", List.of(200, 302));
        assertThat(at(active, "unhealthy")).containsEntry("interval", 5).containsEntry("http_failures", 3)
                .containsEntry("tcp_failures", 0);
        assertThat(at(u.healthchecks(), "passive", "unhealthy")).containsEntry("http_failures", 0);
    }

    @Test
    @DisplayName("upstream: GET by name, PUT replaces (healthchecks back to defaults), PATCH, DELETE, taken name")
    void upstreamCrudAndConflict() {
        Map<String, Object> hc = obj("active", obj("healthy", obj("interval", 7)));
        Upstream created = result(kong.upstreams().create(run.upstream("crud", hc)));
        assertThat(result(kong.upstreams().get(run.name("crud")))).contains(created);

        Upstream replaced = result(kong.upstreams().upsert(run.name("crud"), new Upstream(null, null,
                "least-connections", null, null, null, null, null, run.tags(), null, null)));
        assertThat(replaced.id()).isEqualTo(created.id());
        assertThat(replaced.algorithm()).isEqualTo("least-connections");
        assertThat(at(replaced.healthchecks(), "active", "healthy")).containsEntry("interval", 0);

        Upstream patched = result(kong.upstreams().patch(created.id(), Map.of("slots", 100)));
        assertThat(patched.slots()).isEqualTo(100);
        assertThat(patched.algorithm()).isEqualTo("least-connections");

        KongConflictException dup = failure(kong.upstreams().create(run.upstream("crud", null)),
                KongConflictException.class);
        assertThat(dup.kongCode()).isEqualTo(5);
        assertThat(dup.fields().path("name").asText()).isEqualTo(run.name("crud"));

        result(kong.upstreams().delete(run.name("crud")));
        assertThat(result(kong.upstreams().get(created.id()))).isEmpty();
    }

    @Test
    @DisplayName("upstream: a name that is not a host name is a schema violation naming 'name'")
    void upstreamInvalidNameIsSchemaViolation() {
        String bad = run.name("bad name");

        KongSchemaViolationException e = failure(kong.upstreams().create(new Upstream(null, bad, null, null, null,
                null, null, null, run.tags(), null, null)), KongSchemaViolationException.class);

        assertThat(e.fields().path("name").asText())
                .isEqualTo("Invalid name ('" + bad + "'); must be a valid hostname");
    }

    @Test
    @DisplayName("target: defaults are weight 100 and port 8000 when none is given")
    void targetDefaults() {
        Upstream u = result(kong.upstreams().create(run.upstream("t-defaults", null)));

        Target t = result(kong.targets(u.name()).create(run.target("127.0.0.2", null)));

        assertThat(t.target()).isEqualTo("127.0.0.2:8000");
        assertThat(t.weight()).isEqualTo(100);
        assertThat(t.upstream()).isEqualTo(Ref.id(u.id()));
        assertThat(t.createdAt()).isPositive();
    }

    @Test
    @DisplayName("target: create, list, GET by host:port, PUT (a merge) and PATCH, DELETE by host:port and by id")
    void targetCrud() {
        Upstream u = result(kong.upstreams().create(run.upstream("t-crud", null)));
        Target a = result(kong.targets(u.name()).create(run.target("127.0.0.1:18081", 100)));
        Target b = result(kong.targets(u.id()).create(run.target("127.0.0.1:18082", 0)));

        assertThat(b.weight()).isZero();
        assertThat(result(kong.targets(u.name()).list(ListQuery.ALL))).extracting(Target::id)
                .containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(result(kong.targets(u.name()).get("127.0.0.1:18081"))).map(Target::id).contains(a.id());

        // kong/api/routes/upstreams.lua: PUT on a target is update_target_cb -> endpoints.update_entity ->
        // DAO:update, a merge into the stored target (like PATCH): the tags left out here are kept.
        Target put = result(kong.targets(u.name()).upsert("127.0.0.1:18081",
                new Target(null, "127.0.0.1:18081", 50, null, null, null, null)));
        assertThat(put.id()).isEqualTo(a.id());
        assertThat(put.weight()).isEqualTo(50);
        assertThat(put.tags()).containsExactly(run.tag());

        Target patched = result(kong.targets(u.name()).patch(b.id(), Map.of("weight", 10)));
        assertThat(patched.weight()).isEqualTo(10);
        assertThat(patched.target()).isEqualTo("127.0.0.1:18082");

        result(kong.targets(u.name()).delete("127.0.0.1:18081"));
        result(kong.targets(u.name()).delete(b.id()));
        assertThat(result(kong.targets(u.name()).list(ListQuery.ALL))).isEmpty();
    }

    @Test
    @DisplayName("target: DELETE of a missing target is 404 in Kong, success for the client")
    void targetDeleteMissingIsSuccess() {
        Upstream u = result(kong.upstreams().create(run.upstream("t-gone", null)));

        result(kong.targets(u.name()).delete("127.0.0.1:18089"));
        result(kong.targets(u.name()).delete(DEAD_UUID));

        // upstreams-targets.json exchange 22: unlike services (204), a missing target answers 404.
        assertThat(statuses("DELETE", "/upstreams/{id}/targets/{id}")).containsExactly(404, 404);
    }

    @Test
    @DisplayName("target: PUT of a target that does not exist is 404: Kong 3.x has no target upsert")
    void targetPutOfMissingTargetIsNotFound() {
        // kong/api/routes/upstreams.lua: PUT /upstreams/:u/targets/:t finds the target first and answers 404 when
        // there is none (update_target_cb); targets are created with POST only.
        Upstream u = result(kong.upstreams().create(run.upstream("t-put", null)));

        KongNotFoundException e = failure(kong.targets(u.name()).upsert("127.0.0.1:18090",
                run.target("127.0.0.1:18090", 10)), KongNotFoundException.class);

        assertThat(e.status()).isEqualTo(404);
        assertThat(result(kong.targets(u.name()).list(ListQuery.ALL))).isEmpty();
    }

    @Test
    @DisplayName("target: the same host:port twice on one upstream is a conflict; weight 70000 a schema violation")
    void targetConflictAndBadWeight() {
        Upstream u = result(kong.upstreams().create(run.upstream("t-dup", null)));
        result(kong.targets(u.name()).create(run.target("127.0.0.1:18083", 100)));

        KongConflictException dup = failure(kong.targets(u.name()).create(run.target("127.0.0.1:18083", 100)),
                KongConflictException.class);
        assertThat(dup.kongCode()).isEqualTo(5);
        assertThat(dup.fields().path("target").asText()).isEqualTo("127.0.0.1:18083");
        assertThat(dup.fields().path("upstream").path("id").asText()).isEqualTo(u.id());

        KongSchemaViolationException heavy = failure(kong.targets(u.name()).create(
                run.target("127.0.0.1:18084", 70000)), KongSchemaViolationException.class);
        assertThat(heavy.fields().path("weight").asText()).isEqualTo("value should be between 0 and 65535");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Plugins (kong/db/schema/entities/plugins.lua and each plugin's schema.lua)

    @Test
    @DisplayName("rate-limiting: defaults; Redis settings flat (redis_*) before 3.6, nested (config.redis) from 3.6")
    void rateLimitingDefaultsVersionAware() {
        Service svc = createService("rl");
        boolean nested = version().atLeast(3, 6);
        Map<String, Object> config = obj("minute", 100, "hour", 5000, "policy", "redis", "limit_by", "consumer",
                "fault_tolerant", true);
        // kong/plugins/rate-limiting/schema.lua: 3.4 has flat redis_* fields; 3.6 moved them into a `redis`
        // record (kong/tools/redis/schema.lua) and keeps redis_* only as deprecated shorthands.
        if (nested) {
            config.put("redis", obj("host", run.host("redis"), "port", 6380));
        } else {
            config.put("redis_host", run.host("redis"));
            config.put("redis_port", 6380);
        }

        Plugin p = createPlugin("rate-limiting", config, Ref.id(svc.id()), null, null);

        assertThat(p.config()).containsEntry("minute", 100).containsEntry("hour", 5000)
                .containsEntry("second", null).containsEntry("day", null)
                .containsEntry("policy", "redis").containsEntry("limit_by", "consumer")
                .containsEntry("fault_tolerant", true).containsEntry("sync_rate", -1)
                .containsEntry("error_code", 429).containsEntry("error_message", "API rate limit exceeded")
                .containsEntry("hide_client_headers", false);
        if (nested) {
            assertThat(at(p.config(), "redis")).containsEntry("host", run.host("redis")).containsEntry("port", 6380)
                    .containsEntry("timeout", 2000).containsEntry("database", 0)
                    .containsEntry("ssl", false).containsEntry("ssl_verify", false);
        } else {
            assertThat(p.config()).doesNotContainKey("redis")
                    .containsEntry("redis_host", run.host("redis")).containsEntry("redis_port", 6380)
                    .containsEntry("redis_timeout", 2000).containsEntry("redis_database", 0)
                    .containsEntry("redis_ssl", false).containsEntry("redis_ssl_verify", false)
                    .containsEntry("redis_password", null);
        }
        assertThat(p.protocols()).containsExactlyInAnyOrder("grpc", "grpcs", "http", "https");
        assertThat(p.enabled()).isTrue();
        assertThat(p.service()).isEqualTo(Ref.id(svc.id()));
        assertThat(p.route()).isNull();
        assertThat(p.consumer()).isNull();
    }

    @Test
    @DisplayName("rate-limiting: a limit alone gets policy local, limit_by consumer, fault_tolerant true")
    void rateLimitingMinimalConfigGetsLocalPolicy() {
        Service svc = createService("rl-min");

        Plugin p = createPlugin("rate-limiting", obj("second", 5), Ref.id(svc.id()), null, null);

        assertThat(p.config()).containsEntry("second", 5).containsEntry("minute", null)
                .containsEntry("policy", "local").containsEntry("limit_by", "consumer")
                .containsEntry("fault_tolerant", true);
    }

    @Test
    @DisplayName("rate-limiting: minute \"ten\" is a schema violation naming config.minute")
    void rateLimitingMinuteTenIsSchemaViolation() {
        Service svc = createService("rl-ten");

        KongSchemaViolationException e = failure(kong.plugins().create(run.plugin("rate-limiting",
                obj("minute", "ten"), Ref.id(svc.id()), null, null)), KongSchemaViolationException.class);

        assertThat(e.kongCode()).isEqualTo(2);
        assertThat(e.fields().path("config").path("minute").asText()).isEqualTo("expected a number");
        assertThat(e.kongMessage()).isEqualTo("schema violation (config.minute: expected a number)");
    }

    @Test
    @DisplayName("cors: origins kept, methods default to all nine, credentials and preflight_continue false")
    void corsDefaults() {
        Service svc = createService("cors");

        Plugin p = createPlugin("cors", obj("origins", List.of("*")), Ref.id(svc.id()), null, null);

        // kong/plugins/cors/schema.lua: methods defaults to the METHODS list.
        assertThat(p.config()).containsEntry("origins", List.of("*"))
                .containsEntry("methods", List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS",
                        "TRACE", "CONNECT"))
                .containsEntry("credentials", false).containsEntry("preflight_continue", false)
                .containsEntry("headers", null).containsEntry("exposed_headers", null)
                .containsEntry("max_age", null);
    }

    @Test
    @DisplayName("jwt: the daemon's settings are kept, the rest defaulted")
    void jwtDefaults() {
        Service svc = createService("jwt");
        Route route = createRoute("jwt", svc);

        Plugin p = createPlugin("jwt", obj("claims_to_verify", List.of("exp", "nbf"), "key_claim_name", "iss",
                "maximum_expiration", 86400, "run_on_preflight", true), null, Ref.id(route.id()), null);

        assertThat(p.config()).containsEntry("claims_to_verify", List.of("exp", "nbf"))
                .containsEntry("key_claim_name", "iss").containsEntry("maximum_expiration", 86400)
                .containsEntry("run_on_preflight", true).containsEntry("uri_param_names", List.of("jwt"))
                .containsEntry("cookie_names", List.of()).containsEntry("header_names", List.of("authorization"))
                .containsEntry("secret_is_base64", false).containsEntry("anonymous", null);
        assertThat(p.route()).isEqualTo(Ref.id(route.id()));
    }

    @Test
    @DisplayName("key-auth: defaults")
    void keyAuthDefaults() {
        Service svc = createService("key-auth");
        Route route = createRoute("key-auth", svc);

        Plugin p = createPlugin("key-auth", null, null, Ref.id(route.id()), null);

        assertThat(p.config()).containsEntry("key_names", List.of("apikey")).containsEntry("hide_credentials", false)
                .containsEntry("key_in_header", true).containsEntry("key_in_query", true)
                .containsEntry("key_in_body", false).containsEntry("run_on_preflight", true)
                .containsEntry("anonymous", null);
    }

    @Test
    @DisplayName("basic-auth: defaults")
    void basicAuthDefaults() {
        Service svc = createService("basic-auth");

        Plugin p = createPlugin("basic-auth", null, Ref.id(svc.id()), null, null);

        assertThat(p.config()).containsEntry("anonymous", null).containsEntry("hide_credentials", false);
    }

    @Test
    @DisplayName("oauth2: defaults, and a provision_key Kong generates")
    void oauth2DefaultsAndGeneratedProvisionKey() {
        Service svc = createService("oauth2");

        Plugin p = createPlugin("oauth2", obj("enable_authorization_code", true, "scopes", List.of("read", "write"),
                "mandatory_scope", true), Ref.id(svc.id()), null, null);

        assertThat(p.config()).containsEntry("enable_authorization_code", true)
                .containsEntry("scopes", List.of("read", "write")).containsEntry("mandatory_scope", true)
                .containsEntry("enable_client_credentials", false).containsEntry("enable_implicit_grant", false)
                .containsEntry("enable_password_grant", false).containsEntry("token_expiration", 7200)
                .containsEntry("refresh_token_ttl", 1209600).containsEntry("pkce", "lax")
                .containsEntry("auth_header_name", "authorization").containsEntry("global_credentials", false)
                .containsEntry("hide_credentials", false).containsEntry("accept_http_if_already_terminated", false)
                .containsEntry("reuse_refresh_token", false).containsEntry("anonymous", null);
        assertThat(p.config().get("provision_key")).isInstanceOf(String.class).asString().isNotBlank();
    }

    @Test
    @DisplayName("oauth2: mandatory_scope without scopes is a schema violation naming config.scopes")
    void oauth2MandatoryScopeWithoutScopesIsSchemaViolation() {
        Service svc = createService("oauth2-bad");

        KongSchemaViolationException e = failure(kong.plugins().create(run.plugin("oauth2",
                obj("enable_authorization_code", true, "mandatory_scope", true), Ref.id(svc.id()), null, null)),
                KongSchemaViolationException.class);

        assertThat(e.fields().path("config").path("scopes").asText()).isEqualTo("required field missing");
    }

    @Test
    @DisplayName("pre-function: multi-chunk Lua in access, header_filter and body_filter is stored verbatim")
    void preFunctionMultiChunkLua() {
        Service svc = createService("pre");
        Route route = createRoute("pre", svc);
        List<String> access = List.of(
                "local ctx = kong.ctx.plugin\nctx.masked = true",
                "kong.service.request.clear_header(\"Accept-Encoding\")\n"
                        + "kong.service.request.set_header(\"X-Masked\", \"1\")");
        List<String> headerFilter = List.of("kong.response.clear_header(\"Content-Length\")");
        List<String> bodyFilter = List.of(
                "local chunk = ngx.arg[1]\nif chunk and #chunk > 0 then\n  ngx.arg[1] = chunk\nend",
                "if ngx.arg[2] then kong.log.debug(\"last chunk\") end");

        Plugin p = createPlugin("pre-function", obj("access", access, "header_filter", headerFilter,
                "body_filter", bodyFilter), null, Ref.id(route.id()), null);

        assertThat(p.config()).containsEntry("access", access).containsEntry("header_filter", headerFilter)
                .containsEntry("body_filter", bodyFilter).containsEntry("rewrite", List.of())
                .containsEntry("log", List.of()).containsEntry("certificate", List.of());
        assertThat(result(kong.plugins().get(p.id()))).map(Plugin::config).contains(p.config());
    }

    @Test
    @DisplayName("pre-function: Lua that does not compile is a schema violation naming config.access")
    void preFunctionBadLuaIsSchemaViolation() {
        Service svc = createService("pre-bad");

        KongSchemaViolationException e = failure(kong.plugins().create(run.plugin("pre-function",
                obj("access", List.of("this is not lua")), Ref.id(svc.id()), null, null)),
                KongSchemaViolationException.class);

        // kong/plugins/pre-function/_schema.lua: each chunk goes through loadstring.
        JsonNode access = e.fields().path("config").path("access");
        assertThat(access.isArray()).as("fields.config.access is an array: %s", e.fields()).isTrue();
        assertThat(access.get(0).asText()).startsWith("error parsing pre-function: ");
    }

    @Test
    @DisplayName("plugins: scoped to a service, a route and a consumer; each keeps only its own scope")
    void pluginScopes() {
        Service svc = createService("scoped");
        Route route = createRoute("scoped", svc);
        Consumer consumer = result(kong.consumers().create(run.consumer("scoped")));

        Plugin onService = createPlugin("rate-limiting", obj("minute", 10), Ref.id(svc.id()), null, null);
        Plugin onRoute = createPlugin("key-auth", null, null, Ref.id(route.id()), null);
        Plugin onConsumer = createPlugin("rate-limiting", obj("second", 5), null, null, Ref.id(consumer.id()));

        assertThat(onService.service()).isEqualTo(Ref.id(svc.id()));
        assertThat(onService.route()).isNull();
        assertThat(onRoute.route()).isEqualTo(Ref.id(route.id()));
        assertThat(onRoute.service()).isNull();
        assertThat(onConsumer.consumer()).isEqualTo(Ref.id(consumer.id()));
        assertThat(onConsumer.service()).isNull();
        assertThat(result(kong.plugins().list(ListQuery.allTags(run.tag())))).extracting(Plugin::id)
                .containsExactlyInAnyOrder(onService.id(), onRoute.id(), onConsumer.id());
        assertThat(result(kong.plugins().get(onRoute.id()))).contains(onRoute);
    }

    @Test
    @DisplayName("plugins: a plugin scoped by service name is stored with the service's id")
    void pluginServiceByNameIsResolved() {
        Service svc = createService("plugin-by-name");

        Plugin p = createPlugin("cors", obj("origins", List.of("*")), Ref.name(svc.name()), null, null);

        assertThat(p.service()).isEqualTo(Ref.id(svc.id()));
    }

    @Test
    @DisplayName("plugins: auth plugins cannot be consumer-scoped (consumer: value must be null)")
    void authPluginCannotBeConsumerScoped() {
        Consumer consumer = result(kong.consumers().create(run.consumer("no-auth-scope")));

        KongSchemaViolationException e = failure(kong.plugins().create(run.plugin("key-auth", null, null, null,
                Ref.id(consumer.id()))), KongSchemaViolationException.class);

        assertThat(e.fields().path("consumer").asText()).isEqualTo("value must be null");
    }

    @Test
    @DisplayName("plugins: the same plugin twice on one route is a conflict")
    void samePluginTwiceOnRouteIsConflict() {
        Service svc = createService("twice");
        Route route = createRoute("twice", svc);
        createPlugin("key-auth", null, null, Ref.id(route.id()), null);

        KongConflictException e = failure(kong.plugins().create(run.plugin("key-auth", null, null,
                Ref.id(route.id()), null)), KongConflictException.class);

        assertThat(e.kongCode()).isEqualTo(5);
        assertThat(e.fields().path("name").asText()).isEqualTo("key-auth");
        assertThat(e.fields().path("route").path("id").asText()).isEqualTo(route.id());
    }

    @Test
    @DisplayName("plugins: a route that does not exist is a foreign key violation naming 'route'")
    void pluginOnMissingRouteIsForeignKeyViolation() {
        KongForeignKeyException e = failure(kong.plugins().create(run.plugin("key-auth", null, null,
                Ref.id(DEAD_UUID), null)), KongForeignKeyException.class);

        assertThat(e.kongCode()).isEqualTo(4);
        assertThat(e.fields().path("route").path("id").asText()).isEqualTo(DEAD_UUID);
        assertThat(e.kongMessage()).endsWith("does not reference an existing 'routes' entity.");
    }

    @Test
    @DisplayName("plugins: an auth plugin's anonymous consumer is kept by id or username, and PATCH null clears it")
    void authPluginAnonymousConsumer() {
        Service svc = createService("anon");
        Route keyRoute = createRoute("anon-key", svc);
        Route basicRoute = createRoute("anon-basic", svc);
        Consumer anonymous = result(kong.consumers().create(run.consumer("anonymous")));

        Plugin byId = createPlugin("key-auth", obj("anonymous", anonymous.id()), null, Ref.id(keyRoute.id()), null);
        Plugin byName = createPlugin("basic-auth", obj("anonymous", anonymous.username()), null,
                Ref.id(basicRoute.id()), null);

        // The schemas take a string (consumer UUID or username) and Kong resolves it per request
        // (kong/plugins/key-auth/schema.lua), so the daemon must keep that consumer itself.
        assertThat(byId.config()).containsEntry("anonymous", anonymous.id());
        assertThat(byName.config()).containsEntry("anonymous", anonymous.username());
        assertThat(result(kong.consumers().get((String) byId.config().get("anonymous")))).contains(anonymous);
        assertThat(result(kong.consumers().get((String) byName.config().get("anonymous")))).contains(anonymous);

        Map<String, Object> clear = new HashMap<>();
        clear.put("anonymous", null);
        Plugin cleared = result(kong.plugins().patch(byId.id(), Map.of("config", clear)));

        assertThat(cleared.config()).containsEntry("anonymous", null).containsEntry("key_names", List.of("apikey"));
    }

    @Test
    @DisplayName("plugins: PATCH merges config (omitted keys kept), arrays inside config are replaced")
    void pluginPatchMergesConfigAndReplacesArrays() {
        Service svc = createService("patch-plugins");
        Plugin rl = createPlugin("rate-limiting", obj("minute", 100, "hour", 5000, "limit_by", "ip"),
                Ref.id(svc.id()), null, null);
        Plugin cors = createPlugin("cors", obj("origins", List.of("https://a.example.com", "https://b.example.com"),
                "methods", List.of("GET", "POST"), "max_age", 3600), Ref.id(svc.id()), null, null);

        Plugin rl2 = result(kong.plugins().patch(rl.id(), Map.of("config", Map.of("minute", 50))));
        Plugin cors2 = result(kong.plugins().patch(cors.id(),
                Map.of("config", Map.of("origins", List.of("https://c.example.com")))));
        Plugin disabled = result(kong.plugins().patch(rl.id(), Map.of("enabled", false)));

        assertThat(rl2.config()).containsEntry("minute", 50).containsEntry("hour", 5000)
                .containsEntry("limit_by", "ip");
        assertThat(cors2.config()).containsEntry("origins", List.of("https://c.example.com"))
                .containsEntry("methods", List.of("GET", "POST")).containsEntry("max_age", 3600);
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.config()).containsEntry("minute", 50);
    }

    @Test
    @DisplayName("plugins: PUT by a client-chosen UUID creates; PUT again replaces config (omitted keys to defaults)")
    void pluginPutByUuidReplacesConfig() {
        Service svc = createService("put-plugin");
        String id = UUID.randomUUID().toString();

        Plugin created = result(kong.plugins().upsert(id, run.plugin("rate-limiting",
                obj("minute", 100, "hour", 5000, "limit_by", "ip"), Ref.id(svc.id()), null, null)));
        assertThat(created.id()).isEqualTo(id);

        Plugin replaced = result(kong.plugins().upsert(id, run.plugin("rate-limiting", obj("minute", 7),
                Ref.id(svc.id()), null, null)));

        assertThat(replaced.id()).isEqualTo(id);
        assertThat(replaced.config()).containsEntry("minute", 7).containsEntry("hour", null)
                .containsEntry("limit_by", "consumer").containsEntry("policy", "local");
        assertThat(result(kong.plugins().get(id))).map(Plugin::config).contains(replaced.config());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Paging and tags (kong/api/endpoints.lua: page_collection, extract_options)

    private List<Service> createTagged(int count, String suffix, String... extraTags) {
        List<Service> made = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Service s = run.service(suffix + "-" + i);
            made.add(result(kong.services().create(new Service(null, s.name(), s.protocol(), s.host(), s.port(),
                    null, null, null, null, null, null, run.tags(extraTags), null, null))));
        }
        return made;
    }

    @Test
    @DisplayName("paging: list with a small size follows offsets and returns every entity exactly once")
    void pagingReturnsEverythingOnce() {
        List<Service> made = createTagged(7, "page", run.tag("page"));

        List<Service> listed = result(kong.services().list(ListQuery.allTags(run.tag(), run.tag("page")).withSize(3)));

        assertThat(listed).extracting(Service::id)
                .containsExactlyInAnyOrderElementsOf(made.stream().map(Service::id).toList())
                .doesNotHaveDuplicates();
        assertThat(statuses("GET", "/services")).hasSizeGreaterThanOrEqualTo(3).containsOnly(200);
    }

    @Test
    @DisplayName("paging: page by page, an offset while more remain and none on the last page")
    void pageByPageOffsets() {
        List<Service> made = createTagged(5, "pages", run.tag("pages"));
        ListQuery query = ListQuery.allTags(run.tag("pages")).withSize(2);

        Set<String> seen = new HashSet<>();
        Page<Service> page = result(kong.services().page(query, null));
        assertThat(page.offset()).as("offset of the first page of 5 entities by 2").isNotNull();
        int pages = 1;
        page.data().forEach(s -> seen.add(s.id()));
        while (page.hasNext()) {
            assertThat(page.data()).hasSizeLessThanOrEqualTo(2);
            page = result(kong.services().page(query, page.offset()));
            page.data().forEach(s -> assertThat(seen.add(s.id())).as("%s seen twice", s.name()).isTrue());
            pages++;
            assertThat(pages).as("pages for 5 entities by 2").isLessThanOrEqualTo(5);
        }

        assertThat(seen).containsExactlyInAnyOrderElementsOf(made.stream().map(Service::id).toList());
        assertThat(pages).isGreaterThanOrEqualTo(3);
    }

    @Test
    @DisplayName("paging: an offset Kong never gave is a schema violation with Kong's code 7")
    void invalidOffsetIsRefused() {
        KongSchemaViolationException e = failure(kong.services().page(ListQuery.ALL, "bogus-offset"),
                KongSchemaViolationException.class);

        assertThat(e.kongCode()).isEqualTo(7);
        assertThat(e.kongName()).isEqualTo("invalid offset");
    }

    @Test
    @DisplayName("tags: ',' means all of them (AND)")
    void tagFilterAnd() {
        Service a = createTaggedOne("and-a", run.tag("x"));
        Service b = createTaggedOne("and-b", run.tag("y"));
        Service ab = createTaggedOne("and-ab", run.tag("x"), run.tag("y"));

        List<Service> both = result(kong.services().list(ListQuery.allTags(run.tag("x"), run.tag("y"))));
        List<Service> onlyX = result(kong.services().list(ListQuery.allTags(run.tag(), run.tag("x"))));

        assertThat(both).extracting(Service::id).containsExactly(ab.id());
        assertThat(onlyX).extracting(Service::id).containsExactlyInAnyOrder(a.id(), ab.id());
        assertThat(b.tags()).containsExactly(run.tag(), run.tag("y"));
    }

    @Test
    @DisplayName("tags: '/' means any of them (OR)")
    void tagFilterOr() {
        Service a = createTaggedOne("or-a", run.tag("p"));
        Service b = createTaggedOne("or-b", run.tag("q"));
        createTaggedOne("or-c", run.tag("r"));

        List<Service> either = result(kong.services().list(ListQuery.anyTag(run.tag("p"), run.tag("q"))));

        assertThat(either).extracting(Service::id).containsExactlyInAnyOrder(a.id(), b.id());
    }

    @Test
    @DisplayName("tags: five tags are one valid filter; six are refused by ListQuery before anything is sent")
    void atMostFiveTags() {
        Service five = createTaggedOne("five", run.tag("t1"), run.tag("t2"), run.tag("t3"), run.tag("t4"));
        createTaggedOne("four", run.tag("t1"), run.tag("t2"), run.tag("t3"));

        List<Service> listed = result(kong.services().list(ListQuery.allTags(run.tag(), run.tag("t1"),
                run.tag("t2"), run.tag("t3"), run.tag("t4"))));

        assertThat(listed).extracting(Service::id).containsExactly(five.id());
        calls.clear();
        assertThatThrownBy(() -> ListQuery.allTags("a", "b", "c", "d", "e", "f"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 5 tags");
        assertThatThrownBy(() -> ListQuery.anyTag("a", "b", "c", "d", "e", "f"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(calls).isEmpty();
    }

    @Test
    @DisplayName("tags: filters work the same on routes, plugins, consumers and upstreams")
    void tagFiltersOnOtherCollections() {
        Service svc = createService("tag-kinds");
        Route route = createRoute("tag-kinds", svc);
        Plugin plugin = createPlugin("cors", obj("origins", List.of("*")), Ref.id(svc.id()), null, null);
        Consumer consumer = result(kong.consumers().create(run.consumer("tag-kinds")));
        Upstream upstream = result(kong.upstreams().create(run.upstream("tag-kinds", null)));
        ListQuery mine = ListQuery.allTags(run.tag());

        assertThat(result(kong.routes().list(mine))).extracting(Route::id).containsExactly(route.id());
        assertThat(result(kong.plugins().list(mine))).extracting(Plugin::id).containsExactly(plugin.id());
        assertThat(result(kong.consumers().list(mine))).extracting(Consumer::id).containsExactly(consumer.id());
        assertThat(result(kong.upstreams().list(mine))).extracting(Upstream::id).containsExactly(upstream.id());
        assertThat(result(kong.routes().list(ListQuery.allTags(run.tag("nothing-has-this"))))).isEmpty();
    }

    private Service createTaggedOne(String suffix, String... extraTags) {
        Service s = run.service(suffix);
        return result(kong.services().create(new Service(null, s.name(), s.protocol(), s.host(), s.port(), null, null,
                null, null, null, null, run.tags(extraTags), null, null)));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Plugin schemas (kong/api/routes/plugins.lua: /schemas/plugins/:name, /schemas/plugins/validate)

    @Test
    @DisplayName("schemas: GET /schemas/plugins/rate-limiting lists the config fields and their defaults")
    void pluginSchemaFetch() {
        JsonNode schema = result(kong.pluginSchema("rate-limiting"));

        JsonNode config = null;
        for (JsonNode f : schema.path("fields")) {
            if (f.has("config")) {
                config = f.get("config");
            }
        }
        assertThat(config).as("a 'config' field in %s", schema).isNotNull();
        Map<String, JsonNode> fields = new HashMap<>();
        config.path("fields").forEach(f -> f.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue())));
        assertThat(fields.get("minute").path("type").asText()).isEqualTo("number");
        assertThat(fields.get("policy").path("default").asText()).isEqualTo("local");
        assertThat(fields.get("limit_by").path("default").asText()).isEqualTo("consumer");
        assertThat(fields).containsKey(version().atLeast(3, 6) ? "redis" : "redis_host");
    }

    @Test
    @DisplayName("schemas: GET /schemas/{entity} lists each entity's fields with Kong's defaults, plugins included")
    void entitySchemaFetch() {
        // kong/api/routes/kong.lua "/schemas/:name": any DAO entity, so /schemas/plugins is the plugins entity
        // (only /schemas/plugins/:name and /schemas/plugins/validate are kong/api/routes/plugins.lua's).
        Map<String, JsonNode> service = fieldsOf(result(kong.entitySchema("services")));
        assertThat(service.get("retries").path("default").asInt()).isEqualTo(5);
        assertThat(service.get("connect_timeout").path("default").asInt()).isEqualTo(60000);
        assertThat(service.get("id").path("auto").asBoolean()).isTrue();
        Map<String, JsonNode> plugin = fieldsOf(result(kong.entitySchema("plugins")));
        assertThat(plugin.get("enabled").path("default").asBoolean()).isTrue();
        assertThat(plugin.get("service").path("type").asText()).isEqualTo("foreign");
        Map<String, JsonNode> target = fieldsOf(result(kong.entitySchema("targets")));
        assertThat(target.get("weight").path("default").asInt()).isEqualTo(100);
        KongNotFoundException e = failure(kong.entitySchema("no-such-entity"), KongNotFoundException.class);
        assertThat(e.kongMessage()).isEqualTo("No entity named 'no-such-entity'");
    }

    private static Map<String, JsonNode> fieldsOf(JsonNode schema) {
        Map<String, JsonNode> fields = new HashMap<>();
        schema.path("fields").forEach(f -> f.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue())));
        return fields;
    }

    @Test
    @DisplayName("schemas: an unknown plugin's schema is KongNotFoundException")
    void pluginSchemaOfUnknownPluginIsNotFound() {
        KongNotFoundException e = failure(kong.pluginSchema("no-such-plugin"), KongNotFoundException.class);

        assertThat(e.status()).isEqualTo(404);
        assertThat(e.kongMessage()).isEqualTo("No plugin named 'no-such-plugin'");
    }

    @Test
    @DisplayName("schemas: validating a valid plugin succeeds and creates nothing")
    void validatePluginValid() {
        Service svc = createService("validate");

        result(kong.validatePlugin(run.plugin("rate-limiting", obj("minute", 10, "policy", "local"),
                Ref.id(svc.id()), null, null)));

        assertThat(result(kong.plugins().list(ListQuery.allTags(run.tag())))).isEmpty();
    }

    @Test
    @DisplayName("schemas: validating an invalid plugin is a schema violation with each field")
    void validatePluginInvalid() {
        KongSchemaViolationException e = failure(kong.validatePlugin(run.plugin("rate-limiting",
                obj("minute", "ten", "policy", "nope"), null, null, null)), KongSchemaViolationException.class);

        assertThat(e.kongCode()).isEqualTo(2);
        assertThat(e.fields().path("config").path("minute").asText()).isEqualTo("expected a number");
        assertThat(e.fields().path("config").path("policy").asText()).startsWith("expected one of: local");
        assertThat(e.kongMessage()).startsWith("2 schema violations (");
    }

    @Test
    @DisplayName("schemas: a cors origin Java compiles and PCRE does not (\\p{javaLowerCase}) is refused")
    void validatePluginRefusesJavaOnlyRegex() {
        // kong/plugins/cors/schema.lua validate_asterisk_or_regex compiles with PCRE (ngx.re), whose \p takes
        // Unicode categories and scripts only; the daemon validates plugins with this endpoint because its own
        // (Java) regex check accepts this origin.
        KongSchemaViolationException e = failure(kong.validatePlugin(run.plugin("cors",
                obj("origins", List.of("^https://\\p{javaLowerCase}+\\.example\\.com$")), null, null, null)),
                KongSchemaViolationException.class);

        assertThat(e.kongCode()).isEqualTo(2);
        assertThat(e.fields().path("config").path("origins").toString()).contains("is not a valid regex");
    }

    // ---------------------------------------------------------------------------------------------------------
    // DB-less cases (tagged "dbless") for a Kong with database = off: kong/api/routes/config.lua,
    // kong/db/strategies/off/init.lua (writes refused). Skipped, each with the reason, when the run has none.


    /** A declarative configuration holding one of everything, all tagged with the run tag. */
    private ObjectNode dblessConfig(int billingPort) {
        ObjectNode root = JSON.createObjectNode().put("_format_version", "3.0");
        ArrayNode tags = JSON.createArrayNode().add(run.tag());
        ObjectNode billing = root.putArray("services").addObject()
                .put("name", run.name("billing")).put("protocol", "http").put("host", run.host("billing"))
                .put("port", billingPort);
        billing.set("tags", tags.deepCopy());
        ObjectNode route = billing.putArray("routes").addObject().put("name", run.name("billing-route"));
        route.putArray("paths").add(run.path("billing"));
        route.set("tags", tags.deepCopy());
        ObjectNode plugin = billing.putArray("plugins").addObject().put("name", "rate-limiting");
        plugin.putObject("config").put("minute", 100).put("policy", "local");
        plugin.set("tags", tags.deepCopy());
        ObjectNode upstream = root.putArray("upstreams").addObject().put("name", run.name("billing-up"));
        upstream.set("tags", tags.deepCopy());
        ArrayNode targetsNode = upstream.putArray("targets");
        targetsNode.addObject().put("target", "127.0.0.1:18080").set("tags", tags.deepCopy());
        // With an explicit port: DB mode appends :8000 in the targets DAO (kong/db/dao/targets.lua), but a
        // declarative load does not go through that DAO, so a port-less target is not compared here.
        targetsNode.addObject().put("target", "127.0.0.2:18081").put("weight", 5).set("tags", tags.deepCopy());
        ArrayNode consumers = root.putArray("consumers");
        for (String who : List.of("alice", "bob", "carol")) {
            consumers.addObject().put("username", run.name(who)).set("tags", tags.deepCopy());
        }
        return root;
    }

    @Test
    @Tag(DBLESS)
    @DisplayName("DB-less: GET / says database off; GET /status has a configuration hash and no database")
    void dblessInfoAndStatus() {
        KongInfo info = result(dblessKong.info());
        KongStatus status = result(dblessKong.status());

        assertThat(info.dbless()).isTrue();
        assertThat(info.database()).isEqualTo("off");
        assertThat(info.parsedVersion().major()).isEqualTo(3);
        assertThat(status.databaseReachable()).isNull();
        assertThat(status.configurationHash()).hasSize(32);
    }

    @Test
    @Tag(DBLESS)
    @DisplayName("DB-less: writes are KongUnsupportedException with Kong's code 12 and message")
    void dblessWritesAreRefused() {
        result(dblessKong.loadConfig(dblessConfig(8080), false));
        String name = run.name("billing");
        Service s = run.service("billing");

        KongUnsupportedException create = failure(dblessKong.services().create(run.service("new")),
                KongUnsupportedException.class);
        KongUnsupportedException put = failure(dblessKong.services().upsert(name, s), KongUnsupportedException.class);
        KongUnsupportedException patch = failure(dblessKong.services().patch(name, Map.of("retries", 1)),
                KongUnsupportedException.class);
        KongUnsupportedException delete = failure(dblessKong.services().delete(name),
                KongUnsupportedException.class);
        KongUnsupportedException plugin = failure(dblessKong.plugins().create(run.plugin("key-auth", null, null,
                null, null)), KongUnsupportedException.class);

        // dbless-config.json exchanges 19-24; kong/db/strategies/off/init.lua (`unsupported`).
        assertThat(List.of(create, put, patch, delete, plugin)).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(405);
            assertThat(e.kongCode()).isEqualTo(12);
            assertThat(e.kongName()).isEqualTo("operation unsupported");
        });
        assertThat(create.kongMessage()).isEqualTo("cannot create 'services' entities when not using a database");
        assertThat(put.kongMessage())
                .isEqualTo("cannot create or update 'services' entities by 'name' when not using a database");
        assertThat(patch.kongMessage())
                .isEqualTo("cannot update 'services' entities by 'name' when not using a database");
        assertThat(delete.kongMessage())
                .isEqualTo("cannot remove 'services' entities by 'name' when not using a database");
        assertThat(plugin.kongMessage()).isEqualTo("cannot create 'plugins' entities when not using a database");
        assertThat(result(dblessKong.services().get(name))).map(Service::retries).contains(5);
    }

    @Test
    @Tag(DBLESS)
    @DisplayName("DB-less: PATCH and DELETE of an entity the config does not hold: 404 and success, as in DB mode")
    void dblessPatchAndDeleteOfMissingEntity() {
        result(dblessKong.loadConfig(dblessConfig(8080), false));
        String missing = run.name("not-loaded");

        KongNotFoundException patch = failure(dblessKong.services().patch(missing, Map.of("retries", 1)),
                KongNotFoundException.class);
        result(dblessKong.services().delete(missing));

        // kong/db/dao/init.lua: update_by_* and delete_by_* read the entity first (check_update, delete_by_*);
        // only when it exists does the off strategy refuse the write with 405.
        assertThat(patch.kongCode()).isEqualTo(6);
        assertThat(statuses("DELETE", "/services/{id}")).containsExactly(204);
    }

    @Test
    @Tag(DBLESS)
    @DisplayName("DB-less: a tag-filtered list of a collection holding an untagged entity: 200 on 3.4, 500 on 3.9")
    void dblessTagFilterWithAnUntaggedEntity() {
        ObjectNode config = dblessConfig(8080);
        ((ArrayNode) config.get("services")).addObject().put("name", run.name("untagged")).put("host", run.host("u"));
        result(dblessKong.loadConfig(config, false));
        KongVersion version = result(dblessKong.info()).parsedVersion();
        ListQuery mine = ListQuery.allTags(run.tag());

        if (version.atLeast(3, 9)) {
            // 3.9.3's kong/db/strategies/off/init.lua filters each page after reading it and calls ipairs on the
            // null tags of the untagged service (kong-transcripts/3.9.3-daemon/daemon-dbless-untagged.json).
            KongServerException e = failure(dblessKong.services().list(mine), KongServerException.class);
            assertThat(e.status()).isEqualTo(500);
            assertThat(e.kongMessage()).isEqualTo("An unexpected error occurred");
            // collections without an untagged entity still answer
            assertThat(result(dblessKong.consumers().list(mine))).hasSize(3);
        } else {
            assumeTrue(!version.atLeast(3, 5), () -> "Kong " + version + ": DB-less tag filters are recorded for "
                    + "3.4.2 (kong-transcripts/3.4.2/dbless-config.json) and 3.9.3 (3.9.3-daemon/"
                    + "daemon-dbless-untagged.json) only");
            assertThat(result(dblessKong.services().list(mine))).extracting(Service::name)
                    .containsExactly(run.name("billing"));
        }
        // unfiltered lists work in every version
        assertThat(result(dblessKong.services().list(ListQuery.ALL))).extracting(Service::name)
                .contains(run.name("billing"), run.name("untagged"));
    }

    @Test
    @Tag(DBLESS)
    @DisplayName("DB-less: loadConfig LOADED with a new hash, then UNCHANGED (304) for the same config, check_hash")
    void dblessLoadThenUnchanged() {
        ObjectNode config = dblessConfig(8080);

        ConfigResult loaded = result(dblessKong.loadConfig(config, false));
        ConfigResult again = result(dblessKong.loadConfig(config, true));

        assertThat(loaded.outcome()).isEqualTo(ConfigResult.Outcome.LOADED);
        assertThat(loaded.configurationHash()).hasSize(32).isNotEqualTo(KongStatus.EMPTY_CONFIGURATION_HASH);
        assertThat(again.outcome()).isEqualTo(ConfigResult.Outcome.UNCHANGED);
        assertThat(again.configurationHash()).isEqualTo(loaded.configurationHash());
        assertThat(statuses("POST", "/config")).containsExactly(201, 304);
        assertThat(result(dblessKong.status()).configurationHash()).isEqualTo(loaded.configurationHash());
    }

    @Test
    @Tag(DBLESS)
    @DisplayName("DB-less: loadConfig: a changed config loads again with a different hash, even with check_hash")
    void dblessChangedConfigLoadsWithNewHash() {
        ConfigResult first = result(dblessKong.loadConfig(dblessConfig(8080), false));
        ConfigResult second = result(dblessKong.loadConfig(dblessConfig(8081), true));

        assertThat(first.outcome()).isEqualTo(ConfigResult.Outcome.LOADED);
        assertThat(second.outcome()).isEqualTo(ConfigResult.Outcome.LOADED);
        assertThat(second.configurationHash()).isNotEqualTo(first.configurationHash());
        assertThat(result(dblessKong.services().get(run.name("billing")))).map(Service::port).contains(8081);
    }

    @Test
    @Tag(DBLESS)
    @DisplayName("DB-less: loadConfig REJECTED with flattened errors naming entity and field; the old config stays")
    void dblessRejectedWithFlattenedErrors() {
        ConfigResult good = result(dblessKong.loadConfig(dblessConfig(8080), false));

        ConfigResult rejected = result(dblessKong.loadConfig(dblessConfig(70000), false));

        assertThat(rejected.outcome()).isEqualTo(ConfigResult.Outcome.REJECTED);
        assertThat(rejected.message()).startsWith("declarative config is invalid");
        assertThat(rejected.errors()).singleElement().satisfies(err -> {
            assertThat(err.entityType()).isEqualTo("service");
            assertThat(err.entityName()).isEqualTo(run.name("billing"));
            assertThat(err.entityTags()).containsExactly(run.tag());
            assertThat(err.fieldErrors()).containsExactly(
                    new ConfigResult.FieldError("port", "value should be between 0 and 65535"));
        });
        // dbless-config.json exchange 16: a rejected config leaves the loaded one (and its hash) in place.
        assertThat(result(dblessKong.status()).configurationHash()).isEqualTo(good.configurationHash());
        assertThat(result(dblessKong.services().get(run.name("billing")))).map(Service::port).contains(8080);
    }

    @Test
    @Tag(DBLESS)
    @DisplayName("DB-less: reads after a load: every kind of entity, with defaults filled in")
    void dblessReadsAfterLoad() {
        result(dblessKong.loadConfig(dblessConfig(8080), false));
        ListQuery mine = ListQuery.allTags(run.tag());

        Service billing = result(dblessKong.services().get(run.name("billing"))).orElseThrow();
        assertThat(billing.retries()).isEqualTo(5);
        assertThat(billing.tags()).containsExactly(run.tag());
        assertThat(result(dblessKong.services().list(mine))).extracting(Service::id).containsExactly(billing.id());

        assertThat(result(dblessKong.routes().list(mine))).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo(run.name("billing-route"));
            assertThat(r.service()).isEqualTo(Ref.id(billing.id()));
            assertThat(r.stripPath()).isTrue();
        });
        assertThat(result(dblessKong.plugins().list(mine))).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("rate-limiting");
            assertThat(p.service()).isEqualTo(Ref.id(billing.id()));
            assertThat(p.config()).containsEntry("minute", 100).containsEntry("limit_by", "consumer");
        });
        Upstream up = result(dblessKong.upstreams().get(run.name("billing-up"))).orElseThrow();
        assertThat(up.algorithm()).isEqualTo("round-robin");
        assertThat(result(dblessKong.targets(up.name()).list(ListQuery.ALL)))
                .extracting(Target::target, Target::weight)
                .containsExactlyInAnyOrder(tuple("127.0.0.1:18080", 100), tuple("127.0.0.2:18081", 5));
        assertThat(result(dblessKong.consumers().get(run.name("alice")))).isPresent();
        assertThat(result(dblessKong.services().get(run.name("not-loaded")))).isEmpty();
    }

    @Test
    @Tag(DBLESS)
    @DisplayName("DB-less: paging with size 1 over three consumers returns each once")
    void dblessPagingAfterLoad() {
        result(dblessKong.loadConfig(dblessConfig(8080), false));

        List<Consumer> consumers = result(dblessKong.consumers().list(ListQuery.allTags(run.tag()).withSize(1)));

        assertThat(consumers).extracting(Consumer::username).containsExactlyInAnyOrder(
                run.name("alice"), run.name("bob"), run.name("carol"));
        assertThat(statuses("GET", "/consumers")).hasSizeGreaterThanOrEqualTo(3).containsOnly(200);
    }

    @Test
    @Tag(DBLESS)
    @DisplayName("DB-less: loadConfig: an empty config clears the node and resets the hash to all zeros")
    void dblessEmptyConfigResetsHash() {
        result(dblessKong.loadConfig(dblessConfig(8080), false));

        ConfigResult empty = result(dblessKong.loadConfig(JSON.createObjectNode().put("_format_version", "3.0"),
                false));

        assertThat(empty.outcome()).isEqualTo(ConfigResult.Outcome.LOADED);
        assertThat(empty.configurationHash()).isEqualTo(KongStatus.EMPTY_CONFIGURATION_HASH);
        assertThat(result(dblessKong.services().list(ListQuery.ALL))).isEmpty();
    }
}
