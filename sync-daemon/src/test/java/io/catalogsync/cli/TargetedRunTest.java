package io.catalogsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.KongEmulator;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --service a,b}: a targeted plan or run touches the named catalog services and nothing else. */
class TargetedRunTest {

    private Vertx vertx;
    private KongEmulator kong;

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        kong = KongEmulator.start(vertx, EmulatorOptions.defaults()).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        kong.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, Map.of("KCS_KONG_ADMIN_URL", kong.adminUrl()), new PrintWriter(out),
                new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private Path catalog(String name, String... services) throws Exception {
        StringBuilder b = new StringBuilder();
        for (String s : services) {
            String[] p = s.split(":");
            b.append("- name: ").append(p[0]).append("\n  version: v1\n  endpoints:\n")
                    .append("    - {protocol: http, host: ").append(p[0]).append(".internal, port: 8080, path: /api/*, ")
                    .append("methods: [GET]}\n  metadata:\n    timeout.read: \"").append(p[1]).append("\"\n");
        }
        return Files.writeString(dir.resolve(name + ".yaml"), b.toString());
    }

    /** The catalog services of the changes a JSON plan lists, by section. */
    private static Set<String> services(JsonNode plan, String section) {
        Set<String> out = new HashSet<>();
        for (JsonNode c : plan.at("/changes/" + section)) {
            for (JsonNode tag : c.at("/body/new/tags")) {
                if (tag.asText().startsWith("catalog-service:")) {
                    out.add(tag.asText().substring("catalog-service:".length()));
                }
            }
        }
        return out;
    }

    @Test
    void onlyTheNamedServicesChangeAndNothingElseIsDeleted() throws Exception {
        assertThat(run("run", "--once", "--catalog", catalog("v1", "a:30000", "b:30000", "c:30000").toString())
                .code()).isZero();
        // a changed, b gone from the catalog, c unchanged, d new
        String next = catalog("v2", "a:45000", "c:30000", "d:30000").toString();

        // (removing one service of three is past the default 25 % deletion guard)
        JsonNode whole = new ObjectMapper().readTree(run("plan", "--catalog", next, "--json-output",
                "--max-delete-ratio", "1").out());
        assertThat(services(whole, "updating")).containsExactly("a");
        assertThat(services(whole, "deleting")).containsExactly("b");
        assertThat(services(whole, "creating")).containsExactly("d");

        JsonNode onlyA = new ObjectMapper().readTree(run("plan", "--catalog", next, "--json-output",
                "--max-delete-ratio", "1", "--service", "a").out());
        assertThat(services(onlyA, "updating")).containsExactly("a");
        assertThat(onlyA.at("/changes/deleting")).isEmpty();
        assertThat(onlyA.at("/changes/creating")).isEmpty();

        Run targeted = run("run", "--once", "--catalog", next, "--max-delete-ratio", "1", "--service", "a,b");
        assertThat(targeted.code()).as(targeted.out() + targeted.err()).isZero();
        JsonNode after = new ObjectMapper().readTree(run("plan", "--catalog", next, "--json-output").out());
        assertThat(after.at("/changes/updating")).isEmpty();
        assertThat(after.at("/changes/deleting")).isEmpty();
        assertThat(services(after, "creating")).containsExactly("d");

        Run daemon = run("run", "--catalog", next, "--service", "a");
        assertThat(daemon.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(daemon.err()).contains("--service");
    }
}
