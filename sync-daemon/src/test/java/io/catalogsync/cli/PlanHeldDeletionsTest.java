package io.catalogsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.KongEmulator;
import io.catalogsync.sync.TestPaths;
import io.catalogsync.sync.state.EntityJson;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plan} shows the deletions a guard holds back, and {@code --detailed-exitcode} counts them as pending. */
class PlanHeldDeletionsTest {

    @TempDir
    Path dir;
    private Vertx vertx;
    private KongEmulator kong;

    @BeforeEach
    void startKong() throws Exception {
        vertx = Vertx.vertx();
        kong = KongEmulator.start(vertx, EmulatorOptions.defaults())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopKong() throws Exception {
        kong.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private record Run(int code, String out, String err) {
    }

    private Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void deletionsHeldByTheRatioGuardAreListedWithTheirReasonAndArePending() throws Exception {
        String full = Files.readString(TestPaths.exampleCatalog());
        int from = full.indexOf("  # LLM gateway");
        int to = full.indexOf("  # Legacy billing");
        Path all = dir.resolve("all.yaml");
        Files.writeString(all, full.substring(0, from) + full.substring(to));
        Path first = dir.resolve("first.yaml");
        Files.writeString(first, full.substring(0, full.indexOf("  # Public product catalogue")));
        Map<String, String> env = Map.of("KCS_KONG_ADMIN_URL", kong.adminUrl());

        assertThat(run(env, "run", "--once", "--catalog", all.toString()).code()).isZero();
        Run text = run(env, "plan", "--catalog", first.toString(), "--detailed-exitcode");
        assertThat(text.code()).as(text.out() + text.err()).isEqualTo(2);
        assertThat(text.out()).contains("0 to delete").contains("held back").contains("Deletions held back:")
                .contains("max_delete_ratio").contains("! service payments  [payments]  held: max_delete_ratio");

        Run json = run(env, "plan", "--catalog", first.toString(), "--output", "json", "--detailed-exitcode");
        assertThat(json.code()).isEqualTo(2);
        JsonNode report = EntityJson.MAPPER.readTree(json.out());
        assertThat(report.get("outcome").asText()).isEqualTo("PLANNED");
        JsonNode refused = report.at("/refused_deletions/0");
        assertThat(refused.get("reason").asText()).isEqualTo("max_delete_ratio");
        assertThat(refused.get("held").size()).isEqualTo(refused.get("count").asInt()).isPositive();
        assertThat(refused.get("held").findValuesAsText("service")).contains("payments");
        // The summary counts by kind: created, updated, deleted and held back.
        assertThat(report.at("/plan/held").asInt()).isEqualTo(refused.get("count").asInt());
        assertThat(report.at("/plan/by_type/held/service").asInt()).isPositive();
        assertThat(report.at("/plan/by_type/held/route").asInt()).isPositive();
        assertThat(report.at("/plan/by_type/delete/service").asInt()).isZero();
        assertThat(text.out()).containsPattern("kind\\s+create\\s+update\\s+delete\\s+held")
                .containsPattern("\\n  service\\s+0\\s+0\\s+0\\s+" + report.at("/plan/by_type/held/service").asInt()
                        + "\\n");

        // Forced, nothing is held: the deletions are ordinary pending operations.
        Run forced = run(env, "plan", "--catalog", first.toString(), "--force", "--detailed-exitcode");
        assertThat(forced.code()).isEqualTo(2);
        assertThat(forced.out()).doesNotContain("held back").contains("- service payments");
    }

    /**
     * A value only Kong refuses (a Java-only regex in cors.origins, which PCRE does not compile): offline, validate
     * cannot know; given a Kong, validate asks it and rejects that service (exit 3), and plan shows it as a validation
     * error of that service while planning the others.
     */
    @Test
    void validateAndPlanAskKongAboutPluginValues() throws Exception {
        String bad = Files.readString(TestPaths.exampleCatalog()).replace(
                "cors.origins: \"https://shop.example.com, https://m.shop.example.com\"",
                "cors.origins: 'https://shop.example.com, ^https://\\p{javaLowerCase}+\\.example\\.com$'");
        Path file = dir.resolve("bad-cors.yaml");
        Files.writeString(file, bad);
        Map<String, String> env = Map.of("KCS_KONG_ADMIN_URL", kong.adminUrl());

        Run offline = run(Map.of(), "validate", "--catalog", file.toString());
        assertThat(offline.code()).as(offline.out() + offline.err()).isZero();

        Run online = run(env, "validate", "--catalog", file.toString());
        assertThat(online.code()).as(online.out() + online.err()).isEqualTo(3);
        assertThat(online.out()).contains("1 rejected").contains("Kong 3.4.2 at " + kong.adminUrl())
                .contains("product-catalog: plugin cors config.origins: Kong 3.4.2 refuses it:")
                .contains("is not a valid regex");
        JsonNode json = EntityJson.MAPPER.readTree(run(env, "validate", "--catalog", file.toString(), "--output",
                "json").out());
        assertThat(json.get("valid").toString()).doesNotContain("product-catalog");
        assertThat(json.at("/rejected/0/service").asText()).isEqualTo("product-catalog");

        Run plan = run(env, "plan", "--catalog", file.toString());
        assertThat(plan.out()).contains("product-catalog: validation: plugin cors config.origins")
                .doesNotContain("[product-catalog]").contains("[orders]");
    }
}
