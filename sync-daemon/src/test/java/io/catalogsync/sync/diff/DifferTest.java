package io.catalogsync.sync.diff;

import static io.catalogsync.sync.Fixtures.anonymous;
import static io.catalogsync.sync.Fixtures.keyAuth;
import static io.catalogsync.sync.Fixtures.rateLimiting;
import static io.catalogsync.sync.Fixtures.route;
import static io.catalogsync.sync.Fixtures.service;
import static io.catalogsync.sync.Fixtures.target;
import static io.catalogsync.sync.Fixtures.upstream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.entity.Consumer;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.sync.plan.Create;
import io.catalogsync.sync.plan.Delete;
import io.catalogsync.sync.plan.FieldChange;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Plan;
import io.catalogsync.sync.plan.Update;
import io.catalogsync.sync.state.EntityJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DifferTest {

    private final Differ differ = new Differ();

    /** Two catalog services, each with upstream, target, service, routes and plugins. */
    private static KongState desired(boolean nestedRedis, String... services) {
        KongState.Builder b = KongState.builder();
        for (String s : services) {
            b.add(upstream(s)).add(target(s, s + ".ns.svc:8080")).add(service(s))
                    .add(route(s, "a", "/" + s + "/a", List.of("GET", "POST")))
                    .add(route(s, "b", "/" + s + "/b", List.of("GET")))
                    .add(rateLimiting(s, 100, nestedRedis));
        }
        return b.build();
    }

    /**
     * What Kong hands back after storing {@code e}: schema defaults filled in, timestamps, numbers as floats or
     * longs, set-like lists in another order; for rate-limiting the Redis fields in the shape of the version.
     */
    static KongEntity asKongStores(KongEntity e, boolean kong36) {
        ObjectNode n = EntityJson.toNode(e);
        n.put("created_at", 1_700_000_000L);
        n.put("updated_at", 1_700_000_000L);
        switch (e.type()) {
            case SERVICE -> {
                n.put("retries", 5);
                n.put("connect_timeout", 60000L);
                n.put("read_timeout", 60000.0);
                n.put("write_timeout", 60000);
                n.put("enabled", true);
                n.putNull("tls_verify");
            }
            case ROUTE -> {
                n.put("strip_path", true);
                n.put("preserve_host", false);
                n.put("regex_priority", 0);
                n.put("path_handling", "v0");
                n.put("https_redirect_status_code", 426);
                n.put("request_buffering", true);
                n.put("response_buffering", true);
                reverse((ArrayNode) n.get("methods"));
                reverse((ArrayNode) n.get("protocols"));
            }
            case PLUGIN -> {
                n.put("enabled", true);
                n.putArray("protocols").add("grpc").add("grpcs").add("http").add("https");
                ObjectNode c = (ObjectNode) n.get("config");
                if ("rate-limiting".equals(n.get("name").asText())) {
                    fillRateLimiting(c, kong36);
                } else {
                    c.put("key_in_header", true);
                    c.putArray("key_names").add("apikey");
                    c.put("run_on_preflight", true);
                }
            }
            case UPSTREAM -> {
                n.put("slots", 10000);
                n.put("hash_on", "none");
                n.put("hash_fallback", "none");
                ObjectNode active = (ObjectNode) n.get("healthchecks").get("active");
                active.put("timeout", 1);
                active.put("concurrency", 10);
                ((ObjectNode) active.get("healthy")).putArray("http_statuses").add(200).add(302);
                ((ObjectNode) n.get("healthchecks")).putObject("passive").put("type", "http");
                n.put("hash_on_cookie_path", "/");
            }
            case TARGET -> n.put("created_at", 1_700_000_000.123);
            default -> { }
        }
        reverse((ArrayNode) n.get("tags"));
        return EntityJson.fromNode(n, e.getClass());
    }

    private static void fillRateLimiting(ObjectNode c, boolean kong36) {
        // Flat input becomes nested in 3.6, where Kong echoes the flat names too (shorthand fields).
        ObjectNode redis = c.has("redis") ? (ObjectNode) c.get("redis") : c.objectNode();
        for (Iterator<String> it = c.deepCopy().fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.startsWith("redis_")) {
                redis.set(k.substring(6), c.get(k));
                c.remove(k);
            }
        }
        Map<String, Object> redisDefaults = Map.of("port", 6379, "timeout", 2000, "database", 0, "ssl", false,
                "ssl_verify", false);
        for (Map.Entry<String, Object> d : redisDefaults.entrySet()) {
            if (!redis.has(d.getKey())) {
                redis.set(d.getKey(), EntityJson.MAPPER.valueToTree(d.getValue()));
            }
        }
        for (String nul : List.of("host", "username", "password", "server_name")) {
            if (!redis.has(nul)) {
                redis.putNull(nul);
            }
        }
        if (kong36) {
            c.set("redis", redis);
            redis.fields().forEachRemaining(f -> c.set("redis_" + f.getKey(), f.getValue()));
        } else {
            redis.fields().forEachRemaining(f -> c.set("redis_" + f.getKey(), f.getValue()));
        }
        for (String limit : List.of("second", "hour", "day", "month", "year", "header_name", "path")) {
            if (!c.has(limit)) {
                c.putNull(limit);
            }
        }
        c.put("minute", c.get("minute").asDouble());
        c.put("error_code", 429);
        c.put("error_message", "API rate limit exceeded");
        c.put("hide_client_headers", false);
        c.put("sync_rate", -1);
    }

    private static void reverse(ArrayNode a) {
        if (a == null) {
            return;
        }
        List<JsonNode> items = new ArrayList<>();
        a.forEach(items::add);
        Collections.reverse(items);
        a.removeAll();
        items.forEach(a::add);
    }

    private static KongState asKongStores(KongState s, boolean kong36) {
        KongState.Builder b = KongState.builder();
        s.all().forEach(e -> b.add(asKongStores(e, kong36)));
        return b.build();
    }

    @Test
    void kongDefaultsAndEchoesAreNoDiff() {
        for (boolean kong36 : new boolean[]{false, true}) {
            for (boolean nested : new boolean[]{false, true}) {
                KongState d = desired(nested, "billing", "orders");
                KongState actual = asKongStores(desired(kong36, "billing", "orders"), kong36);
                Plan plan = differ.diff(d, actual, DiffScope.NONE);
                assertThat(plan.operations()).as("kong36=%s nested=%s", kong36, nested).isEmpty();
            }
        }
    }

    /**
     * Fields the records do not model (kept in {@code extra()}) are compared with Kong's defaults too, here from
     * the fallback table (Kong 3.4.2/3.9.3 services.lua {@code tls_verify} no default, upstreams.lua
     * {@code hash_on_cookie_path} default "/"); a field the schema does not know is left alone; the update sends
     * the default for the drifted field explicitly.
     */
    @Test
    void unmodelledFieldsAreComparedWithKongsDefaultsAndTheUpdateResetsThem() throws Exception {
        KongState.Builder b = KongState.builder();
        for (KongEntity e : asKongStores(desired(false, "billing"), false).all().toList()) {
            Map<String, Object> extra = new java.util.LinkedHashMap<>(e.extra());
            if (e.type() == EntityType.SERVICE) {
                extra.put("tls_verify", true);
            } else if (e.type() == EntityType.UPSTREAM) {
                extra.put("hash_on_cookie_path", "/sticky");
            } else if (e.type() == EntityType.ROUTE) {
                extra.put("field_of_a_future_kong", 5);
            }
            b.add(e.withExtra(extra));
        }
        Plan plan = differ.diff(desired(false, "billing"), b.build(), DiffScope.NONE);
        assertThat(plan.operations()).hasSize(2).allMatch(o -> o instanceof Update);
        Update service = (Update) plan.operations().stream().filter(o -> o.type() == EntityType.SERVICE)
                .findFirst().orElseThrow();
        assertThat(service.changes()).extracting(FieldChange::path).containsExactly("tls_verify");
        assertThat(EntityJson.toNode(service.entity()).has("tls_verify")).isTrue();
        assertThat(EntityJson.toNode(service.entity()).get("tls_verify").isNull()).isTrue();
        Update upstream = (Update) plan.operations().stream().filter(o -> o.type() == EntityType.UPSTREAM)
                .findFirst().orElseThrow();
        assertThat(upstream.changes()).extracting(FieldChange::path).containsExactly("hash_on_cookie_path");
        assertThat(upstream.entity().extra()).containsEntry("hash_on_cookie_path", "/");
    }

    @Test
    void emptyKongMeansCreateEverything() {
        KongState d = desired(false, "billing");
        Plan plan = differ.diff(d, KongState.EMPTY, DiffScope.NONE);
        assertThat(plan.operations()).hasSize(d.size()).allMatch(o -> o instanceof Create);
        assertThat(plan.counts().get(Operation.Kind.CREATE).get(EntityType.ROUTE)).isEqualTo(2);
        assertThat(plan.operations()).extracting(Operation::catalogService).containsOnly("billing");
    }

    @Test
    void reportsFieldLevelChanges() {
        KongState actual = asKongStores(desired(false, "billing"), false);
        KongState.Builder b = KongState.builder();
        for (KongEntity e : desired(false, "billing").all().toList()) {
            if (e instanceof Route r && r.name().endsWith("-a")) {
                e = new Route(r.id(), r.name(), r.protocols(), List.of("GET"), r.hosts(), List.of("/billing/v2"),
                        r.headers(), r.stripPath(), r.preserveHost(), r.regexPriority(), r.pathHandling(),
                        r.httpsRedirectStatusCode(), r.requestBuffering(), r.responseBuffering(), r.service(),
                        r.tags(), null, null);
            } else if (e instanceof Plugin p) {
                e = rateLimiting("billing", 250, false);
            }
            b.add(e);
        }
        Plan plan = differ.diff(b.build(), actual, DiffScope.NONE);
        assertThat(plan.operations()).hasSize(2).allMatch(o -> o instanceof Update);
        Update route = (Update) plan.operations().stream().filter(o -> o.type() == EntityType.ROUTE).findFirst().orElseThrow();
        assertThat(route.key()).isEqualTo("billing-a");
        assertThat(route.changes()).extracting(FieldChange::path).containsExactlyInAnyOrder("methods", "paths");
        FieldChange paths = route.changes().stream().filter(c -> c.path().equals("paths")).findFirst().orElseThrow();
        assertThat(paths.before().toString()).isEqualTo("[\"/billing/a\"]");
        assertThat(paths.after().toString()).isEqualTo("[\"/billing/v2\"]");
        Update plugin = (Update) plan.operations().stream().filter(o -> o.type() == EntityType.PLUGIN).findFirst().orElseThrow();
        assertThat(plugin.changes()).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("config.minute");
            assertThat(c.before().asDouble()).isEqualTo(100.0);
            assertThat(c.after().asInt()).isEqualTo(250);
        });
        assertThat(plugin.key()).isEqualTo("rate-limiting@service billing");
    }

    @Test
    void redisChangeIsSeenInEitherShape() {
        KongState actual = asKongStores(desired(false, "billing"), true);
        Plugin changed = rateLimiting("billing", 100, false);
        Map<String, Object> config = new java.util.LinkedHashMap<>(changed.config());
        config.put("redis_host", "other-redis.internal");
        changed = new Plugin(changed.id(), changed.name(), null, changed.service(), null, null, config, null, null,
                changed.tags(), null, null);
        KongState d = replace(desired(false, "billing"), changed);
        Plan plan = differ.diff(d, actual, DiffScope.NONE);
        assertThat(plan.operations()).singleElement().isInstanceOfSatisfying(Update.class, u ->
                assertThat(u.changes()).extracting(FieldChange::path).containsExactly("config.redis.host"));
    }

    @Test
    void droppingAnOptionalFieldResetsItToKongsDefault() {
        Plugin withHour = rateLimiting("billing", 100, false);
        Map<String, Object> config = new java.util.LinkedHashMap<>(withHour.config());
        config.put("hour", 5000);
        withHour = new Plugin(withHour.id(), withHour.name(), null, withHour.service(), null, null, config, null,
                null, withHour.tags(), null, null);
        KongState actual = asKongStores(replace(desired(false, "billing"), withHour), false);
        Plan plan = differ.diff(desired(false, "billing"), actual, DiffScope.NONE);
        assertThat(plan.operations()).singleElement().isInstanceOfSatisfying(Update.class, u -> {
            assertThat(u.changes()).singleElement().satisfies(c -> {
                assertThat(c.path()).isEqualTo("config.hour");
                assertThat(c.before().asInt()).isEqualTo(5000);
                assertThat(c.after().isNull()).isTrue();
            });
        });
    }

    @Test
    void reorderingEndpointsAndEntitiesChangesNothing() {
        KongState actual = asKongStores(desired(false, "billing", "orders", "users"), false);
        List<KongEntity> shuffled = new ArrayList<>(desired(false, "users", "billing", "orders").all().toList());
        Collections.shuffle(shuffled, new Random(7));
        KongState.Builder b = KongState.builder();
        for (KongEntity e : shuffled) {
            if (e instanceof Route r) {
                List<String> m = new ArrayList<>(r.methods());
                Collections.reverse(m);
                e = new Route(r.id(), r.name(), List.of("https", "http"), m, r.hosts(), r.paths(), r.headers(),
                        r.stripPath(), r.preserveHost(), r.regexPriority(), r.pathHandling(),
                        r.httpsRedirectStatusCode(), r.requestBuffering(), r.responseBuffering(), r.service(),
                        List.of(r.tags().get(1), r.tags().get(0)), null, null);
            }
            b.add(e);
        }
        assertThat(differ.diff(b.build(), actual, DiffScope.NONE).operations()).isEmpty();
        // And the plan for a change does not depend on the order the catalog listed things in.
        Plan p1 = differ.diff(desired(false, "billing", "orders"), actual, DiffScope.NONE);
        Plan p2 = differ.diff(desired(false, "orders", "billing"), actual, DiffScope.NONE);
        assertThat(p2.operations()).isEqualTo(p1.operations());
    }

    @Test
    void deletesOnlyWhatTheCatalogNoLongerHas() {
        KongState actual = asKongStores(desired(false, "billing", "orders"), false);
        Plan plan = differ.diff(desired(false, "billing"), actual, DiffScope.NONE);
        assertThat(plan.operations()).hasSize(6).allMatch(o -> o instanceof Delete)
                .extracting(Operation::catalogService).containsOnly("orders");
        assertThat(plan.ownedEntities()).isEqualTo(12);

        // A route the still-present service no longer has is deleted too.
        KongState fewer = KongState.builder().addAll(desired(false, "billing").all()
                .filter(e -> !(e instanceof Route r && r.name().endsWith("-b"))).toList()).build();
        Plan p2 = differ.diff(fewer, asKongStores(desired(false, "billing"), false), DiffScope.NONE);
        assertThat(p2.operations()).singleElement().isInstanceOfSatisfying(Delete.class,
                d -> assertThat(d.key()).isEqualTo("billing-b"));
    }

    @Test
    void rejectedServicesAreLeftAlone() {
        Consumer anon = anonymous();
        KongState withAuth = KongState.builder().addAll(desired(false, "billing", "orders").all().toList())
                .add(anon).add(keyAuth("orders", anon.id())).build();
        KongState actual = asKongStores(withAuth, false);
        // "orders" is invalid this cycle: nothing of it is in the desired state, and no service needs the
        // anonymous consumer any more, yet neither orders' entities nor the consumer its plugin uses may go.
        Plan plan = differ.diff(desired(false, "billing"), actual, new DiffScope(Set.of("orders"), KongState.EMPTY));
        assertThat(plan.operations()).isEmpty();
        // Without the rejection, they are deleted (and so is the consumer).
        Plan removed = differ.diff(desired(false, "billing"), actual, DiffScope.NONE);
        assertThat(removed.operations()).hasSize(8);
        assertThat(removed.operations()).extracting(Operation::type).contains(EntityType.CONSUMER);
    }

    @Test
    void heldBackEntitiesAreNotDeleted() {
        KongState actual = asKongStores(desired(false, "billing"), false);
        KongState held = KongState.builder().add(service("billing")).build();
        KongState d = KongState.builder().addAll(desired(false, "billing").all()
                .filter(e -> !(e instanceof Service)).toList()).build();
        Plan plan = differ.diff(d, actual, new DiffScope(Set.of(), held));
        assertThat(plan.operations()).isEmpty();
    }

    @Test
    void adoptsTheIdOfAnOwnedEntityWithTheSameName() {
        Service existing = service("billing").withId("11111111-1111-4111-8111-111111111111");
        Route existingRoute = route("billing", "a", "/billing/a", List.of("GET", "POST"))
                .withId("22222222-2222-4222-8222-222222222222").withService(Ref.id(existing.id()));
        KongState actual = asKongStores(KongState.builder().add(upstream("billing"))
                .add(target("billing", "billing.ns.svc:8080")).add(existing).add(existingRoute).build(), false);
        KongState d = KongState.builder().add(upstream("billing")).add(target("billing", "billing.ns.svc:8080"))
                .add(service("billing")).add(route("billing", "a", "/billing/a", List.of("GET", "POST")))
                .add(rateLimiting("billing", 100, false)).build();
        Plan plan = differ.diff(d, actual, DiffScope.NONE);
        // Only the plugin is new, and it points at the service id Kong already has.
        assertThat(plan.operations()).singleElement().isInstanceOfSatisfying(Create.class, c -> {
            Plugin p = (Plugin) c.entity();
            assertThat(p.service().id()).isEqualTo(existing.id());
        });
    }

    private static KongState replace(KongState s, KongEntity replacement) {
        KongState.Builder b = KongState.builder();
        s.all().forEach(e -> b.add(e.type() == replacement.type() && e.id().equals(replacement.id()) ? replacement : e));
        return b.build();
    }
}
