package io.catalogsync.kong.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the daemon's own traffic recorded against a real Kong ({@code kong-transcripts/<version>-daemon/}:
 * every request kong-catalog-sync at commit 241349d sent, with Kong's answers) against a fresh emulator per
 * file, exchange by exchange, with {@link TranscriptReplayTest}'s comparison. The requests are the recorded
 * ones, not what today's daemon would send: this checks the emulator answers the daemon as Kong did.
 *
 * <p>Unlike the scenario recordings, the daemon picks its own ids (name-based UUIDs), so a request may carry a
 * {@code <uuid:...>} placeholder that no answer has bound yet: it gets a fresh UUID of its own. DB-less files
 * start from the configuration their folder's README names (loaded first, not recorded).
 */
class DaemonTranscriptReplayTest {

  /**
   * One recorded folder, the Kong version the emulator plays, and per DB-less file the configuration Kong held
   * before the recording started.
   */
  record Folder(String name, String version, Map<String, String> initialConfig, Map<String, String> literals) {}

  /** From 3.4.2-daemon/README.md: "starts from a DB-less Kong loaded with this configuration (not recorded)". */
  static final String HANDMADE_CONFIG = "{\"_format_version\":\"3.0\",\"services\":[{\"name\":\"handmade\","
      + "\"url\":\"http://10.9.9.9:80\",\"routes\":[{\"name\":\"handmade-r\",\"paths\":[\"/hand\"]}]}],"
      + "\"consumers\":[{\"username\":\"alice\",\"keyauth_credentials\":[{\"key\":\"alice-secret-key\"}]}]}";

  /** The folders that must replay without a difference: every daemon-traffic recording. */
  static final List<Folder> FOLDERS =
      List.of(new Folder("3.4.2-daemon", "3.4.2", Map.of("daemon-dbless.json", HANDMADE_CONFIG),
          // The recorder keeps values a client sends, so the oauth2 provision_key Kong generated (answered as
          // <secret:2> in daemon-dbless #68) stands literally in the daemon's next POST /config (#106), which sent
          // back what it had read; the replay sends the emulator's own key in its place.
          Map.of("XCQMiZrmBwIgEf3KPTygdduDV8JPQ7We", "<secret:2>")),
          // 3.9.3-daemon/README.md: daemon-dbless starts empty, daemon-dbless-untagged from the handmade config.
          new Folder("3.9.3-daemon", "3.9.3", Map.of("daemon-dbless-untagged.json", HANDMADE_CONFIG),
              Map.of("uCNjgkma39JDfPLb3kBlWjBJCrM0Inoj", "<secret:1>")));

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
  Stream<DynamicNode> replayTheDaemonsTraffic() {
    return FOLDERS.stream().map(f -> DynamicContainer.dynamicContainer(f.name(),
        KongTranscripts.files(f.name()).stream()
            .filter(p -> p.getFileName().toString().startsWith("daemon-"))
            .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> replay(f, p)))));
  }

  @TestFactory
  Stream<DynamicTest> theInitialConfigurationIsTheOneTheReadmeNames() {
    return FOLDERS.stream().flatMap(f -> f.initialConfig().values().stream().map(config ->
        DynamicTest.dynamicTest(f.name(), () -> {
          String readme = new String(KongTranscripts.read(f.name(), "README.md"), StandardCharsets.UTF_8);
          assertThat(readme.replaceAll("\\s*\\n\\s*", "")).contains(config);
        })));
  }

  /** Replays one file of {@code folder}; fails naming every exchange whose answer differs from Kong's. */
  static void replay(Folder folder, Path file) throws Exception {
    JsonNode doc = Json.MAPPER.readTree(Files.readAllBytes(file));
    String fileName = file.getFileName().toString();
    String name = folder.name() + "/" + fileName;
    boolean dbless = "dbless".equals(doc.path("mode").asText());
    assertThat(doc.path("kong_version").asText()).as("version recorded in %s", name).isEqualTo(folder.version());
    EmulatorOptions options = (dbless ? EmulatorOptions.dblessDefaults() : EmulatorOptions.defaults())
        .withVersion(folder.version());
    KongEmulator emulator = KongEmulator.start(vertx, options).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    TranscriptMatcher matcher = new TranscriptMatcher();
    List<String> failures = new ArrayList<>();
    int passed = 0;
    try {
      String initial = folder.initialConfig().get(fileName);
      if (initial != null) {
        HttpResponse<String> loaded = HTTP.send(HttpRequest.newBuilder(URI.create(emulator.adminUrl() + "/config"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(initial, StandardCharsets.UTF_8)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(loaded.statusCode()).as("loading the initial configuration: %s", loaded.body()).isEqualTo(201);
      }
      JsonNode exchanges = doc.path("exchanges");
      for (int i = 0; i < exchanges.size(); i++) {
        JsonNode ex = exchanges.get(i);
        ex = withPlaceholders(ex, folder.literals());
        bindClientChosenIds(matcher, ex.path("request"));
        List<String> problems = TranscriptReplayTest.exchange(emulator, matcher, ex, true);
        if (problems.isEmpty()) {
          passed++;
        } else {
          failures.add("exchange " + i + ": " + ex.path("request").path("method").asText() + " "
              + ex.path("request").path("path").asText() + "\n    " + String.join("\n    ", problems));
        }
      }
      System.out.println("replay " + name + ": " + passed + "/" + exchanges.size() + " passed");
    } finally {
      emulator.close();
    }
    assertThat(failures).as("exchanges of %s answered differently from real Kong", name).isEmpty();
  }

  /** The exchange with each recorded literal of {@code literals} replaced by its placeholder. */
  private static JsonNode withPlaceholders(JsonNode ex, Map<String, String> literals) throws Exception {
    if (literals.isEmpty()) {
      return ex;
    }
    String text = Json.write(ex);
    for (Map.Entry<String, String> l : literals.entrySet()) {
      text = text.replace(l.getKey(), l.getValue());
    }
    return Json.parse(text);
  }

  /**
   * The daemon writes with ids it computed, so their first sight is in a request: bind each such placeholder
   * to a UUID of its own (distinct per placeholder, stable across runs).
   */
  private static void bindClientChosenIds(TranscriptMatcher matcher, JsonNode request) {
    StringBuilder text = new StringBuilder(request.path("path").asText());
    text.append(' ').append(request.path("query").toString()).append(' ').append(request.path("body").toString());
    Matcher m = TranscriptMatcher.PLACEHOLDER.matcher(text);
    while (m.find()) {
      String ph = m.group(1);
      if (ph.startsWith("uuid:") && !matcher.bindings().containsKey(ph)) {
        matcher.bindings().put(ph, UUID.nameUUIDFromBytes(("client-chosen " + ph).getBytes(StandardCharsets.UTF_8))
            .toString());
      }
    }
  }
}
