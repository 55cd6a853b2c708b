package io.catalogsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.KongEmulator;
import io.catalogsync.sync.TestPaths;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code dump} shows what Kong holds for the owner tag; {@code dump --all} everything, in both Kong modes. */
class DumpCommandTest {

    private Vertx vertx;
    private KongEmulator kong;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        if (kong != null) {
            kong.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, Map.of("KCS_KONG_ADMIN_URL", kong.adminUrl()), new PrintWriter(out),
                new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static List<String> names(JsonNode doc, String collection) {
        List<String> names = new ArrayList<>();
        doc.path(collection).forEach(n -> names.add(n.path("name").asText()));
        return names;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void dumpShowsTheOwnedStateAndAllShowsTheRest(boolean dbless) throws Exception {
        kong = KongEmulator.start(vertx, dbless ? EmulatorOptions.dblessDefaults() : EmulatorOptions.defaults())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest handmade = dbless
                ? HttpRequest.newBuilder(URI.create(kong.adminUrl() + "/config")).header("Content-Type",
                        "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"_format_version\":\"3.0\","
                        + "\"services\":[{\"name\":\"handmade\",\"url\":\"http://10.9.9.9:80\"}]}")).build()
                : HttpRequest.newBuilder(URI.create(kong.adminUrl() + "/services")).header("Content-Type",
                        "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"handmade\",\"url\":\"http://10.9.9.9:80\"}")).build();
        assertThat(http.send(handmade, HttpResponse.BodyHandlers.ofString()).statusCode()).isIn(200, 201);
        Run sync = run("run", "--once", "--catalog", TestPaths.exampleCatalog().toString());
        assertThat(sync.code()).as(sync.out() + sync.err()).isZero();

        Run owned = run("dump");
        assertThat(owned.code()).as(owned.err()).isZero();
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(owned.out());
        assertThat(doc.path("_format_version").asText()).isEqualTo("3.0");
        assertThat(doc.at("/_info/select_tags/0").asText()).isEqualTo("managed-by:kong-catalog-sync");
        assertThat(names(doc, "services")).isNotEmpty().doesNotContain("handmade").contains("orders~api.v1");
        assertThat(names(doc, "upstreams")).isNotEmpty();
        assertThat(doc.path("services")).allSatisfy(s -> assertThat(s.path("tags").toString())
                .contains("managed-by:kong-catalog-sync"));

        Run everything = run("dump", "--all", "--format", "json");
        assertThat(everything.code()).as(everything.err()).isZero();
        JsonNode all = new ObjectMapper().readTree(everything.out());
        assertThat(names(all, "services")).contains("handmade").containsAll(names(doc, "services"));
    }
}
