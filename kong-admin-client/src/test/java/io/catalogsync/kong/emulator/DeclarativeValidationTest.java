package io.catalogsync.kong.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DB-less {@code POST /config} rules from kong/db/schema/others/declarative_config.lua (3.4.2) that the
 * transcripts do not show: references resolved before the second validation pass, uniqueness of generated
 * (cache-key) ids, late uniqueness of other unique fields, certificates with nested SNIs, and
 * {@code updated_at} set anew on every load.
 */
class DeclarativeValidationTest {
  private Vertx vertx;
  private KongEmulator kong;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    kong = KongEmulator.start(vertx, EmulatorOptions.dblessDefaults()).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    kong.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> call(String method, String path, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(kong.adminUrl() + path)).timeout(Duration.ofSeconds(5));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode post(String query, String config) throws Exception {
    HttpResponse<String> r = call("POST", "/config" + query, config);
    ObjectNode out = Json.obj().put("status", r.statusCode());
    out.set("body", Json.parse(r.body()));
    return out;
  }

  @Test
  void aResolvableStringReferenceIsNotMissingAPrimaryKeyWhenAnotherEntityFails() throws Exception {
    // One bad port makes the first pass fail. The route names its service by id, the plugin its route by name:
    // both resolve (populate_ids_for_validation), so only the port is reported; the dangling one still fails.
    String config = "{\"_format_version\":\"3.0\",\"services\":[{\"id\":\"7e57ab1e-0000-4000-8000-000000000001\","
        + "\"name\":\"ok\",\"host\":\"ok.internal\"},{\"name\":\"bad\",\"host\":\"b.internal\",\"port\":70000}],"
        + "\"routes\":[{\"name\":\"r\",\"paths\":[\"/r\"],\"service\":\"7e57ab1e-0000-4000-8000-000000000001\"},"
        + "{\"name\":\"orphan\",\"paths\":[\"/o\"],\"service\":\"missing\"}],"
        + "\"plugins\":[{\"name\":\"cors\",\"route\":\"r\"}]}";
    JsonNode r = post("?flatten_errors=1", config);
    assertThat(r.path("status").asInt()).isEqualTo(400);
    JsonNode flat = r.path("body").path("flattened_errors");
    assertThat(flat).hasSize(2);
    assertThat(flat.get(0).path("entity_name").asText()).isEqualTo("bad");
    assertThat(flat.get(0).path("errors").get(0).path("field").asText()).isEqualTo("port");
    assertThat(flat.get(1).path("entity_name").asText()).isEqualTo("orphan");
    assertThat(flat.get(1).path("errors").get(0).path("field").asText()).isEqualTo("service.id");
    assertThat(flat.get(1).path("errors").get(0).path("message").asText()).isEqualTo("missing primary key");

    JsonNode nested = post("", config).path("body").path("fields");
    assertThat(nested.path("routes")).hasSize(2);
    assertThat(nested.path("routes").get(0).isNull()).isTrue();
    assertThat(nested.has("plugins")).isFalse();
  }

  @Test
  void twoPluginsWithTheSameNameOnOneServiceAreRefused() throws Exception {
    // plugins.lua cache_key {name, route, service, consumer}: both get the same generated id, and the second
    // is a primary-key uniqueness violation, filed at its position in its own (nested) list.
    String config = "{\"_format_version\":\"3.0\",\"services\":[{\"name\":\"s\",\"host\":\"s.internal\","
        + "\"plugins\":[{\"name\":\"cors\"},{\"name\":\"cors\",\"config\":{\"max_age\":5}}]}]}";
    JsonNode r = post("", config);
    assertThat(r.path("status").asInt()).isEqualTo(400);
    JsonNode plugins = r.path("body").path("fields").path("plugins");
    assertThat(plugins).hasSize(2);
    assertThat(plugins.get(0).isNull()).isTrue();
    assertThat(plugins.get(1).asText()).startsWith("uniqueness violation: 'plugins' entity with primary key set to '")
        .endsWith("' already declared");
    assertThat(r.path("body").path("message").asText()).startsWith("declarative config is invalid: {plugins=");
    // flattened, uniqueness errors are lost as Kong loses them
    assertThat(post("?flatten_errors=1", config).path("body").path("flattened_errors").isObject()).isTrue();
    // the same plugin name on two different routes is fine
    String two = "{\"_format_version\":\"3.0\",\"services\":[{\"name\":\"s\",\"host\":\"s.internal\",\"routes\":["
        + "{\"name\":\"a\",\"paths\":[\"/a\"],\"plugins\":[{\"name\":\"cors\"}]},"
        + "{\"name\":\"b\",\"paths\":[\"/b\"],\"plugins\":[{\"name\":\"cors\"}]}]}]}";
    assertThat(post("", two).path("status").asInt()).isEqualTo(201);
  }

