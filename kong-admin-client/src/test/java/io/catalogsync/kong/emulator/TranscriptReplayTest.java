package io.catalogsync.kong.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every exchange recorded from a real Kong 3.4.2 and 3.9.3 (test resources
 * {@code kong-transcripts/3.4.2/} and {@code 3.9.3/}) against a fresh emulator per file, of the file's
 * {@code kong_version} and mode, in order, and compares status, Content-Type and body with the recorder's
 * normalisation applied to the emulator's answer (GET / reduced, lists the recorder sorted compared as
 * multisets, GET /config's YAML compared as a parsed tree).
 */
class TranscriptReplayTest {
  /** Exchanges the emulator deliberately does not reproduce: "folder/file#index" -> why. */
  static final Map<String, String> SKIPS = Map.of();

  /**
   * Exchanges where real Kong itself answers two ways from one run to the next: "folder/file#index" -> the
   * other answer, made from the recorded one. Either is accepted.
   */
  static final Map<String, UnaryOperator<JsonNode>> OTHER_ANSWER = Map.of(
      // 3.9.3/README.md: GET /schemas/routes has hosts.elements with or without len_min: 1, required: true
      "3.9.3/schemas#3", TranscriptReplayTest::toggleRouteHostsElementCheck);

  /** The recordings replayed; each file's {@code kong_version} picks the emulator's version. */
  static final List<String> FOLDERS = List.of("3.4.2", "3.9.3");

