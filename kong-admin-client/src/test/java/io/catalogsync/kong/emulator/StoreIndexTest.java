package io.catalogsync.kong.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's indexes follow every way an entity changes (rename, replace, delete, cascade,
 * reset): uniqueness, lookups by name, nested lists and paging answer as a full scan would.
 */
class StoreIndexTest {
  private Vertx vertx;
  private KongEmulator kong;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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

  private HttpResponse<String> call(String method, String path, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(kong.adminUrl() + path)).timeout(Duration.ofSeconds(5));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode body(HttpResponse<String> r) throws Exception {
    return Json.parse(r.body());
  }

  @Test
  void renamingFreesTheOldNameAndTakesTheNewOne() throws Exception {
    String id = body(call("POST", "/consumers", "{\"username\":\"alice\",\"custom_id\":\"c-1\"}")).path("id").asText();
    assertThat(call("PATCH", "/consumers/alice", "{\"username\":\"bob\",\"custom_id\":\"c-2\"}").statusCode())
        .isEqualTo(200);

    assertThat(call("GET", "/consumers/alice", null).statusCode()).isEqualTo(404);
    assertThat(body(call("GET", "/consumers/bob", null)).path("id").asText()).isEqualTo(id);
    assertThat(body(call("GET", "/consumers?custom_id=c-1", null)).path("data")).isEmpty();
    assertThat(body(call("GET", "/consumers?custom_id=c-2", null)).path("data").get(0).path("id").asText())
        .isEqualTo(id);
    assertThat(call("POST", "/consumers", "{\"username\":\"alice\",\"custom_id\":\"c-1\"}").statusCode())
        .isEqualTo(201);
    HttpResponse<String> taken = call("POST", "/consumers", "{\"username\":\"bob\"}");
    assertThat(taken.statusCode()).isEqualTo(409);
    assertThat(body(taken).path("fields").path("username").asText()).isEqualTo("bob");
    // an entity may keep its own unique values on update
    assertThat(call("PUT", "/consumers/" + id, "{\"username\":\"bob\",\"custom_id\":\"c-2\"}").statusCode())
        .isEqualTo(200);
  }

  @Test
  void cascadedTargetsLeaveNoTraceInTheIndexes() throws Exception {
    String u1 = body(call("POST", "/upstreams", "{\"name\":\"u1\"}")).path("id").asText();
    String u2 = body(call("POST", "/upstreams", "{\"name\":\"u2\"}")).path("id").asText();
    for (String u : List.of(u1, u2)) {
      assertThat(call("POST", "/upstreams/" + u + "/targets", "{\"target\":\"10.0.0.1:80\"}").statusCode())
          .isEqualTo(201);
    }
    assertThat(call("POST", "/upstreams/u1/targets", "{\"target\":\"10.0.0.1:80\"}").statusCode()).isEqualTo(409);
    assertThat(call("POST", "/upstreams/u1/targets", "{\"target\":\"10.0.0.2:80\"}").statusCode()).isEqualTo(201);

    assertThat(body(call("GET", "/upstreams/u1/targets", null)).path("data")).hasSize(2);
    assertThat(body(call("GET", "/upstreams/u1/health", null)).path("data")).hasSize(2);
    assertThat(call("DELETE", "/upstreams/u1", null).statusCode()).isEqualTo(204);

    assertThat(body(call("GET", "/upstreams/u2/targets", null)).path("data")).hasSize(1);
    String u1Again = body(call("POST", "/upstreams", "{\"name\":\"u1\"}")).path("id").asText();
    assertThat(u1Again).isNotEqualTo(u1);
    assertThat(body(call("GET", "/upstreams/u1/targets", null)).path("data")).isEmpty();
    assertThat(call("POST", "/upstreams/u1/targets", "{\"target\":\"10.0.0.1:80\"}").statusCode()).isEqualTo(201);
    assertThat(call("GET", "/upstreams/u1/targets/10.0.0.1:80", null).statusCode()).isEqualTo(200);
    assertThat(call("GET", "/upstreams/u2/targets/10.0.0.2:80", null).statusCode()).isEqualTo(404);
  }

  @Test
  void aServiceWithRoutesStaysUntilTheRoutesGoAndThenItsNameIsFree() throws Exception {
    String s = body(call("POST", "/services", "{\"name\":\"s\",\"url\":\"http://s.internal\"}")).path("id").asText();
    String r = body(call("POST", "/services/s/routes", "{\"name\":\"r\",\"paths\":[\"/r\"]}")).path("id").asText();
    assertThat(call("POST", "/routes/r/plugins", "{\"name\":\"cors\"}").statusCode()).isEqualTo(201);
    assertThat(call("POST", "/routes/r/plugins", "{\"name\":\"cors\"}").statusCode()).isEqualTo(409);

    assertThat(call("DELETE", "/services/s", null).statusCode()).isEqualTo(400);
    assertThat(body(call("GET", "/services/s/routes", null)).path("data").get(0).path("id").asText()).isEqualTo(r);
    assertThat(call("DELETE", "/routes/r", null).statusCode()).isEqualTo(204);
    // the route's plugin went with it: the same plugin may be configured again on a new route
    assertThat(body(call("GET", "/plugins", null)).path("data")).isEmpty();
    assertThat(call("DELETE", "/services/" + s, null).statusCode()).isEqualTo(204);
    assertThat(call("POST", "/services", "{\"name\":\"s\",\"url\":\"http://s.internal\"}").statusCode()).isEqualTo(201);
  }

  @Test
  void pagingWithTagsVisitsEveryMatchOnceInPrimaryKeyOrder() throws Exception {
    List<String> tagged = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String tags = i % 3 == 0 ? "[\"owner\"]" : "[\"other\"]";
      String id = body(call("POST", "/services", "{\"name\":\"s" + i + "\",\"url\":\"http://x.internal\",\"tags\":"
          + tags + "}")).path("id").asText();
      if (i % 3 == 0) {
        tagged.add(id);
      }
    }
    tagged.sort(String::compareTo);
    List<String> seen = new ArrayList<>();
    String next = "/services?tags=owner&size=7";
    int pages = 0;
    while (next != null) {
      JsonNode page = body(call("GET", next, null));
      page.path("data").forEach(e -> seen.add(e.path("id").asText()));
      next = page.path("next").isNull() ? null : page.path("next").asText();
      pages++;
    }
    assertThat(seen).containsExactlyElementsOf(tagged);
    assertThat(pages).isEqualTo(3);

    call("DELETE", "/services/" + tagged.get(0), null);
    assertThat(body(call("GET", "/services?tags=owner&size=1000", null)).path("data")).hasSize(19);
    assertThat(call("GET", "/services?offset=bm90LWpzb24%3D", null).statusCode()).isEqualTo(400);
  }
}
