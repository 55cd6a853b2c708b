package io.catalogsync.sync.dbless;

import static io.catalogsync.sync.EmulatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.admin.ConfigResult;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.EmulatorHarness;
import io.catalogsync.sync.ReconcileOptions;
import io.catalogsync.sync.Reconciler;
import io.catalogsync.sync.TestPaths;
import io.catalogsync.sync.state.EntityJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DB-less push replaces Kong's whole configuration: every entity the daemon does not own, of every type, must
 * come back from {@code GET /config} unchanged after a sync (certificates, SNIs, consumer credentials, foreign
 * services, routes and plugins, and a foreign plugin on one of the daemon's routes).
 */
class DbLessUnownedEntitiesTest {

    private static final String CERT_ID = "7e57ab1e-0000-4000-8000-00000000ce01";

    @TempDir
    Path dir;

    /** Someone else's configuration, loaded before the daemon runs. */
    private static ObjectNode foreignConfig() throws Exception {
        return (ObjectNode) EntityJson.MAPPER.readTree("""
                {"_format_version": "3.0",
                 "certificates": [{"id": "%s", "tags": ["team-tls"],
                   "cert": "-----BEGIN CERTIFICATE-----\\nMIIBteamA\\n-----END CERTIFICATE-----\\n",
                   "key": "-----BEGIN PRIVATE KEY-----\\nMIIEteamA\\n-----END PRIVATE KEY-----\\n",
                   "snis": [{"name": "api.team-a.example.com", "tags": ["team-tls"]}]}],
                 "consumers": [{"username": "partner", "tags": ["team-a"],
                   "keyauth_credentials": [{"key": "partner-key", "tags": ["team-a"]}],
                   "jwt_secrets": [{"key": "partner-iss", "secret": "partner-secret"}],
                   "basicauth_credentials": [{"username": "partner", "password": "pw"}]}],
                 "services": [{"name": "team-a-api", "url": "http://team-a.internal:8080", "tags": ["team-a"],
                   "routes": [{"name": "team-a-route", "paths": ["/team-a"], "tags": ["team-a"],
                     "plugins": [{"name": "cors", "tags": ["team-a"]}]}],
                   "plugins": [{"name": "rate-limiting", "config": {"minute": 5, "policy": "local"}}]}]}
                """.formatted(CERT_ID));
    }

    /** collection -> id -> entity, for every entity without the owner tag; updated_at is Kong's to set. */
    private static Map<String, Map<String, JsonNode>> unowned(JsonNode export, String ownerTag) {
        Map<String, Map<String, JsonNode>> out = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = export.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().isArray()) {
                continue;
            }
            for (JsonNode e : f.getValue()) {
                boolean owned = false;
                for (JsonNode t : e.path("tags")) {
                    owned |= t.asText().equals(ownerTag);
                }
                if (!owned) {
                    ObjectNode copy = e.deepCopy();
                    copy.remove("updated_at");
                    out.computeIfAbsent(f.getKey(), k -> new TreeMap<>()).put(copy.path("id").asText(), copy);
                }
            }
        }
        return out;
    }

    private static long configPosts(EmulatorHarness h) {
        return h.requests().stream().filter(r -> r.method().equals("POST") && r.path().equals("/config")).count();
    }

    private static String idOf(JsonNode export, String collection, String catalogService) {
        for (JsonNode e : export.path(collection)) {
            for (JsonNode t : e.path("tags")) {
                if (t.asText().equals("catalog-service:" + catalogService)) {
                    return e.path("id").asText();
                }
            }
        }
        throw new AssertionError("no " + collection + " of " + catalogService);
    }

    @Test
    void everyUnownedEntityOfEveryTypeSurvivesEveryPush() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.dblessDefaults(), dir)) {
            assertThat(await(h.client.loadConfig(foreignConfig(), false)).outcome())
                    .isEqualTo(ConfigResult.Outcome.LOADED);
            Reconciler r = h.reconciler();
            String ownerTag = r.ownerTag();
            JsonNode before = await(h.client.exportConfig());
            Map<String, Map<String, JsonNode>> foreign = unowned(before, ownerTag);
            assertThat(foreign.keySet()).contains("certificates", "snis", "consumers", "keyauth_credentials",
                    "jwt_secrets", "basicauth_credentials", "services", "routes", "plugins");

            CycleResult first = h.cycle(r, ReconcileOptions.defaults());
            assertThat(first.outcome()).as("%s", first.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);
            assertThat(first.configPushes()).isEqualTo(1);
            JsonNode afterFirst = await(h.client.exportConfig());
            assertThat(unowned(afterFirst, ownerTag)).isEqualTo(foreign);
            // The daemon's own entities are there, as desired: a second sync finds nothing to change.
            assertThat(afterFirst.path("services")).extracting(s -> s.path("name").asText())
                    .contains("team-a-api", "payments", "notifications");

            // Someone puts their own plugin on one of the daemon's routes (DB-less: by posting the whole config).
            ObjectNode edited = afterFirst.deepCopy();
            ObjectNode plugin = ((ArrayNode) edited.get("plugins")).addObject();
            plugin.put("name", "request-termination").put("route", idOf(afterFirst, "routes", "payments"));
            plugin.putObject("config").put("status_code", 503);
            plugin.putArray("tags").add("team-b");
            assertThat(await(h.client.loadConfig(edited, false)).outcome()).isEqualTo(ConfigResult.Outcome.LOADED);
            Map<String, Map<String, JsonNode>> foreign2 = unowned(await(h.client.exportConfig()), ownerTag);
            assertThat(foreign2.get("plugins")).hasSize(foreign.get("plugins").size() + 1);

            // A catalog change makes the daemon push again; nothing foreign moves.
            String catalog = Files.readString(TestPaths.exampleCatalog());
            h.useCatalog(catalog.substring(0, catalog.indexOf("  # Webhook receiver")));
            h.emulator.clearRequests();
            CycleResult second = h.cycle(r, ReconcileOptions.defaults());
            assertThat(second.outcome()).as("%s", second.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);
            assertThat(second.configPushes()).isEqualTo(1);
            assertThat(configPosts(h)).isEqualTo(1);
            JsonNode afterSecond = await(h.client.exportConfig());
            assertThat(unowned(afterSecond, ownerTag)).isEqualTo(foreign2);
            assertThat(afterSecond.path("services")).extracting(s -> s.path("name").asText())
                    .contains("team-a-api", "payments").doesNotContain("notifications");

            h.emulator.clearRequests();
            CycleResult third = h.cycle(r, ReconcileOptions.defaults());
            assertThat(third.outcome()).isEqualTo(CycleResult.Outcome.NO_CHANGES);
            assertThat(third.configPushes()).isZero();
            assertThat(configPosts(h)).isZero();
            assertThat(unowned(await(h.client.exportConfig()), ownerTag)).isEqualTo(foreign2);
        }
    }

    @Test
    void aForeignCredentialKeepsTheOwnedConsumerItBelongsTo() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.dblessDefaults(), dir)) {
            Reconciler r = h.reconciler();
            assertThat(h.cycle(r, ReconcileOptions.defaults()).outcome()).isEqualTo(CycleResult.Outcome.SUCCESS);
            // product-catalog allows anonymous access: the daemon owns the anonymous consumer. Someone hangs a
            // key-auth credential of their own on it (a type the daemon does not manage).
            JsonNode synced = await(h.client.exportConfig());
            String anonymous = null;
            for (JsonNode c : synced.path("consumers")) {
                if (c.path("username").asText().equals("kong-catalog-sync-anonymous")) {
                    anonymous = c.path("id").asText();
                }
            }
            assertThat(anonymous).isNotNull();
            ObjectNode edited = synced.deepCopy();
            ArrayNode creds = edited.has("keyauth_credentials") ? (ArrayNode) edited.get("keyauth_credentials")
                    : edited.putArray("keyauth_credentials");
            creds.addObject().put("key", "team-c-key").put("consumer", anonymous).putArray("tags").add("team-c");
            assertThat(await(h.client.loadConfig(edited, false)).outcome()).isEqualTo(ConfigResult.Outcome.LOADED);

            // The only service needing the anonymous consumer leaves the catalog: the consumer would be deleted,
            // and Kong would refuse the whole push for the credential's dangling reference.
            String catalog = Files.readString(TestPaths.exampleCatalog());
            h.useCatalog(catalog.substring(0, catalog.indexOf("  # Public product catalogue"))
                    + catalog.substring(catalog.indexOf("  # Payment API")));
            CycleResult cycle = h.cycle(r, ReconcileOptions.defaults());
            assertThat(cycle.outcome()).as("%s", cycle.errors()).isNotEqualTo(CycleResult.Outcome.FAILED);
            assertThat(cycle.refusedDeletions()).anySatisfy(d -> {
                assertThat(d.reason()).isEqualTo(io.catalogsync.sync.plan.RefusedDeletion.Reason.UNOWNED_DEPENDENTS);
                assertThat(d.message()).contains("kong-catalog-sync-anonymous").contains("keyauth_credentials");
            });
            JsonNode after = await(h.client.exportConfig());
            assertThat(after.path("consumers")).extracting(c -> c.path("id").asText()).contains(anonymous);
            assertThat(after.path("keyauth_credentials")).extracting(c -> c.path("key").asText())
                    .contains("team-c-key");
            assertThat(after.path("services")).extracting(s -> s.path("name").asText())
                    .noneMatch(n -> n.startsWith("product-catalog"));
        }
    }

    @Test
    void theConfigKeepsForeignListsAndMetaAndDropsOnlyOwnedManagedEntities() throws Exception {
        ObjectNode export = (ObjectNode) EntityJson.MAPPER.readTree("""
                {"_format_version": "3.0", "_transform": false,
                 "services": [{"id": "s1", "name": "mine", "tags": ["managed-by:x"], "updated_at": 5},
                              {"id": "s2", "name": "theirs", "tags": ["team"], "created_at": 4, "updated_at": 5}],
                 "vaults": [{"id": "v1", "prefix": "env", "name": "env", "tags": ["managed-by:x"]}],
                 "acls": [{"id": "a1", "group": "g", "consumer": "c1"}]}
                """);
        ObjectNode kept = UnownedReader.unowned(export, "managed-by:x");
        assertThat(kept.path("_transform").asBoolean(true)).isFalse();
        assertThat(kept.path("services")).hasSize(1);
        assertThat(kept.path("services").get(0).path("name").asText()).isEqualTo("theirs");
        assertThat(kept.path("services").get(0).path("created_at").asInt()).isEqualTo(4);
        assertThat(kept.path("services").get(0).has("updated_at")).isFalse();
        // Owner-tagged entities of types the daemon does not manage were not written by it: kept.
        assertThat(kept.path("vaults")).hasSize(1);
        assertThat(kept.path("acls").get(0).path("consumer").asText()).isEqualTo("c1");

        ObjectNode config = DbLessSync.fullConfig(io.catalogsync.kong.entity.KongState.EMPTY, kept);
        assertThat(config.path("_format_version").asText()).isEqualTo("3.0");
        assertThat(config.path("_transform").asBoolean(true)).isFalse();
        assertThat(config.path("vaults")).isEqualTo(kept.path("vaults"));
        assertThat(config.path("acls")).isEqualTo(kept.path("acls"));
        assertThat(config.path("services")).isEqualTo(kept.path("services"));
    }

    /**
     * Someone else's configuration holding an entity of every collection Kong's declarative export includes
     * (kong/db/declarative/export.lua: every DAO without {@code db_export = false}), credentials of every bundled
     * auth plugin included.
     */
    private static ObjectNode everyExportableCollection() throws Exception {
        ObjectNode doc = foreignConfig();
        ObjectNode more = (ObjectNode) EntityJson.MAPPER.readTree("""
                {"ca_certificates": [{"id": "7e57ab1e-0000-4000-8000-00000000ca01", "tags": ["team-tls"],
                   "cert": "-----BEGIN CERTIFICATE-----\\nMIIBcaA\\n-----END CERTIFICATE-----\\n",
                   "cert_digest": "c0ffee"}],
                 "vaults": [{"prefix": "team-env", "name": "env", "description": "team A secrets",
                   "config": {"prefix": "TEAM_A_"}, "tags": ["team-a"]}],
                 "key_sets": [{"name": "team-a-keys", "tags": ["team-a"],
                   "keys": [{"name": "team-a-k1", "kid": "k1", "jwk": "{\\"kty\\":\\"oct\\",\\"k\\":\\"c2VjcmV0\\"}"}]}],
                 "upstreams": [{"name": "team-a-up", "tags": ["team-a"],
                   "targets": [{"target": "10.1.1.1:8080", "weight": 50, "tags": ["team-a"]}]}],
                 "consumers": [{"username": "auditor", "custom_id": "aud-1",
                   "hmacauth_credentials": [{"username": "auditor-hmac", "secret": "hmac-secret"}],
                   "oauth2_credentials": [{"name": "auditor-app", "client_id": "aud-client",
                     "client_secret": "aud-secret", "redirect_uris": ["https://aud.example.com/cb"]}],
                   "acls": [{"group": "auditors", "tags": ["team-a"]}]}]}
                """);
        more.fields().forEachRemaining(f -> {
            if (doc.has(f.getKey())) {
                ((ArrayNode) doc.get(f.getKey())).addAll((ArrayNode) f.getValue());
            } else {
                doc.set(f.getKey(), f.getValue());
            }
        });
        return doc;
    }

    /** A DB-less Kong of {@code version} loaded with {@link #everyExportableCollection}, none of it the daemon's. */
    private EmulatorHarness holdingEveryExportableCollection(String version) throws Exception {
        EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.dblessDefaults().withVersion(version), dir);
        assertThat(await(h.client.loadConfig(everyExportableCollection(), false)).outcome())
                .isEqualTo(ConfigResult.Outcome.LOADED);
        return h;
    }

    private static long requestsTo(EmulatorHarness h, String method, String path) {
        return h.requests().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).count();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"3.4.2", "3.9.3"})
    void everyExportableCollectionSurvivesAPushReadFromUntaggedListPages(String version) throws Exception {
        try (EmulatorHarness h = holdingEveryExportableCollection(version)) {
            Reconciler r = h.reconciler();
            Map<String, Map<String, JsonNode>> foreign = unowned(await(h.client.exportConfig()), r.ownerTag());
            assertThat(foreign.keySet()).contains("certificates", "snis", "ca_certificates", "vaults", "key_sets",
                    "keys", "consumers", "keyauth_credentials", "jwt_secrets", "basicauth_credentials",
                    "hmacauth_credentials", "oauth2_credentials", "acls", "services", "routes", "plugins",
                    "upstreams", "targets");
            // Kong stored the basic-auth password hashed: pushing it back must not hash it again.
            assertThat(foreign.get("basicauth_credentials").values()).allSatisfy(c ->
                    assertThat(c.path("password").asText()).isNotEqualTo("pw"));

            h.emulator.clearRequests();
            CycleResult cycle = h.cycle(r, ReconcileOptions.defaults());
            assertThat(cycle.outcome()).as("%s", cycle.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);
            assertThat(cycle.configPushes()).isEqualTo(1);
            // The cheaper read: list pages of every collection, never Kong's whole export.
            assertThat(requestsTo(h, "GET", "/config")).isZero();
            for (String path : java.util.List.of("/certificates", "/snis", "/ca_certificates", "/vaults", "/key-sets",
                    "/keys", "/key-auths", "/jwts", "/basic-auths", "/hmac-auths", "/oauth2", "/acls")) {
                assertThat(requestsTo(h, "GET", path)).as(path).isPositive();
            }
            assertThat(unowned(await(h.client.exportConfig()), r.ownerTag())).isEqualTo(foreign);

            // A catalog change pushes again, with a deletion to check for unowned dependents: still exact, and
            // Kong's state is read once for both.
            String catalog = Files.readString(TestPaths.exampleCatalog());
            h.useCatalog(catalog.substring(0, catalog.indexOf("  # Webhook receiver")));
            h.emulator.clearRequests();
            CycleResult second = h.cycle(r, ReconcileOptions.defaults());
            assertThat(second.outcome()).as("%s", second.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);
            assertThat(second.configPushes()).isEqualTo(1);
            assertThat(requestsTo(h, "GET", "/config")).isZero();
            assertThat(requestsTo(h, "GET", "/vaults")).isEqualTo(1);
            assertThat(unowned(await(h.client.exportConfig()), r.ownerTag())).isEqualTo(foreign);
        }
    }

    @Test
    void aCollectionThatCannotBeReadStopsThePushAndNothingIsLost() throws Exception {
        try (EmulatorHarness h = holdingEveryExportableCollection(EmulatorOptions.DEFAULT_VERSION)) {
            Reconciler r = h.reconciler();
            JsonNode before = await(h.client.exportConfig());

            // Every attempt to list the vaults fails (retries included); every other collection answers.
            h.emulator.faults().failPath("/vaults", 500);
            h.emulator.clearRequests();
            CycleResult failed = h.cycle(r, ReconcileOptions.defaults());
            assertThat(failed.outcome()).isEqualTo(CycleResult.Outcome.FAILED);
            assertThat(failed.configPushes()).isZero();
            assertThat(requestsTo(h, "POST", "/config")).isZero();
            assertThat(failed.failure().message()).contains("/vaults");
            assertThat(await(h.client.exportConfig())).isEqualTo(before);

            h.emulator.faults().clear();
            CycleResult next = h.cycle(r, ReconcileOptions.defaults());
            assertThat(next.outcome()).as("%s", next.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);
            assertThat(unowned(await(h.client.exportConfig()), r.ownerTag()))
                    .isEqualTo(unowned(before, r.ownerTag()));
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"3.4.2", "3.9.3"})
    void theListReadGivesWhatKongsExportGivesAndACustomPluginFallsBackToTheExport(String version) throws Exception {
        try (EmulatorHarness h = holdingEveryExportableCollection(version)) {
            Reconciler r = h.reconciler();
            assertThat(h.cycle(r, ReconcileOptions.defaults()).outcome()).isEqualTo(CycleResult.Outcome.SUCCESS);
            io.catalogsync.kong.admin.KongInfo info = await(h.client.info());
            UnownedReader reader = new UnownedReader(h.vertx, h.client, r.ownerTag(), 4);

            h.emulator.clearRequests();
            UnownedReader.Unowned listed = await(reader.read(info));
            assertThat(listed.source()).isEqualTo(UnownedReader.Source.LISTS);
            assertThat(requestsTo(h, "GET", "/config")).isZero();

            // A plugin Kong has that is not bundled may own a DAO whose collection the daemon cannot name.
            java.util.Set<String> plugins = new java.util.HashSet<>(info.availablePlugins());
            plugins.add("acme-corp-entitlements");
            io.catalogsync.kong.admin.KongInfo custom = new io.catalogsync.kong.admin.KongInfo(info.version(),
                    info.edition(), info.database(), info.routerFlavor(), plugins, info.enabledPlugins());
            UnownedReader.Unowned exported = await(reader.read(custom));
            assertThat(exported.source()).isEqualTo(UnownedReader.Source.EXPORT);
            assertThat(exported.detail()).contains("acme-corp-entitlements");
            assertThat(requestsTo(h, "GET", "/config")).isEqualTo(1);

            // Both reads of the same Kong keep the same entities, field for field.
            assertThat(unowned(listed.config(), r.ownerTag())).isEqualTo(unowned(exported.config(), r.ownerTag()));
            assertThat(listed.config().path("_transform").asBoolean(true)).isFalse();
        }
    }
}
