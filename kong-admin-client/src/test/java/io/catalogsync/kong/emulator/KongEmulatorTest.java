package io.catalogsync.kong.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fault injection, the request log, the admin token and version-dependent shapes. */
class KongEmulatorTest {
  private Vertx vertx;
  private KongEmulator kong;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    kong = start(EmulatorOptions.defaults());
  }

  @AfterEach
  void stop() throws Exception {
    kong.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private KongEmulator start(EmulatorOptions options) throws Exception {
    return KongEmulator.start(vertx, options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> call(KongEmulator k, String method, String path, String json, Duration timeout,
      String token) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(k.adminUrl() + path)).timeout(timeout);
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Kong-Admin-Token", token);
    }
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> call(String method, String path, String json) throws Exception {
    return call(kong, method, path, json, Duration.ofSeconds(5), null);
  }

  @Test
  void serverErrorRateOneAnswersEveryRequestWithThatStatusAndTouchesNothing() throws Exception {
    kong.faults().setServerErrorRate(1.0, 503);
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> r = call("POST", "/services", "{\"name\":\"s" + i + "\",\"url\":\"http://x.internal\"}");
      assertThat(r.statusCode()).isEqualTo(503);
    }
    assertThat(kong.writeCount()).isZero();
    assertThat(kong.requests()).hasSize(10).allSatisfy(r -> assertThat(r.fault()).isEqualTo("error"));
    kong.faults().clear();
    assertThat(Json.parse(call("GET", "/services", null).body()).path("data")).isEmpty();
  }

  @Test
  void partialErrorRateIsReproducibleWithASeed() throws Exception {
    int[] first = new int[20];
    int[] second = new int[20];
    for (int[] run : new int[][] {first, second}) {
      kong.faults().setSeed(42).setServerErrorRate(0.5, 500);
      for (int i = 0; i < run.length; i++) {
        run[i] = call("GET", "/status", null).statusCode();
      }
    }
    assertThat(first).isEqualTo(second).contains(200, 500);
  }

  @Test
  void dropClosesTheConnectionWithoutAnAnswer() {
    kong.faults().setDropRate(1.0);
    assertThatThrownBy(() -> call("GET", "/services", null)).isInstanceOf(IOException.class);
    assertThat(kong.requests()).singleElement().satisfies(r -> {
      assertThat(r.fault()).isEqualTo("drop");
      assertThat(r.status()).isZero();
    });
  }

  @Test
  void timeoutAcceptsAndNeverAnswers() {
    kong.faults().setTimeoutRate(1.0);
    assertThatThrownBy(() -> call(kong, "GET", "/services", null, Duration.ofMillis(300), null))
        .isInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void latencyDelaysEveryAnswer() throws Exception {
    kong.faults().setLatency(Duration.ofMillis(250));
    long t0 = System.nanoTime();
    assertThat(call("GET", "/", null).statusCode()).isEqualTo(200);
    long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(elapsedMs).isGreaterThanOrEqualTo(250);
    kong.faults().clear();
    t0 = System.nanoTime();
    call("GET", "/", null);
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(250);
  }

  @Test
  void failNextRequestsFailsExactlyThatMany() throws Exception {
    kong.faults().failNextRequests(2, 502);
    assertThat(call("GET", "/status", null).statusCode()).isEqualTo(502);
    assertThat(call("GET", "/status", null).statusCode()).isEqualTo(502);
    assertThat(call("GET", "/status", null).statusCode()).isEqualTo(200);
  }

  @Test
  void tagFilteredListsCanBeMadeToFailLikeKong39DbLess() throws Exception {
    kong.faults().failTagFilteredLists(500);
    assertThat(call("GET", "/services?tags=managed-by:kong-catalog-sync", null).statusCode()).isEqualTo(500);
    assertThat(call("GET", "/services?size=1000&tags=a", null).statusCode()).isEqualTo(500);
    assertThat(call("GET", "/services?size=1000", null).statusCode()).isEqualTo(200);
    kong.faults().clear();
    assertThat(call("GET", "/services?tags=a", null).statusCode()).isEqualTo(200);
  }

  /**
   * A POST naming the id of a stored entity is refused on the primary key (kong/db/strategies/postgres/init.lua
   * toerror -> code 3, 400 in kong/api/endpoints.lua), never an overwrite; a PUT by that id replaces it.
   */
  @Test
  void postWithAnIdAlreadyStoredIsAPrimaryKeyViolation() throws Exception {
    String id = "8c5e7803-6017-3407-a4b6-0fe00acfc1d9";
    assertThat(call("POST", "/services", "{\"id\":\"" + id + "\",\"name\":\"theirs\",\"url\":\"http://a.internal\"}")
        .statusCode()).isEqualTo(201);
    HttpResponse<String> again = call("POST", "/services",
        "{\"id\":\"" + id + "\",\"name\":\"mine\",\"url\":\"http://b.internal\"}");
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.body()).contains("\"code\":3").contains("primary key violation");
    assertThat(call("GET", "/services/" + id, null).body()).contains("\"name\":\"theirs\"");
    HttpResponse<String> nameTaken = call("POST", "/services", "{\"name\":\"theirs\",\"url\":\"http://c.internal\"}");
    assertThat(nameTaken.statusCode()).isEqualTo(409);
  }

  @Test
  void faultSettersRejectBadValues() {
    assertThatThrownBy(() -> kong.faults().setServerErrorRate(1.5, 500)).hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> kong.faults().setServerErrorRate(0.5, 200)).hasMessageContaining("4xx or 5xx");
    assertThatThrownBy(() -> kong.faults().setLatency(Duration.ofMillis(-1))).hasMessageContaining("latency");
    assertThatThrownBy(() -> kong.faults().failNextRequests(-1, 500)).hasMessageContaining("n must be");
  }

  @Test
  void requestLogRecordsEveryRequestAndCountsWrites() throws Exception {
    call("POST", "/services", "{\"name\":\"logged\",\"url\":\"http://x.internal\"}");
    call("GET", "/services", null);
    call("PATCH", "/services/logged", "{\"retries\":1}");
    call("DELETE", "/services/logged", null);
    assertThat(kong.requests()).extracting(RecordedRequest::method).containsExactly("POST", "GET", "PATCH", "DELETE");
    assertThat(kong.requests()).extracting(RecordedRequest::status).containsExactly(201, 200, 200, 204);
    assertThat(kong.requests().get(0).body()).contains("\"logged\"");
    assertThat(kong.requests().get(0).path()).isEqualTo("/services");
    assertThat(kong.writeCount()).isEqualTo(3);
    kong.clearRequests();
    assertThat(kong.requests()).isEmpty();
    assertThat(kong.writeCount()).isZero();
  }

  @Test
  void adminTokenIsRequiredWhenConfigured() throws Exception {
    KongEmulator guarded = start(EmulatorOptions.defaults().withAdminToken("s3cret-token"));
    try {
      assertThat(call(guarded, "GET", "/services", null, Duration.ofSeconds(5), null).statusCode()).isEqualTo(401);
      assertThat(call(guarded, "GET", "/services", null, Duration.ofSeconds(5), "wrong").statusCode()).isEqualTo(401);
      assertThat(call(guarded, "GET", "/services", null, Duration.ofSeconds(5), "s3cret-token").statusCode())
          .isEqualTo(200);
      assertThat(guarded.options().toString()).doesNotContain("s3cret-token");
    } finally {
      guarded.close();
    }
  }

  @Test
  void resetEmptiesEverything() throws Exception {
    call("POST", "/services", "{\"name\":\"gone\",\"url\":\"http://x.internal\"}");
    kong.reset();
    assertThat(call("GET", "/services/gone", null).statusCode()).isEqualTo(404);
  }

  @Test
  void rateLimitingRedisFieldsAreFlatIn34() throws Exception {
    call("POST", "/services", "{\"name\":\"rl\",\"url\":\"http://x.internal\"}");
    JsonNode p = Json.parse(call("POST", "/services/rl/plugins",
        "{\"name\":\"rate-limiting\",\"config\":{\"minute\":5,\"policy\":\"redis\",\"redis_host\":\"r.internal\"}}").body());
    assertThat(p.path("config").path("redis_host").asText()).isEqualTo("r.internal");
    assertThat(p.path("config").has("redis")).isFalse();
  }

  @Test
  void rateLimitingRedisFieldsAreNestedFrom36WithFlatShorthandsEchoed() throws Exception {
    KongEmulator k36 = start(EmulatorOptions.defaults().withVersion("3.6.1"));
    try {
      call(k36, "POST", "/services", "{\"name\":\"rl\",\"url\":\"http://x.internal\"}", Duration.ofSeconds(5), null);
      HttpResponse<String> r = call(k36, "POST", "/services/rl/plugins",
          "{\"name\":\"rate-limiting\",\"config\":{\"minute\":5,\"policy\":\"redis\",\"redis_host\":\"r.internal\","
              + "\"redis_port\":6380}}", Duration.ofSeconds(5), null);
      assertThat(r.statusCode()).isEqualTo(201);
      JsonNode cfg = Json.parse(r.body()).path("config");
      assertThat(cfg.path("redis").path("host").asText()).isEqualTo("r.internal");
      assertThat(cfg.path("redis").path("port").asInt()).isEqualTo(6380);
      assertThat(cfg.path("redis").path("timeout").asInt()).isEqualTo(2000);
      assertThat(cfg.path("redis_host").asText()).isEqualTo("r.internal");
      assertThat(cfg.path("redis_port").asInt()).isEqualTo(6380);
      JsonNode missing = Json.parse(call(k36, "POST", "/plugins",
          "{\"name\":\"rate-limiting\",\"config\":{\"minute\":5,\"policy\":\"redis\"}}", Duration.ofSeconds(5), null)
          .body());
      assertThat(missing.path("fields").path("config").path("redis").path("host").asText())
          .isEqualTo("required field missing");
      JsonNode schema = Json.parse(call(k36, "GET", "/schemas/plugins/rate-limiting", null, Duration.ofSeconds(5), null)
          .body());
      assertThat(schema.toString()).contains("\"redis\":{\"type\":\"record\"").doesNotContain("\"redis_host\"");
    } finally {
      k36.close();
    }
  }

  @Test
  void dblessRefusesWritesButServesTheLoadedConfig() throws Exception {
    KongEmulator off = start(EmulatorOptions.dblessDefaults());
    try {
      HttpResponse<String> load = call(off, "POST", "/config",
          "{\"_format_version\":\"3.0\",\"services\":[{\"name\":\"a\",\"url\":\"http://a.internal\","
              + "\"routes\":[{\"name\":\"ra\",\"paths\":[\"/a\"]}]}]}", Duration.ofSeconds(5), null);
      assertThat(load.statusCode()).isEqualTo(201);
      assertThat(call(off, "GET", "/routes/ra", null, Duration.ofSeconds(5), null).statusCode()).isEqualTo(200);
      HttpResponse<String> w = call(off, "POST", "/services", "{\"name\":\"b\",\"url\":\"http://b.internal\"}",
          Duration.ofSeconds(5), null);
      assertThat(w.statusCode()).isEqualTo(405);
      assertThat(Json.parse(w.body()).path("code").asInt()).isEqualTo(12);
      assertThat(Json.parse(call(off, "GET", "/", null, Duration.ofSeconds(5), null).body())
          .path("configuration").path("database").asText()).isEqualTo("off");
      JsonNode exported = Json.parse(call(off, "GET", "/config", null, Duration.ofSeconds(5), null).body());
      JsonNode reparsed = Lyaml.parse(exported.path("config").asText());
      assertThat(reparsed.path("routes").get(0).path("name").asText()).isEqualTo("ra");
      off.reset();
      assertThat(Json.parse(call(off, "GET", "/status", null, Duration.ofSeconds(5), null).body())
          .path("configuration_hash").asText()).isEqualTo(AdminApi.NO_HASH);
    } finally {
      off.close();
    }
  }

  @Test
  void from38ADeprecatedRedisFieldWithADifferentNestedValueIsRefused() throws Exception {
    String mismatch = "{\"name\":\"rate-limiting\",\"config\":{\"minute\":5,\"policy\":\"redis\","
        + "\"redis_host\":\"a.internal\",\"redis\":{\"host\":\"b.internal\"}}}";
    String same = mismatch.replace("b.internal", "a.internal");
    KongEmulator k39 = start(EmulatorOptions.defaults().withVersion("3.9.3"));
    KongEmulator k36 = start(EmulatorOptions.defaults().withVersion("3.6.1"));
    try {
      HttpResponse<String> refused = call(k39, "POST", "/plugins", mismatch, Duration.ofSeconds(5), null);
      assertThat(refused.statusCode()).isEqualTo(400);
      // kong/db/schema/init.lua (3.9.3) validate_deprecation_exclusiveness; the config record's errors come back
      // unnested from process_auto_fields
      assertThat(Json.parse(refused.body()).path("fields").path("redis_host").asText()).isEqualTo(
          "both deprecated and new field are used but their values mismatch: redis_host = a.internal vs redis.host"
              + " = b.internal");
      assertThat(k39.writeCount()).isEqualTo(1);
      assertThat(Json.parse(call(k39, "GET", "/plugins", null, Duration.ofSeconds(5), null).body()).path("data"))
          .isEmpty();

      HttpResponse<String> agreeing = call(k39, "POST", "/plugins", same, Duration.ofSeconds(5), null);
      assertThat(agreeing.statusCode()).isEqualTo(201);
      JsonNode config = Json.parse(agreeing.body()).path("config");
      assertThat(config.path("redis").path("host").asText()).isEqualTo("a.internal");
      assertThat(config.path("redis_host").asText()).isEqualTo("a.internal");

      // before 3.8 the shorthand is simply translated
      assertThat(call(k36, "POST", "/plugins", mismatch, Duration.ofSeconds(5), null).statusCode()).isEqualTo(201);
    } finally {
      k39.close();
      k36.close();
    }
  }
}