  private static Vertx vertx;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @TestFactory
  Stream<DynamicTest> replayEveryTranscript() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (String folder : FOLDERS) {
      List<Path> files = KongTranscripts.files(folder);
      assertThat(files).as("transcript files of %s", folder).isNotEmpty();
      files.forEach(f -> tests.add(DynamicTest.dynamicTest(folder + "/" + f.getFileName(), () -> replay(f))));
    }
    return tests.stream();
  }

  /**
   * The defaults in the schemas real Kong answered ({@code GET /schemas/...} in {@code schemas.json}) are the ones the
   * emulator serves, field by field: the differ completes the desired state with them, so a wrong default here is a
   * phantom diff (or a missed drift) there. Descriptions, field order and entity checks are not compared: 3.9.3's
   * documents differ from the emulator's in those (the replay of 3.9.3's files is another change).
   */
  @ParameterizedTest(name = "Kong {0}")
  @ValueSource(strings = {"3.4.2", "3.9.3"})
  void schemaDefaultsAreKongs(String version) throws Exception {
    Path schemas = KongTranscripts.files(version).stream()
        .filter(f -> f.getFileName().toString().equals("schemas.json")).findFirst().orElseThrow();
    JsonNode doc = Json.MAPPER.readTree(Files.readAllBytes(schemas));
    KongEmulator emulator = KongEmulator.start(vertx, EmulatorOptions.defaults().withVersion(version))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    List<String> failures = new ArrayList<>();
    int compared = 0;
    try {
      for (JsonNode ex : doc.path("exchanges")) {
        String path = ex.path("request").path("path").asText();
        if (!ex.path("request").path("method").asText().equals("GET") || ex.path("response").path("status").asInt() != 200) {
          continue;
        }
        HttpResponse<String> resp = HTTP.send(HttpRequest.newBuilder(URI.create(emulator.adminUrl() + path)).GET()
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> real = new TreeMap<>();
        Map<String, String> emulated = new TreeMap<>();
        defaults(ex.path("response").path("body").path("fields"), "", real);
        defaults(Json.MAPPER.readTree(resp.body()).path("fields"), "", emulated);
        for (Map.Entry<String, String> f : real.entrySet()) {
          compared++;
          if (!emulated.containsKey(f.getKey())) {
            failures.add(path + " " + f.getKey() + ": missing in the emulator (Kong: " + f.getValue() + ")");
          } else if (!emulated.get(f.getKey()).equals(f.getValue())) {
            failures.add(path + " " + f.getKey() + ": Kong " + f.getValue() + ", emulator " + emulated.get(f.getKey()));
          }
        }
      }
    } finally {
      emulator.close();
    }
    assertThat(compared).isGreaterThan(40);
    assertThat(failures).as("schema defaults of Kong %s", version).isEmpty();
  }

  /** Dotted field path -> its default as JSON ("none" without one; auto fields marked), records recursed into. */
  private static void defaults(JsonNode fields, String prefix, Map<String, String> out) {
    for (JsonNode f : fields) {
      f.fields().forEachRemaining(e -> {
        String path = prefix + e.getKey();
        JsonNode spec = e.getValue();
        if (spec.path("fields").isArray()) {
          defaults(spec.path("fields"), path + ".", out);
        } else {
          out.put(path, spec.path("auto").asBoolean(false) ? "auto"
              : spec.has("default") ? spec.get("default").toString() : "none");
        }
      });
    }
  }

  private void replay(Path file) throws Exception {
    JsonNode doc = Json.MAPPER.readTree(Files.readAllBytes(file));
    String name = file.getFileName().toString().replace(".json", "");
    String folder = file.getParent().getFileName().toString();
    boolean dbless = "dbless".equals(doc.path("mode").asText());
    EmulatorOptions options = (dbless ? EmulatorOptions.dblessDefaults() : EmulatorOptions.defaults())
        .withVersion(doc.path("kong_version").asText(EmulatorOptions.DEFAULT_VERSION));
    KongEmulator emulator = KongEmulator.start(vertx, options).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    TranscriptMatcher matcher = new TranscriptMatcher();
    List<String> failures = new ArrayList<>();
    int passed = 0;
    int skipped = 0;
    try {
      JsonNode exchanges = doc.path("exchanges");
      for (int i = 0; i < exchanges.size(); i++) {
        JsonNode ex = exchanges.get(i);
        String id = folder + "/" + name + "#" + i;
        if (SKIPS.containsKey(id)) {
          skipped++;
          continue;
        }
        List<String> problems = exchange(emulator, matcher, ex, OTHER_ANSWER.get(id));
        if (problems.isEmpty()) {
          passed++;
        } else {
          failures.add("exchange " + i + " (" + ex.path("note").asText() + ")\n    "
              + ex.path("request").path("method").asText() + " " + ex.path("request").path("path").asText()
              + "\n    " + String.join("\n    ", problems));
        }
      }
      System.out.println("replay " + folder + "/" + name + ": " + passed + "/" + exchanges.size() + " passed, " + skipped
          + " skipped");
    } finally {
      emulator.close();
    }
    assertThat(failures).as("exchanges of %s/%s that differ from real Kong", folder, name).isEmpty();
  }

  /** Sends one recorded request to the emulator and lists how its answer differs from Kong's (none: equal). */
  static List<String> exchange(KongEmulator emulator, TranscriptMatcher matcher, JsonNode ex,
      UnaryOperator<JsonNode> otherAnswer) throws Exception {
    return exchange(emulator, matcher, ex, otherAnswer, false);
  }

  /** A daemon-traffic exchange ({@code daemonRecording}, see below) with one answer only. */
  static List<String> exchange(KongEmulator emulator, TranscriptMatcher matcher, JsonNode ex, boolean daemonRecording)
      throws Exception {
    return exchange(emulator, matcher, ex, null, daemonRecording);
  }

  /**
   * As above; {@code daemonRecording} applies the extra normalisation of the daemon-traffic folders (their
   * README): every {@code data} list compared as a multiset (the replay cannot reproduce the ids, so neither
   * Kong's primary-key order), {@code GET /} with {@code plugins.enabled_in_cluster} sorted, {@code GET /status}
   * with {@code memory} as "<memory>", {@code GET /config} read by a real YAML parser.
   */
  static List<String> exchange(KongEmulator emulator, TranscriptMatcher matcher, JsonNode ex,
      UnaryOperator<JsonNode> otherAnswer, boolean daemonRecording) throws Exception {
    JsonNode req = ex.path("request");
    JsonNode res = ex.path("response");
    String note = ex.path("note").asText();
    List<String> unbound = new ArrayList<>();
    String path = matcher.substitute(req.path("path").asText(), unbound);
    StringBuilder query = new StringBuilder();
    if (req.path("query").isObject()) {
      req.path("query").fields().forEachRemaining(e -> {
        query.append(query.length() == 0 ? "?" : "&").append(encode(e.getKey())).append('=')
            .append(encode(matcher.substitute(e.getValue().asText(), unbound)));
      });
    }
    JsonNode body = req.get("body");
    String bodyText = null;
    if (body != null && !body.isNull()) {
      bodyText = body.isTextual() ? matcher.substitute(body.asText(), unbound)
          : Json.write(matcher.substitute(body, unbound));
    }
    if (!unbound.isEmpty()) {
      return List.of("request uses placeholders never bound before: " + unbound);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.adminUrl() + path + query))
        .timeout(Duration.ofSeconds(10));
    String ct = req.path("headers").path("Content-Type").asText(null);
    if (ct != null) {
      b.header("Content-Type", ct);
    }
    b.method(req.path("method").asText(), bodyText == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(bodyText, StandardCharsets.UTF_8));
    HttpResponse<String> got = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

    List<String> problems = new ArrayList<>();
    int status = res.path("status").asInt();
    if (got.statusCode() != status) {
      problems.add("status: expected " + status + " but the emulator answered " + got.statusCode() + " "
          + TranscriptMatcher.brief(Json.F.textNode(got.body())));
      return problems;
    }
    String expectedCt = res.path("headers").path("Content-Type").asText(null);
    String actualCt = got.headers().firstValue("Content-Type").orElse(null);
    if (expectedCt != null ? !expectedCt.equals(actualCt) : actualCt != null) {
      problems.add("Content-Type: expected " + expectedCt + " but got " + actualCt);
    }
    JsonNode expected = res.get("body");
    if (expected == null || expected.isNull()) {
      if (!got.body().isEmpty()) {
        problems.add("body: expected none but got " + TranscriptMatcher.brief(Json.F.textNode(got.body())));
      }
      return problems;
    }
    if (expected.isTextual()) {
      if (!expected.asText().equals(got.body())) {
        problems.add("body: expected " + expected + " but got " + Json.F.textNode(got.body()));
      }
      return problems;
    }
    JsonNode actual;
    try {
      actual = Json.parse(got.body());
    } catch (IOException e) {
      problems.add("body is not JSON: " + TranscriptMatcher.brief(Json.F.textNode(got.body())));
      return problems;
    }
    String method = req.path("method").asText();
    if (method.equals("GET") && path.equals("/") && actual.isObject()) {
      actual = reduceRoot(actual);
      if (daemonRecording && actual.path("plugins").path("enabled_in_cluster").isArray()) {
        TreeSet<String> enabled = new TreeSet<>();
        actual.path("plugins").path("enabled_in_cluster").forEach(n -> enabled.add(n.asText()));
        ArrayNode sorted = ((ObjectNode) actual.get("plugins")).putArray("enabled_in_cluster");
        enabled.forEach(sorted::add);
      }
    }
    if (daemonRecording && method.equals("GET") && path.equals("/status") && actual.has("memory")) {
      ((ObjectNode) actual).put("memory", "<memory>");
    }
    boolean sortedData = daemonRecording || note.contains("sorted `data`") || note.contains("sorted rows");
    boolean sortedList = note.contains("sorted the list");
    Predicate<String> unordered = p -> sortedData && p.equals("$.data") || sortedList && p.equals("$.enabled_plugins");
    if (method.equals("GET") && path.equals("/config") && expected.path("config").isTextual()
        && actual.path("config").isTextual()) {
      if (daemonRecording) {
        // The daemon's configuration holds multi-line Lua (block scalars) whose blank lines the recorder dropped:
        // both documents are read as Kong reads them (Lyaml, on SnakeYAML) and compared as typed trees.
        try {
          // The recorded YAML has no empty line inside its block scalars although the Lua the daemon posted
          // (3.4.2-daemon daemon-dbless #68, #106) has them: compare multi-line strings without empty lines.
          JsonNode e = withoutEmptyLines(Lyaml.parse(expected.get("config").asText()));
          JsonNode a = withoutEmptyLines(Lyaml.parse(actual.get("config").asText()));
          if (!matcher.match(e, a, "$.config", p -> p.matches("\\$\\.config\\.[a-z_]+"))) {
            problems.addAll(matcher.diffs());
          }
        } catch (Lyaml.YamlException ye) {
          problems.add("config YAML does not parse: " + ye.getMessage());
        }
        matcher.diffs().clear();
        return problems;
      }
      try {
        JsonNode e = Lyaml.parseRaw(expected.get("config").asText());
        JsonNode a = Lyaml.parseRaw(actual.get("config").asText());
        // the recorder sorted keys and the items of each top-level list: compare those as sets
        matcher.rawScalars(true);
        try {
          if (!matcher.match(e, a, "$.config", p -> p.matches("\\$\\.config\\.[a-z_]+"))) {
            problems.addAll(matcher.diffs());
          }
        } finally {
          matcher.rawScalars(false);
        }
      } catch (Lyaml.YamlException ye) {
        problems.add("config YAML does not parse: " + ye.getMessage());
      }
      matcher.diffs().clear();
      return problems;
    }
    if ("<memory>".equals(expected.path("memory").asText(null)) && actual.has("memory")) {
      // the daemon recordings replace GET /status memory as a whole (3.4.2-daemon/README.md)
      ((ObjectNode) actual).put("memory", "<memory>");
    }
    if (actual.path("memory").path("workers_lua_vms").isArray() && expected.path("memory").path("workers_lua_vms").isArray()) {
      // one entry per nginx worker: it describes the recording host, not Kong (3.9.3/README.md); compare each
      // entry of the emulator's answer with the first recorded one
      JsonNode oneWorker = expected.path("memory").path("workers_lua_vms").path(0);
      ArrayNode same = Json.arr();
      actual.path("memory").path("workers_lua_vms").forEach(w -> same.add(oneWorker));
      expected = expected.deepCopy();
      ((ObjectNode) expected.get("memory")).set("workers_lua_vms", same);
    }
    if (!matcher.match(expected, actual, "$", unordered)) {
      List<String> first = new ArrayList<>(matcher.diffs());
      matcher.diffs().clear();
      if (otherAnswer == null || !matcher.match(otherAnswer.apply(expected.deepCopy()), actual, "$", unordered)) {
        problems.addAll(first);
        if (otherAnswer != null) {
          problems.add("nor does it match Kong's other answer: " + matcher.diffs());
        }
      }
    }
    matcher.diffs().clear();
    return problems;
  }

  private static JsonNode withoutEmptyLines(JsonNode n) {
    if (n.isTextual() && n.asText().contains("\n")) {
      return Json.F.textNode(n.asText().replaceAll("\n[ \t]*(?=\n)", ""));
    }
    if (n.isObject()) {
      ObjectNode out = Json.obj();
      n.fields().forEachRemaining(f -> out.set(f.getKey(), withoutEmptyLines(f.getValue())));
      return out;
    }
    if (n.isArray()) {
      ArrayNode out = Json.arr();
      n.forEach(c -> out.add(withoutEmptyLines(c)));
      return out;
    }
    return n;
  }

  /** The recorder's reduction of GET / (see the transcripts README). */
  private static JsonNode reduceRoot(JsonNode full) {
    ObjectNode out = Json.obj();
    out.set("version", full.get("version"));
    if (full.has("edition")) {
      out.set("edition", full.get("edition"));
    }
    out.set("tagline", full.get("tagline"));
    ObjectNode conf = out.putObject("configuration");
    conf.set("database", full.path("configuration").get("database"));
    conf.set("router_flavor", full.path("configuration").get("router_flavor"));
    ObjectNode plugins = out.putObject("plugins");
    ArrayNode names = plugins.putArray("available_on_server");
    new TreeSet<String>(iterable(full.path("plugins").path("available_on_server").fieldNames())).forEach(names::add);
    plugins.set("enabled_in_cluster", full.path("plugins").get("enabled_in_cluster"));
    return out;
  }

  /** Kong's other answer to GET /schemas/routes: hosts.elements with {@code len_min: 1, required: true} toggled. */
  static JsonNode toggleRouteHostsElementCheck(JsonNode schema) {
    for (JsonNode f : schema.path("fields")) {
      if (f.has("hosts")) {
        ObjectNode elements = (ObjectNode) f.get("hosts").get("elements");
        if (elements.has("len_min")) {
          elements.remove("len_min");
          elements.remove("required");
        } else {
          elements.put("len_min", 1).put("required", true);
        }
      }
    }
    return schema;
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  /** The recorder's encoding: URL-encoded, leaving {@code , / :} as they are. */
  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2C", ",").replace("%2F", "/")
        .replace("%3A", ":");
  }
}
