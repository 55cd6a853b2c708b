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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --once --audit-log}: one JSON line per write, with what changed and how Kong answered. */
class AuditLogTest {

    private Vertx vertx;
    private KongEmulator kong;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        kong = KongEmulator.start(vertx, EmulatorOptions.defaults().withAdminToken("audit-admin-token"))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        kong.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private int run(String... args) {
        return Main.run(args, Map.of("KCS_KONG_ADMIN_URL", kong.adminUrl(), "KONG_API_KEY", "audit-admin-token"),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    private Path catalog(String readTimeout) throws Exception {
        return Files.writeString(dir.resolve("catalog-" + readTimeout + ".yaml"), """
                - name: payments
                  version: v1
                  endpoints:
                    - {protocol: http, host: payments.internal, port: 8080, path: /api/*, methods: [GET]}
                  metadata:
                    rateLimit.minute: "10"
                    timeout.read: "%s"
                """.formatted(readTimeout));
    }

    private static List<JsonNode> lines(Path log) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            out.add(new ObjectMapper().readTree(line));
        }
        return out;
    }

    @Test
    void everyWriteIsOneLineWithItsFieldsAndKongsAnswer() throws Exception {
        Path log = dir.resolve("audit/writes.jsonl");
        assertThat(run("run", "--once", "--catalog", catalog("30000").toString(), "--audit-log", log.toString()))
                .isZero();
        List<JsonNode> first = lines(log);
        long writes = kong.writeCount();
        assertThat(first).hasSize((int) writes).isNotEmpty();
        assertThat(first).allSatisfy(n -> {
            assertThat(n.path("operation").asText()).isEqualTo("create");
            assertThat(n.path("cycle").asText()).startsWith("once-");
            assertThat(n.path("time").asText()).isNotBlank();
            assertThat(n.at("/entity/catalog_service").asText()).isIn("payments", "");
            assertThat(n.at("/kong/result").asText()).isEqualTo("ok");
            assertThat(n.path("after").isObject()).isTrue();
        });
        assertThat(first.stream().map(n -> n.at("/entity/type").asText()))
                .contains("service", "route", "plugin", "upstream", "target");
        assertThat(Files.readString(log)).doesNotContain("audit-admin-token");

        // A changed value: one update line with the field before and after; the file is appended to.
        kong.clearRequests();
        assertThat(run("run", "--once", "--catalog", catalog("45000").toString(), "--audit-log", log.toString()))
                .isZero();
        List<JsonNode> all = lines(log);
        List<JsonNode> second = all.subList(first.size(), all.size());
        assertThat(second).hasSize((int) kong.writeCount()).hasSize(1);
        JsonNode update = second.get(0);
        assertThat(update.path("operation").asText()).isEqualTo("update");
        assertThat(update.at("/changes/0/field").asText()).isEqualTo("read_timeout");
        assertThat(update.at("/changes/0/before").asInt()).isEqualTo(30000);
        assertThat(update.at("/changes/0/after").asInt()).isEqualTo(45000);

        // A write Kong refuses says so, with Kong's status.
        kong.faults().failWrite(0, 400);
        run("run", "--once", "--catalog", catalog("50000").toString(), "--audit-log", log.toString());
        kong.faults().clear();
        List<JsonNode> third = lines(log);
        JsonNode refused = third.get(third.size() - 1);
        assertThat(refused.path("operation").asText()).isEqualTo("update");
        assertThat(refused.at("/kong/result").asText()).isEqualTo("failed");
        assertThat(refused.at("/kong/status").asInt()).isEqualTo(400);
    }

    @Test
    void aDryRunWritesNoLineAndAnUnwritableFileIsAUsageError() throws Exception {
        Path log = dir.resolve("dry.jsonl");
        run("run", "--once", "--dry-run", "--catalog", catalog("30000").toString(), "--audit-log", log.toString());
        assertThat(Files.exists(log) ? Files.readAllLines(log) : List.of()).isEmpty();
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        assertThat(run("run", "--once", "--catalog", catalog("30000").toString(), "--audit-log",
                notADir.resolve("x.jsonl").toString())).isEqualTo(ExitCodes.USAGE);
    }
}