  @Test
  void otherUniqueFieldsAreCheckedAfterReferences() throws Exception {
    String config = "{\"_format_version\":\"3.0\",\"consumers\":[{\"username\":\"a\",\"custom_id\":\"x\"},"
        + "{\"username\":\"b\",\"custom_id\":\"x\"}]}";
    JsonNode r = post("", config);
    assertThat(r.path("status").asInt()).isEqualTo(400);
    assertThat(r.path("body").path("fields").path("consumers").path("b").asText())
        .isEqualTo("uniqueness violation: 'consumers' entity with custom_id set to 'x' already declared");
  }

  @Test
  void certificatesWithNestedSnisLoadAndExportAndUpdatedAtIsSetAnew() throws Exception {
    String config = "{\"_format_version\":\"3.0\",\"certificates\":[{\"id\":\"7e57ab1e-0000-4000-8000-0000000000c1\","
        + "\"cert\":\"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n\","
        + "\"key\":\"-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\\n\",\"tags\":[\"tls\"],"
        + "\"created_at\":1700000000,\"updated_at\":1700000000,\"snis\":[{\"name\":\"*.example.com\"}]}],"
        + "\"snis\":[{\"name\":\"api.example.com\",\"certificate\":\"7e57ab1e-0000-4000-8000-0000000000c1\"}]}";
    JsonNode r = post("", config);
    assertThat(r.path("status").asInt()).as("%s", r).isEqualTo(201);
    assertThat(r.path("body").path("snis")).hasSize(2);
    JsonNode cert = r.path("body").path("certificates").path("7e57ab1e-0000-4000-8000-0000000000c1");
    assertThat(cert.path("created_at").asLong()).isEqualTo(1700000000L);
    assertThat(cert.path("updated_at").asLong()).isNotEqualTo(1700000000L);

    String yaml = Json.parse(call("GET", "/config", null).body()).path("config").asText();
    JsonNode exported = Lyaml.parse(yaml);
    assertThat(exported.path("certificates")).hasSize(1);
    assertThat(exported.path("snis")).hasSize(2).allSatisfy(s ->
        assertThat(s.path("certificate").asText()).isEqualTo("7e57ab1e-0000-4000-8000-0000000000c1"));

    // an SNI naming a certificate that is not declared
    JsonNode bad = post("", "{\"_format_version\":\"3.0\",\"snis\":[{\"name\":\"x.example.com\","
        + "\"certificate\":\"7e57ab1e-0000-4000-8000-0000000000c2\"}]}");
    assertThat(bad.path("status").asInt()).isEqualTo(400);
    assertThat(bad.path("body").path("fields").path("snis").path("x.example.com").get(0).asText())
        .isEqualTo("invalid reference 'certificate: 7e57ab1e-0000-4000-8000-0000000000c2' (no such entry in "
            + "'certificates')");
  }

  @Test
  void basicAuthPasswordsAreHashedUnlessTransformIsFalse() throws Exception {
    String config = "{\"_format_version\":\"3.0\",\"consumers\":[{\"id\":\"7e57ab1e-0000-4000-8000-0000000000a1\","
        + "\"username\":\"a\",\"basicauth_credentials\":[{\"username\":\"a\",\"password\":\"pw\"}]}]}";
    JsonNode loaded = post("", config).path("body").path("basicauth_credentials");
    String hash = AdminApi.sha1("pw" + "7e57ab1e-0000-4000-8000-0000000000a1");
    assertThat(loaded.elements().next().path("password").asText()).isEqualTo(hash);

    // The export says _transform: false; loading it back keeps the hash as it is.
    String yaml = Json.parse(call("GET", "/config", null).body()).path("config").asText();
    ObjectNode exported = (ObjectNode) Lyaml.parse(yaml);
    assertThat(exported.path("_transform").asBoolean(true)).isFalse();
    JsonNode again = post("", Json.write(exported)).path("body").path("basicauth_credentials");
    assertThat(again.elements().next().path("password").asText()).isEqualTo(hash);
  }
}
