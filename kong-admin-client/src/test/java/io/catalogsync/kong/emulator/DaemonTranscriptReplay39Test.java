package io.catalogsync.kong.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.vertx.core.Vertx;
import java.net.URI;
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
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every request kong-catalog-sync sent to a real Kong 3.9.3 ({@code kong-transcripts/3.9.3-daemon/}:
 * DB mode, DB-less, and DB-less holding untagged entities) against the emulator in 3.9.3 mode, in order, and
 * compares each answer with Kong's. The DB-less recordings start from a configuration that was loaded first and
 * not recorded (3.9.3-daemon/README.md): it is loaded here before the replay.
 */
class DaemonTranscriptReplay39Test {
  static final String FOLDER = "3.9.3-daemon";

  /**
   * The configuration each recording starts from ({@code null}: an empty Kong). daemon-dbless.json starts from an
   * empty DB-less Kong (3.9.3-daemon/README.md; unlike 3.4.2-daemon's, which starts from the handmade one).
   */
  static final String HANDMADE = "{\"_format_version\":\"3.0\",\"services\":[{\"name\":\"handmade\","
      + "\"url\":\"http://10.9.9.9:80\",\"routes\":[{\"name\":\"handmade-r\",\"paths\":[\"/hand\"]}]}],"
      + "\"consumers\":[{\"username\":\"alice\",\"keyauth_credentials\":[{\"key\":\"alice-secret-key\"}]}]}";
  static final Map<String, String> START = Map.of("daemon-dbless-untagged", HANDMADE);

  /**
   * Kong-generated secrets the recorder left as they were inside a string-encoded {@code {"config": "..."}}
   * request body and in GET /config's YAML (it normalised JSON values only): file -> literal -> the placeholder
   * it stands for. Here the daemon sent back the oauth2 provision_key Kong had generated (exchange 68's answer,
   * {@code <secret:1>}).
   */
  static final Map<String, Map<String, String>> UNNORMALISED = Map.of(
      "daemon-dbless", Map.of("uCNjgkma39JDfPLb3kBlWjBJCrM0Inoj", "<secret:1>"));

  /** The IPv6 target: Kong stores it expanded (3.4.2-daemon/README.md); helper routing's branch fixes that. */
  static final String IPV6 = "the emulator does not yet expand IPv6 targets as Kong does (fixed on branch h-routing)";
  /** The 137-character upstream name Kong accepts; helper routing's branch fixes that. */
  static final String LONG_UPSTREAM = "the emulator refuses the 137-character upstream name Kong accepts (fixed on "
      + "branch h-routing); in DB-less mode the whole configuration is refused, and every later answer differs";

  /**
   * Exchanges the emulator does not reproduce yet, sent but not compared: "file#index" -> why. Both causes belong to another branch;
   * with a local stand-in for the long-name fix, only the IPV6 ones still differ (daemon-db 175/179,
   * daemon-dbless 119/122). Empty this once h-routing is merged.
   */
  static final Map<String, String> SKIPS = skips();

