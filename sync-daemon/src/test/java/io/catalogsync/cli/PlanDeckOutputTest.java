package io.catalogsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.KongEmulator;
import io.catalogsync.sync.TestPaths;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code plan} as a decK user runs it: decK's JSON shape, the closing summary, --quiet and --no-color. */
class PlanDeckOutputTest {

    private static Vertx vertx;
    private static KongEmulator kong;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void startKong() throws Exception {
        vertx = Vertx.vertx();
        kong = KongEmulator.start(vertx, EmulatorOptions.defaults()).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        kong.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, Map.of("KCS_KONG_ADMIN_URL", kong.adminUrl()), new PrintWriter(out),
                new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static final String CATALOG = TestPaths.exampleCatalog().toString();

    @Test
    void jsonOutputHasDecksShapeAndCountsAgreeWithTheChanges() throws Exception {
        Run r = run("plan", "--catalog", CATALOG, "--json-output", "--no-color");
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode creating = doc.at("/changes/creating");
        assertThat(creating.size()).isPositive();
        assertThat(doc.at("/changes/updating").isArray()).isTrue();
        assertThat(doc.at("/changes/deleting").isArray()).isTrue();
        assertThat(doc.at("/summary/creating").asInt()).isEqualTo(creating.size());
        assertThat(doc.at("/summary/total").asInt()).isEqualTo(creating.size()
                + doc.at("/changes/updating").size() + doc.at("/changes/deleting").size());
        assertThat(doc.get("warnings").isArray()).isTrue();
        assertThat(doc.get("errors").isArray()).isTrue();
        for (JsonNode c : creating) {
            assertThat(c.path("name").asText()).isNotBlank();
            assertThat(c.path("kind").asText()).isIn("service", "route", "plugin", "upstream", "target", "consumer");
            assertThat(c.at("/body/new").isObject()).isTrue();
            assertThat(c.at("/body/old").isNull()).isTrue();
        }
        // Every kind of entity the example produces is there, named as Kong knows it.
        assertThat(creating.findValuesAsText("kind")).contains("service", "route", "plugin", "upstream", "target");
    }

    @Test
    void textEndsWithDecksSummaryAndQuietPrintsOnlyIt() {
        Run text = run("plan", "--catalog", CATALOG);
        assertThat(text.out()).containsPattern("Summary:\\n  Created: [1-9][0-9]*\\n  Updated: 0\\n  Deleted: 0\\n$");
        Run quiet = run("plan", "--catalog", CATALOG, "--quiet");
        assertThat(quiet.out()).startsWith("Summary:\n").doesNotContain("+ service");
        assertThat(quiet.out()).isEqualTo(text.out().substring(text.out().lastIndexOf("Summary:\n")));
    }
}
