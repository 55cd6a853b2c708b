package io.catalogsync.kong.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DB-less {@code POST /config} with a YAML body ({@code Content-Type: text/yaml}): the YAML Kong accepts loads,
 * and YAML Kong rejects is reported in lyaml's words ({@code LINE:COLUMN: libyaml problem}, the position being
 * the start of the last event lyaml received). The expected texts were computed with libyaml 0.2.5 itself:
 * PyYAML's CParser gives libyaml's {@code problem}, and the position is the start mark of the last event
 * {@code yaml.parse(text, Loader=yaml.CLoader)} yielded before raising (lyaml/init.lua {@code parse}); the
 * first case is also recorded from real Kong (kong-transcripts/3.9.3/dbless-config.json, exchange 42).
 */
class DeclarativeYamlTest {
  private static Vertx vertx;
  private static KongEmulator kong;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    kong = KongEmulator.start(vertx, EmulatorOptions.dblessDefaults()).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    kong.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static HttpResponse<String> send(String method, String path, String yaml) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(kong.adminUrl() + path)).timeout(Duration.ofSeconds(30));
    if (yaml != null) {
      b.header("Content-Type", "text/yaml");
    }
    b.method(method, yaml == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(yaml));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static Stream<Arguments> invalidYaml() {
    return Stream.of(
        Arguments.of("services: [unclosed\n", "1:12: did not find expected ',' or ']'"),
        Arguments.of("services: {name: a\n", "1:18: did not find expected ',' or '}'"),
        Arguments.of("services:\n  - name: a\n    plugins:\n      - name: cors\n   config: {}\n", "5:4: did not find expected '-' indicator"),
        Arguments.of("services:\n- name: a\n  host: b\n - name: c\n", "4:2: did not find expected key"),
        Arguments.of("a: b\n- c\n", "1:4: did not find expected key"),
        Arguments.of("a: b: c\n", "1:4: mapping values are not allowed in this context"),
        Arguments.of("services:\n\t- name: a\n", "1:1: found character that cannot start any token"),
        Arguments.of("name: \"unterminated\n", "1:1: found unexpected end of stream"),
        Arguments.of("name: 'unterminated\n", "1:1: found unexpected end of stream"),
        Arguments.of("name: \"bad \\q escape\"\n", "1:1: found unknown escape character"),
        Arguments.of("a: !foo!bar x\n", "1:1: found undefined tag handle"),
        Arguments.of("a: b\nc\n", "1:4: could not find expected ':'"),
        Arguments.of("a: b\nc\nd: e\n", "1:4: could not find expected ':'"),
        Arguments.of("- a\nb: c\n", "1:3: did not find expected '-' indicator"),
        Arguments.of("a: [b, c]]\n", "1:9: did not find expected key"),
        Arguments.of("a:\n  - b\n  c: d\n", "2:5: did not find expected '-' indicator"),
        Arguments.of("? a\n? b\n- c\n", "3:1: did not find expected key"),
        Arguments.of("a: @x\n", "1:1: found character that cannot start any token"),
        Arguments.of("a: `x\n", "1:1: found character that cannot start any token"),
        Arguments.of("a: b\n--- x\n...\n- y: [\n", "3:1: did not find expected <document start>"),
        Arguments.of("a: \u0001\n", "0:0: control characters are not allowed"),
        Arguments.of("key: value\n  other: x\n", "1:6: mapping values are not allowed in this context"),
        Arguments.of("list:\n  - a\n  -b: c\n - d\n", "2:5: did not find expected '-' indicator"),
        Arguments.of("{a: 1\n", "1:5: did not find expected ',' or '}'"),
        Arguments.of("[a, b\n", "1:5: did not find expected ',' or ']'"),
        Arguments.of("a: |\n  x\n y: z\n", "1:4: did not find expected key"),
        Arguments.of("a:\n  b: c\n d: e\n", "3:2: did not find expected key"),
        Arguments.of("a: 'x' y\n", "1:4: did not find expected key"),
        // lyaml's own check, after libyaml delivered the alias event
        Arguments.of("a: *nope\n", "1:4: invalid reference: nope"));
  }

  @ParameterizedTest
  @MethodSource("invalidYaml")
  void invalidYamlIsReportedInLibyamlsWordsAtLyamlsPosition(String yaml, String error) throws Exception {
    HttpResponse<String> r = send("POST", "/config", yaml);
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = Json.parse(r.body());
    String expected = "failed parsing declarative configuration: " + error;
    assertThat(body.path("fields").path("error").asText()).isEqualTo(expected);
    assertThat(body.path("name").asText()).isEqualTo("invalid declarative configuration");
  }

  @Test
  void aDocumentThatIsNoTableIsAParseFailure() throws Exception {
    // kong/db/declarative/parse.lua: lyaml.load returned no table -> "expected an object", reported as a parse
    // failure (spec/02-integration/04-admin_api/15-off_spec.lua "returns 400 on an invalid config string")
    HttpResponse<String> r = send("POST", "/config", "bobby tables");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.parse(r.body()).path("fields").path("error").asText())
        .isEqualTo("failed parsing declarative configuration: expected an object");
  }

  @Test
  void yamlKongAcceptsLoads() throws Exception {
    // Everything here is valid YAML that libyaml reads: document markers, comments, a flow list over two
    // lines, a folded and a literal block, anchors and aliases, a merge key, a quoted key, a duplicate key
    // (the later value wins, as in the Lua table lyaml builds), YAML 1.1 scalars that lyaml types.
    String yaml = """
        %YAML 1.1
        ---
        _format_version: "3.0" # a comment after a quoted scalar
        services:
        - &base
          name: first
          host: first.internal
          port: 0x50
          retries: 010
          tags: [managed-by:x,
                 "catalog-service:first"]
          enabled: yes
          routes:
          - name: r1
            paths: [/one]
            strip_path: off
        - <<: *base
          name: second
          'host': second.internal
          host: second.example
          read_timeout: 1:00
          routes:
          - name: r2
            paths:
            - /two
          plugins:
          - name: pre-function
            config:
              access:
              - |
                return function()

                  kong.log.info("hi")
                end
        ...
        """;
    HttpResponse<String> r = send("POST", "/config", yaml);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode first = Json.parse(send("GET", "/services/first", null).body());
    assertThat(first.path("port").asInt()).isEqualTo(80);
    assertThat(first.path("retries").asInt()).isEqualTo(8);
    assertThat(first.path("tags").toString()).isEqualTo("[\"managed-by:x\",\"catalog-service:first\"]");
    assertThat(first.path("enabled").asBoolean(false)).isTrue();
    JsonNode second = Json.parse(send("GET", "/services/second", null).body());
    assertThat(second.path("host").asText()).isEqualTo("second.example");
    assertThat(second.path("port").asInt()).isEqualTo(80);
    assertThat(second.path("read_timeout").asInt()).isEqualTo(60);
    JsonNode r1 = Json.parse(send("GET", "/routes/r1", null).body());
    assertThat(r1.path("strip_path").asBoolean(true)).isFalse();
    JsonNode plugins = Json.parse(send("GET", "/plugins", null).body()).path("data");
    assertThat(plugins.get(0).path("config").path("access").get(0).asText())
        .isEqualTo("return function()\n\n  kong.log.info(\"hi\")\nend\n");
  }
}