  private static Map<String, String> skips() {
    Map<String, String> m = new java.util.HashMap<>();
    for (int i : new int[] {75, 97, 120, 132, 135, 147, 166, 177}) {
      m.put("daemon-db#" + i, LONG_UPSTREAM);
    }
    for (int i : new int[] {86, 129, 144, 174}) {
      m.put("daemon-db#" + i, IPV6);
    }
    for (int i = 68; i <= 121; i++) {
      if (i != 69 && i != 100 && i != 101) {
        m.put("daemon-dbless#" + i, LONG_UPSTREAM);
      }
    }
    return Map.copyOf(m);
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @TestFactory
  Stream<DynamicTest> replayEveryDaemonTranscript() {
    List<Path> files = KongTranscripts.files(FOLDER).stream()
        .filter(f -> f.getFileName().toString().startsWith("daemon-")).toList();
    assertThat(files).as("daemon transcripts").hasSize(3);
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> replay(f)));
  }

  private void replay(Path file) throws Exception {
    JsonNode doc = Json.MAPPER.readTree(Files.readAllBytes(file));
    String name = file.getFileName().toString().replace(".json", "");
    assertThat(doc.path("kong_version").asText()).isEqualTo("3.9.3");
    boolean dbless = "dbless".equals(doc.path("mode").asText());
    EmulatorOptions options = (dbless ? EmulatorOptions.dblessDefaults() : EmulatorOptions.defaults())
        .withVersion(doc.path("kong_version").asText());
    KongEmulator emulator = KongEmulator.start(vertx, options).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    TranscriptMatcher matcher = new TranscriptMatcher();
    List<String> failures = new ArrayList<>();
    int passed = 0;
    int skipped = 0;
    try {
      String start = START.get(name);
      if (start != null) {
        HttpResponse<String> loaded = HTTP.send(HttpRequest.newBuilder(URI.create(emulator.adminUrl() + "/config"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(start, StandardCharsets.UTF_8)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(loaded.statusCode()).as("loading the starting configuration: %s", loaded.body()).isEqualTo(201);
      }
      JsonNode exchanges = doc.path("exchanges");
      for (int i = 0; i < exchanges.size(); i++) {
        JsonNode ex = exchanges.get(i);
        ex = normalise(ex, UNNORMALISED.getOrDefault(name, Map.of()));
        bindIdsTheDaemonChose(matcher, ex.path("request"));
        // Kong lists by primary key: the ids here are the replay's stand-ins for the daemon's, so order means nothing
        List<String> problems = TranscriptReplayTest.exchange(emulator, matcher, ex, null, true);
        if (SKIPS.containsKey(name + "#" + i)) {
          // still sent, so that the emulator's state and the placeholders follow the recording
          skipped++;
        } else if (problems.isEmpty()) {
          passed++;
        } else {
          failures.add("exchange " + i + ": " + ex.path("request").path("method").asText() + " "
              + ex.path("request").path("path").asText() + " " + ex.path("request").path("query") + "\n    "
              + String.join("\n    ", problems));
        }
      }
      System.out.println("replay " + FOLDER + "/" + name + ": " + passed + "/" + exchanges.size() + " passed, "
          + skipped + " skipped");
    } finally {
      emulator.close();
    }
    assertThat(failures).as("exchanges of %s/%s that differ from real Kong", FOLDER, name).isEmpty();
  }

  /** Puts placeholders where the recorder left literals: the request's and the answer's {@code config} string. */
  private static JsonNode normalise(JsonNode ex, Map<String, String> literals) {
    if (literals.isEmpty()) {
      return ex;
    }
    JsonNode copy = ex.deepCopy();
    for (String side : List.of("request", "response")) {
      JsonNode body = copy.path(side).path("body");
      if (body.path("config").isTextual()) {
        String config = body.get("config").asText();
        for (Map.Entry<String, String> e : literals.entrySet()) {
          config = config.replace(e.getKey(), e.getValue());
        }
        ((ObjectNode) body).put("config", config);
      }
    }
    return copy;
  }

  /**
   * The daemon picks the ids of the entities it creates and asks for them before they exist
   * ({@code GET /services/<uuid:services:1>} answered 404): an id placeholder first seen in a request is bound
   * to a fresh UUID, which plays the daemon's choice from then on.
   */
  private static void bindIdsTheDaemonChose(TranscriptMatcher matcher, JsonNode request) {
    Matcher m = TranscriptMatcher.PLACEHOLDER.matcher(request.path("path").asText() + " " + request.path("query")
        + " " + request.path("body"));
    while (m.find()) {
      if (m.group(1).startsWith("uuid:") && !matcher.bindings().containsKey(m.group(1))) {
        matcher.match(TextNode.valueOf(m.group()), TextNode.valueOf(UUID.randomUUID().toString()), "$request",
            p -> false);
      }
    }
  }
}
