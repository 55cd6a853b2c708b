package io.catalogsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.KongEmulator;
import io.catalogsync.sync.TestPaths;
import io.catalogsync.sync.state.EntityJson;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user runs it: arguments, environment, captured stdout/stderr and exit codes. */
class CliTest {

    private static final String TOKEN = "kong-admin-t0ken-do-not-print";
    private static Vertx vertx;
    private static KongEmulator kong;

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @BeforeAll
    static void startKong() throws Exception {
        vertx = Vertx.vertx();
        kong = KongEmulator.start(vertx, EmulatorOptions.defaults().withAdminToken(TOKEN))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopKong() throws Exception {
        kong.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static Run run(String... args) {
        return run(Map.of(), args);
    }

    private static String example() {
        return TestPaths.exampleCatalog().toString();
    }

    /**
     * The example catalog without its masking-enabled service, so that results do not depend on whether this
     * build packaged the masking hook (see {@link #theMaskingHookIsPackagedOrItsAbsenceIsNamed}).
     */
    private String noMasking() throws Exception {
        Path p = dir.resolve("no-masking.yaml");
        if (!Files.exists(p)) {
            String c = Files.readString(TestPaths.exampleCatalog());
            int from = c.indexOf("  # LLM gateway");
            int to = c.indexOf("  # Legacy billing");
            assertThat(from).isPositive();
            assertThat(to).isGreaterThan(from);
            Files.writeString(p, c.substring(0, from) + c.substring(to));
        }
        return p.toString();
    }

    @Test
    void helpListsCommandsAndExitCodes() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("plan", "render", "validate", "run", "Exit codes:", "64", "69",
                "changes are pending", "KCS_");
        Run plan = run("plan", "--help");
        assertThat(plan.code()).isZero();
        assertThat(plan.out()).contains("--detailed-exitcode", "--kong-admin", "KCS_KONG_ADMIN_URL", "Exit codes:",
                "2    plan --detailed-exitcode: changes are pending.");
        assertThat(run("render", "--help").out()).contains("--out", "--format", "--target", "Exit codes:");
        assertThat(run("--version").out()).startsWith("kong-catalog-sync ");
        assertThat(run("validate", "--version").code()).isZero();
    }

    @Test
    void usageErrorsExit64() {
        assertThat(run().code()).isEqualTo(64);
        Run unknown = run("plan", "--no-such-flag");
        assertThat(unknown.code()).isEqualTo(64);
        assertThat(unknown.err()).contains("--no-such-flag");
        assertThat(run("render", "--catalog", example(), "--format", "xml").code()).isEqualTo(64);
        Run noCatalog = run("validate");
        assertThat(noCatalog.code()).isEqualTo(64);
        assertThat(noCatalog.err()).contains("no catalog given").contains("KCS_CATALOG");
        Run daemon = run("run", "--catalog", example(), "--kong-admin", kong.adminUrl(), "--sync-interval", "soon");
        assertThat(daemon.code()).isEqualTo(64);
        assertThat(daemon.err()).contains("--sync-interval").contains("\"soon\" is not a duration");
        Run badEnv = run(Map.of("KCS_PARALLELISM", "many"), "plan", "--catalog", example(), "--kong-admin",
                kong.adminUrl());
        assertThat(badEnv.code()).isEqualTo(64);
        assertThat(badEnv.err()).contains("KCS_PARALLELISM").contains("\"many\" is not a whole number");
        Run plainPassword = run("render", "--catalog", example(), "--kong-redis-host", "redis",
                "--kong-redis-password", "hunter2");
        assertThat(plainPassword.code()).isEqualTo(64);
        assertThat(plainPassword.all()).contains("vault reference").doesNotContain("hunter2");
        // A Redis password without a Redis host was silently dropped.
        Run passwordOnly = run("render", "--catalog", example(), "--kong-redis-password", "{vault://env/sekrit}");
        assertThat(passwordOnly.code()).isEqualTo(64);
        assertThat(passwordOnly.err()).contains("--kong-redis-password", "--kong-redis-host").doesNotContain("sekrit");
        Run passwordEnv = run(Map.of("KCS_KONG_REDIS_PASSWORD", "{vault://env/sekrit}"), "render", "--catalog",
                example());
        assertThat(passwordEnv.code()).isEqualTo(64);
        assertThat(passwordEnv.err()).contains("KCS_KONG_REDIS_PASSWORD", "--kong-redis-host").doesNotContain("sekrit");
        // render writes a file: --output json was accepted and ignored (YAML came out).
        Run renderJson = run("render", "--catalog", example(), "--output", "json");
        assertThat(renderJson.code()).isEqualTo(64);
        assertThat(renderJson.err()).contains("--output json", "--format json");
    }

    @Test
    void validateTheExample() throws Exception {
        Run r = run("validate", "--catalog", noMasking());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("6 services, 6 valid, 0 rejected");
        Run json = run("validate", "--catalog", noMasking(), "--output", "json");
        JsonNode n = EntityJson.MAPPER.readTree(json.out());
        assertThat(n.get("valid")).hasSize(6);
        assertThat(n.get("rejected")).isEmpty();
    }

    @Test
    void validateABadCatalogExits3NamingTheField() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "- name: my-service\n  endpoints:\n  - {protocol: http, host: a.internal, port: 8080, "
                + "path: /api/*}\n  metadata:\n    rateLimit.minute: ten\n- name: fine\n  endpoints:\n"
                + "  - {protocol: http, host: b.internal, port: 8080, path: /b/*}\n");
        Run r = run("validate", "--catalog", bad.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).contains("1 rejected").contains("my-service").contains("rateLimit.minute")
                .contains("\"ten\"");
        // Counts of what the valid service becomes, the rejected one not counted.
        assertThat(r.out()).contains("Kong entities of the valid services: 1 upstream, 1 target, 1 service, 1 route, "
                + "0 consumers, 0 plugins");
        JsonNode counts = EntityJson.MAPPER.readTree(run("validate", "--catalog", bad.toString(), "--output", "json")
                .out()).get("entities");
        assertThat(counts.get("service").asInt()).isEqualTo(1);
        assertThat(counts.get("route").asInt()).isEqualTo(1);
        assertThat(counts.get("plugin").asInt()).isZero();
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "- name: x\n  endpoints: [unclosed\n");
        Run b = run("validate", "--catalog", broken.toString());
        assertThat(b.code()).isEqualTo(3);
        assertThat(b.err()).contains("broken.yaml");
        assertThat(run("validate", "--catalog", dir.resolve("missing.yaml").toString()).code()).isEqualTo(69);
    }

    @Test
    void renderTheExample() throws Exception {
        Run yaml = run("render", "--catalog", noMasking(), "--out", "-");
        assertThat(yaml.code()).as(yaml.err()).isZero();
        assertThat(yaml.out()).startsWith("_format_version: \"3.0\"");
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(yaml.out());
        assertThat(doc.at("/_info/select_tags/0").asText()).isEqualTo("managed-by:kong-catalog-sync");
        Path file = dir.resolve("kong.json");
        Run json = run("render", "--catalog", noMasking(), "--out", file.toString(), "--format", "json",
                "--target", "kong", "--owner-tag", "team-platform");
        assertThat(json.code()).isZero();
        assertThat(json.out()).isEmpty();
        JsonNode kongDoc = EntityJson.MAPPER.readTree(Files.readString(file));
        assertThat(kongDoc.has("_info")).isFalse();
        assertThat(kongDoc.at("/services/0/tags/0").asText()).isEqualTo("team-platform");
    }

    @Test
    void planThenRunThenPlanAgainstKong() throws Exception {
        kong.reset();
        Map<String, String> env = new HashMap<>();
        env.put("KCS_KONG_ADMIN_URL", kong.adminUrl());
        env.put("KONG_API_KEY", TOKEN);
        env.put("KCS_CATALOG", noMasking());
        Run before = run(env, "plan", "--detailed-exitcode");
        assertThat(before.code()).as(before.all()).isEqualTo(2);
        assertThat(before.out()).contains("Plan: ").contains("to create").contains("+ service payments  [payments]");

        Run sync = run(env, "run", "--once");
        assertThat(sync.code()).as(sync.all()).isZero();
        assertThat(sync.out()).contains("Sync success");

        Run after = run(env, "plan", "--detailed-exitcode", "--output", "json");
        assertThat(after.code()).as(after.all()).isZero();
        JsonNode plan = EntityJson.MAPPER.readTree(after.out());
        assertThat(plan.get("outcome").asText()).isEqualTo("NO_CHANGES");
        assertThat(plan.at("/plan/operations")).isEmpty();
        assertThat(plan.at("/kong/version").asText()).isEqualTo("3.4.2");

        // A drifted field shows up as a field-level change.
        Path changed = dir.resolve("changed.yaml");
        Files.writeString(changed, Files.readString(Path.of(noMasking()))
                .replace("timeout.read: \"30000\"", "timeout.read: \"45000\""));
        Run diff = run(env, "plan", "--catalog", changed.toString(), "--detailed-exitcode");
        assertThat(diff.code()).isEqualTo(2);
        assertThat(diff.out()).contains("~ service payments  [payments]").contains("read_timeout: 30000 -> 45000");

        for (Run x : new Run[]{before, sync, after, diff}) {
            assertThat(x.all()).doesNotContain(TOKEN);
        }
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheConfigFile() throws Exception {
        Path config = dir.resolve("kcs.yaml");
        Files.writeString(config, "catalog: " + dir.resolve("nowhere.yaml") + "\nownerTag: from-file\n");
        // The file alone: its catalog does not exist.
        assertThat(run("validate", "--config", config.toString()).code()).isEqualTo(69);
        // The environment beats the file.
        Run env = run(Map.of("KCS_CATALOG", noMasking(), "KCS_CONFIG", config.toString()), "render");
        assertThat(env.code()).isZero();
        assertThat(env.out()).contains("select_tags:\n  - from-file");
        // A flag beats both.
        Run flag = run(Map.of("KCS_CATALOG", dir.resolve("nope").toString(), "KCS_OWNER_TAG", "from-env"),
                "render", "--config", config.toString(), "--catalog", noMasking(), "--owner-tag", "from-flag");
        assertThat(flag.code()).isZero();
        assertThat(flag.out()).contains("- from-flag").doesNotContain("from-env").doesNotContain("from-file");
        Path bad = dir.resolve("bad-config.yaml");
        Files.writeString(bad, "maxDeleteRatio: 2\n");
        Run badFile = run("plan", "--config", bad.toString(), "--catalog", example(), "--kong-admin", kong.adminUrl());
        assertThat(badFile.code()).isEqualTo(64);
        assertThat(badFile.err()).contains("bad-config.yaml: maxDeleteRatio");
    }

    @Test
    void theMaskingHookIsPackagedOrItsAbsenceIsNamed() throws Exception {
        java.util.Optional<String> hook = io.catalogsync.sync.MaskingHookSource.load();
        Path source = TestPaths.repoFile("masking-plugin-sidecar").resolve("src/main/resources");
        boolean inSidecar = Files.exists(source.resolve("kong/masking-hook.lua"));
        assertThat(hook.isPresent()).as("packaged exactly when the sidecar module has the file").isEqualTo(inSidecar);
        Run r = run("render", "--catalog", example(), "--format", "json", "--target", "kong");
        if (hook.isPresent()) {
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(hook.get()).isEqualTo(Files.readString(source.resolve("kong/masking-hook.lua")));
            JsonNode doc = EntityJson.MAPPER.readTree(r.out());
            assertThat(doc.toString()).contains("pre-function").contains("http://127.0.0.1:8085");
        } else {
            assertThat(r.code()).isEqualTo(3);
            assertThat(r.err()).contains("llm-gateway").contains("masking.enabled").contains("masking hook");
            assertThat(r.out()).contains("\"payments\"").doesNotContain("pre-function");
        }
    }

    @Test
    void unreachableKongExits69() {
        Run r = run("run", "--once", "--catalog", example(), "--kong-admin", "http://127.0.0.1:9");
        assertThat(r.code()).isEqualTo(69);
        assertThat(r.out()).contains("kong unavailable");
        Run wrongToken = run(Map.of("KCS_KONG_ADMIN_TOKEN", "wrong"), "plan", "--catalog", example(),
                "--kong-admin", kong.adminUrl());
        assertThat(wrongToken.code()).isEqualTo(69);
        assertThat(wrongToken.all()).contains("401").doesNotContain("wrong\"");
        // dump reads Kong without a cycle: its failure to read is "unavailable" too, as --help documents
        for (String[] dump : List.of(new String[] {"dump"}, new String[] {"dump", "--all"})) {
            List<String> args = new java.util.ArrayList<>(List.of(dump));
            args.addAll(List.of("--kong-admin", "http://127.0.0.1:9"));
            Run d = run(args.toArray(String[]::new));
            assertThat(d.code()).as(String.join(" ", dump) + ": " + d.err()).isEqualTo(69);
            assertThat(d.out()).isEmpty();
        }
    }
}
