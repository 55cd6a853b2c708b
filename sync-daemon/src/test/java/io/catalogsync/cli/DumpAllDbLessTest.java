package io.catalogsync.cli;

import static io.catalogsync.sync.EmulatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.catalogsync.kong.admin.ConfigResult;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.EmulatorHarness;
import io.catalogsync.sync.ReconcileOptions;
import io.catalogsync.sync.state.EntityJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code dump --all} against a DB-less Kong (issue 12): it writes Kong's own export, read from untagged list pages
 * one page at a time instead of {@code GET /config} (whose answer at 10,000 services does not fit in a 256 MiB
 * heap), falls back to {@code GET /config} where the push's read does, and never writes a partial dump.
 */
class DumpAllDbLessTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** More consumers than a list page holds (1,000): the consumers and key-auth credentials take two pages. */
    private static final int BULK_CONSUMERS = 1_050;

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private static Run dump(EmulatorHarness h, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "dump";
        all[1] = "--all";
        System.arraycopy(args, 0, all, 2, args.length);
        int code = Main.run(all, Map.of("KCS_KONG_ADMIN_URL", h.emulator.adminUrl()), new PrintWriter(out),
                new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static long requests(EmulatorHarness h, String method, String path) {
        return h.requests().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).count();
    }

    /**
     * Someone else's configuration with an entity of every collection Kong exports, and values a careless writer
     * changes: strings that look like numbers or booleans, multi-line PEM text, a plugin on a consumer.
     */
    private static ObjectNode foreignConfig() throws Exception {
        ObjectNode doc = (ObjectNode) EntityJson.MAPPER.readTree("""
                {"_format_version": "3.0",
                 "certificates": [{"id": "7e57ab1e-0000-4000-8000-00000000ce01", "tags": ["team-tls", "2024"],
                   "cert": "-----BEGIN CERTIFICATE-----\\nMIIBteamA\\n-----END CERTIFICATE-----\\n",
                   "key": "-----BEGIN PRIVATE KEY-----\\nMIIEteamA\\n-----END PRIVATE KEY-----\\n",
                   "snis": [{"name": "api.team-a.example.com", "tags": ["team-tls"]}]}],
                 "ca_certificates": [{"id": "7e57ab1e-0000-4000-8000-00000000ca01", "tags": ["team-tls"],
                   "cert": "-----BEGIN CERTIFICATE-----\\nMIIBcaA\\n-----END CERTIFICATE-----\\n",
                   "cert_digest": "c0ffee"}],
                 "vaults": [{"prefix": "team-env", "name": "env", "description": "true",
                   "config": {"prefix": "TEAM_A_"}, "tags": ["team-a"]}],
                 "key_sets": [{"name": "team-a-keys", "tags": ["team-a"],
                   "keys": [{"name": "team-a-k1", "kid": "1", "jwk": "{\\"kty\\":\\"oct\\",\\"k\\":\\"c2VjcmV0\\"}"}]}],
                 "consumers": [{"username": "partner", "custom_id": "42", "tags": ["team-a"],
                   "keyauth_credentials": [{"key": "partner-key", "tags": ["team-a"]}],
                   "jwt_secrets": [{"key": "partner-iss", "secret": "partner-secret"}],
                   "basicauth_credentials": [{"username": "partner", "password": "pw"}],
                   "hmacauth_credentials": [{"username": "partner-hmac", "secret": "hmac-secret"}],
                   "oauth2_credentials": [{"name": "partner-app", "client_id": "partner-client",
                     "client_secret": "partner-secret", "redirect_uris": ["https://partner.example.com/cb"]}],
                   "acls": [{"group": "partners", "tags": ["team-a"]}],
                   "plugins": [{"name": "rate-limiting", "config": {"minute": 7, "policy": "local"}}]}],
                 "upstreams": [{"name": "team-a-up", "tags": ["team-a"],
                   "targets": [{"target": "10.1.1.1:8080", "weight": 50, "tags": ["team-a"]},
                               {"target": "10.1.1.2:8080", "weight": 0}]}],
                 "services": [{"name": "team-a-api", "url": "http://team-a-up:8080", "tags": ["team-a"],
                   "routes": [{"name": "team-a-route", "paths": ["/team-a"], "tags": ["team-a"],
                     "plugins": [{"name": "cors", "tags": ["team-a"]}]}],
                   "plugins": [{"name": "rate-limiting", "config": {"minute": 5, "policy": "local"}}]}],
                 "plugins": [{"name": "correlation-id", "config": {"header_name": "X-Team-A"}}]}
                """);
        ArrayNode consumers = (ArrayNode) doc.get("consumers");
        for (int i = 0; i < BULK_CONSUMERS; i++) {
            ObjectNode c = consumers.addObject().put("username", "bulk-" + i);
            c.putArray("keyauth_credentials").addObject().put("key", "bulk-key-" + i);
        }
        return doc;
    }

    /** Kong loaded with {@link #foreignConfig()}, then synced by the daemon: owned and unowned entities. */
    private static EmulatorHarness loaded(String version, Path dir) throws Exception {
        EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.dblessDefaults().withVersion(version), dir);
        assertThat(await(h.client.loadConfig(foreignConfig(), false)).outcome()).isEqualTo(ConfigResult.Outcome.LOADED);
        CycleResult sync = h.cycle(h.reconciler(), ReconcileOptions.defaults());
        assertThat(sync.outcome()).as("%s", sync.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);
        return h;
    }

    /**
     * A parsed export as collection -> id -> entity, the top-level scalars as they are: the same entities with the
     * same fields compare equal whatever order Kong or the pages listed them in.
     */
    private static Map<String, Object> byId(JsonNode doc) {
        Map<String, Object> out = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = doc.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().isArray()) {
                out.put(f.getKey(), f.getValue());
                continue;
            }
            Map<String, JsonNode> entities = new TreeMap<>();
            for (JsonNode e : f.getValue()) {
                assertThat(e.path("id").isTextual()).as("%s without an id: %s", f.getKey(), e).isTrue();
                assertThat(entities.put(e.path("id").asText(), e)).as("%s twice: %s", f.getKey(), e).isNull();
            }
            out.put(f.getKey(), entities);
        }
        return out;
    }

    /** The same top-level keys, and collection by collection the same entities (a failure names the collection). */
    private static void assertSameEntities(JsonNode dumped, JsonNode export) {
        Map<String, Object> actual = byId(dumped);
        Map<String, Object> expected = byId(export);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, v) -> assertThat(actual.get(k)).as(k).isEqualTo(v));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.4.2", "3.9.3"})
    void theDumpHoldsWhatKongsOwnExportHoldsReadFromListPages(String version) throws Exception {
        try (EmulatorHarness h = loaded(version, dir)) {
            JsonNode export = await(h.client.exportConfig());
            assertThat(export.fieldNames()).toIterable().contains("certificates", "snis", "ca_certificates",
                    "vaults", "key_sets", "keys", "consumers", "keyauth_credentials", "jwt_secrets",
                    "basicauth_credentials", "hmacauth_credentials", "oauth2_credentials", "acls", "services",
                    "routes", "plugins", "upstreams", "targets");

            h.emulator.clearRequests();
            Path out = dir.resolve("all.yaml");
            Run run = dump(h, "--out", out.toString());
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(requests(h, "GET", "/config")).isZero();
            assertThat(run.err()).contains("untagged list pages");
            // Two pages of consumers: the second one was read too.
            assertThat(h.requests()).filteredOn(r -> r.path().equals("/consumers")).hasSize(2);

            JsonNode dumped = YAML.readTree(out.toFile());
            assertThat(dumped.path("_format_version").isTextual()).isTrue();
            assertSameEntities(dumped, export);
            assertThat(dumped.path("services")).extracting(s -> s.path("name").asText())
                    .contains("team-a-api", "payments");

            // The same document as JSON, on stdout.
            Run json = dump(h, "--format", "json");
            assertThat(json.code()).as(json.err()).isZero();
            assertSameEntities(EntityJson.MAPPER.readTree(json.out()), export);
        }
    }

    @Test
    void aFailingGetConfigDoesNotStopTheDumpAndACustomPluginMakesItTheRead() throws Exception {
        try (EmulatorHarness h = loaded("3.4.2", dir)) {
            JsonNode export = await(h.client.exportConfig());
            h.emulator.faults().failPath("/config", 500);
            h.emulator.clearRequests();
            Run run = dump(h, "--format", "json");
            assertThat(run.code()).as(run.err()).isZero();
            assertSameEntities(EntityJson.MAPPER.readTree(run.out()), export);
            assertThat(requests(h, "GET", "/config")).isZero();

            // A plugin outside Kong's bundled set may own a DAO the lists cannot name: Kong's own export is read,
            // and stderr says so (here it fails, and so does the dump, rather than leave that DAO out).
            h.emulator.reportCustomPlugin("acme-corp-entitlements");
            Run failing = dump(h, "--format", "json");
            assertThat(failing.code()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(failing.out()).isEmpty();
            assertThat(failing.err()).contains("cannot read Kong's configuration from GET /config")
                    .contains("acme-corp-entitlements");

            h.emulator.faults().clear();
            h.emulator.clearRequests();
            Run exported = dump(h, "--format", "json");
            assertThat(exported.code()).as(exported.err()).isZero();
            assertThat(exported.err()).contains("read Kong's configuration from GET /config")
                    .contains("acme-corp-entitlements");
            assertThat(requests(h, "GET", "/config")).isEqualTo(1);
            assertThat(requests(h, "GET", "/certificates")).isZero();
            assertSameEntities(EntityJson.MAPPER.readTree(exported.out()), export);
        }
    }

    @Test
    void aPageThatCannotBeReadFailsTheDumpNamingItsCollectionAndLeavesNoPartialFile() throws Exception {
        try (EmulatorHarness h = loaded("3.4.2", dir)) {
            Path out = dir.resolve("all.yaml");
            Files.writeString(out, "the previous dump\n");

            // The first page of consumers answers, the second fails on every attempt.
            h.emulator.faults().failPathAfter("/consumers", 500, 1);
            Run run = dump(h, "--out", out.toString());
            assertThat(run.code()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(run.err()).contains("cannot read Kong's consumers").contains("500");
            assertThat(Files.readString(out)).isEqualTo("the previous dump\n");
            assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".part"));

            // A collection the command names as Kong's configuration does (key_sets, listed at /key-sets).
            h.emulator.faults().failPath("/key-sets", 503);
            Run stdout = dump(h);
            assertThat(stdout.code()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(stdout.out()).isEmpty();
            assertThat(stdout.err()).contains("cannot read Kong's key_sets");

            // The targets of one upstream.
            String upstream = await(h.client.exportConfig()).path("upstreams").get(0).path("id").asText();
            h.emulator.faults().failPath("/upstreams/" + upstream + "/targets", 500);
            Run targets = dump(h, "--out", out.toString());
            assertThat(targets.code()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(targets.err()).contains("cannot read Kong's targets").contains(upstream);
            assertThat(Files.readString(out)).isEqualTo("the previous dump\n");
        }
    }

    @Test
    void aReadThatFailsAfterWritingPagesLeavesNothingOnStdout() throws Exception {
        try (EmulatorHarness h = loaded("3.4.2", dir)) {
            List<String> before = Files.list(Path.of(System.getProperty("java.io.tmpdir")))
                    .map(p -> p.getFileName().toString()).filter(n -> n.startsWith("kong-catalog-sync-dump-")).toList();
            h.emulator.faults().failPathAfter("/key-auths", 500, 1);
            Run run = dump(h);
            assertThat(run.code()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).contains("cannot read Kong's keyauth_credentials");
            assertThat(Files.list(Path.of(System.getProperty("java.io.tmpdir")))
                    .map(p -> p.getFileName().toString()).filter(n -> n.startsWith("kong-catalog-sync-dump-")))
                    .containsExactlyInAnyOrderElementsOf(before);
        }
    }
}
