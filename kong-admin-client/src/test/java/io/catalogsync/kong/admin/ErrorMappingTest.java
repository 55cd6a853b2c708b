package io.catalogsync.kong.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalogsync.kong.entity.Consumer;
import io.vertx.core.Future;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Each error answer real Kong 3.4.2 gives (bodies taken from kong-transcripts/3.4.2 (test resources)) becomes the right
 * typed exception with Kong's code, name, message and fields kept.
 */
class ErrorMappingTest extends WireMockTestBase {

    static Stream<Arguments> kongErrors() {
        return Stream.of(
                // consumers.json: a duplicate username.
                Arguments.of("consumers.json", 409, KongConflictException.class, 5, "unique constraint violation",
                        "UNIQUE violation detected on '{username=\"alice\"}'", "username"),
                // consumers.json: neither username nor custom_id.
                Arguments.of("consumers.json", 400, KongSchemaViolationException.class, 2, "schema violation",
                        "schema violation (at least one of these fields must be non-empty: 'custom_id', 'username')",
                        "@entity"),
                // services.json: PATCH of a missing service.
                Arguments.of("services.json", 404, KongNotFoundException.class, 6, "not found",
                        "could not find the entity with '{name=\"svc-never-existed\"}'", "name"),
                // plugins.json: a route that does not exist.
                Arguments.of("plugins.json", 400, KongForeignKeyException.class, 4, "foreign key violation",
                        "the foreign key '{id=\"00000000-0000-4000-8000-00000000dead\"}' does not reference an "
                                + "existing 'routes' entity.", "route"),
                // routes.json: a service given by an unknown name.
                Arguments.of("routes.json", 400, KongForeignKeyException.class, 13, "foreign keys unresolved",
                        null, "service"),
                // dbless-config.json: writes in DB-less mode.
                Arguments.of("dbless-config.json", 405, KongUnsupportedException.class, 12, "operation unsupported",
                        "cannot create 'services' entities when not using a database", null),
                // paging-and-tags.json: more than five tags; `options` stands in for `fields`.
                Arguments.of("paging-and-tags.json", 400, KongSchemaViolationException.class, 11, "invalid options",
                        "invalid option (tags: cannot query more than 5 tags)", "tags"),
                Arguments.of("paging-and-tags.json", 400, KongSchemaViolationException.class, 9, "invalid size",
                        "size must be an integer between 1 and 1000", null),
                Arguments.of("paging-and-tags.json", 400, KongSchemaViolationException.class, 7, "invalid offset",
                        "'bogus-offset' is not a valid offset: bad base64 encoding", null));
    }

    /** The first exchange in a transcript file whose answer has this status and Kong code. */
    private static JsonNode kongAnswer(String file, int status, int code) {
        for (int i = 0; ; i++) {
            JsonNode e = Transcripts.exchange(file, i);
            JsonNode resp = e.path("response");
            if (resp.path("status").asInt() == status && resp.path("body").path("code").asInt(-1) == code) {
                return resp.path("body");
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} code {3} -> {2}")
    @MethodSource("kongErrors")
    void kongErrorBodiesBecomeTypedExceptions(String file, int status, Class<? extends KongException> type, int code,
                                              String name, String message, String fieldKey) {
        JsonNode body = kongAnswer(file, status, code);
        wm.stubFor(any(urlPathEqualTo("/consumers/x")).willReturn(
                aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody(body.toString())));

        KongException e = Await.failure(client().consumers().patch("x", Map.of("custom_id", "y")), type);

        assertThat(e.status()).isEqualTo(status);
        assertThat(e.kongCode()).isEqualTo(code);
        assertThat(e.kongName()).isEqualTo(name);
        assertThat(e.kongMessage()).isEqualTo(body.path("message").asText());
        if (message != null) {
            assertThat(e.kongMessage()).isEqualTo(message);
        }
        if (fieldKey != null) {
            assertThat(e.fields()).isNotNull();
            assertThat(e.fields().has(fieldKey)).as("fields has %s: %s", fieldKey, e.fields()).isTrue();
        } else {
            assertThat(e.fields()).isNull();
        }
        assertThat(e.method()).isEqualTo("PATCH");
        assertThat(e.path()).isEqualTo("/consumers/x");
        assertThat(e.getMessage()).startsWith("PATCH /consumers/x -> " + status + ": ");
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void authFailuresAreAuthExceptions() {
        wm.stubFor(get(urlPathEqualTo("/services/a")).willReturn(aResponse().withStatus(401)
                .withBody("{\"message\":\"Invalid credentials. Token or User credentials required\"}")));
        wm.stubFor(get(urlPathEqualTo("/services/b")).willReturn(aResponse().withStatus(403)
                .withBody("{\"message\":\"Forbidden\"}")));
        KongAdminClient client = client();

        KongAuthException a = Await.failure(client.services().get("a"), KongAuthException.class);
        KongAuthException b = Await.failure(client.services().get("b"), KongAuthException.class);

        assertThat(a.status()).isEqualTo(401);
        assertThat(a.kongMessage()).startsWith("Invalid credentials");
        assertThat(b.status()).isEqualTo(403);
    }

    @Test
    void unsupportedMediaTypeHtmlIsABadRequestWithoutTheBody() {
        // dbless-config.json exchange 37: nginx's HTML page for a wrong Content-Type.
        String html = Transcripts.exchange("dbless-config.json", 37).path("response").path("body").asText();
        wm.stubFor(any(urlPathEqualTo("/config")).willReturn(aResponse().withStatus(415)
                .withHeader("Content-Type", "text/html; charset=UTF-8").withBody(html)));

        KongBadRequestException e = Await.failure(client().loadConfig(
                KongJson.MAPPER.createObjectNode().put("_format_version", "3.0"), false), KongBadRequestException.class);

        assertThat(html).contains("<html>");
        assertThat(e.status()).isEqualTo(415);
        assertThat(e.kongCode()).isNull();
        assertThat(e.kongMessage()).isEqualTo("Unsupported Media Type");
        assertThat(e.getMessage()).doesNotContain("<html>").doesNotContain("center");
    }

    @Test
    void plainBadRequestAndMethodNotAllowed() {
        // services.json: broken JSON body; root-and-status.json: DELETE on a collection.
        wm.stubFor(any(urlPathEqualTo("/services/broken")).willReturn(aResponse().withStatus(400)
                .withBody("{\"message\":\"Cannot parse JSON body\"}")));
        wm.stubFor(any(urlPathEqualTo("/services/nomethod")).willReturn(aResponse().withStatus(405)
                .withBody("{\"message\":\"Method not allowed\"}")));
        KongAdminClient client = client();

        KongBadRequestException bad = Await.failure(client.services().patch("broken", Map.of()),
                KongBadRequestException.class);
        KongUnsupportedException na = Await.failure(client.services().patch("nomethod", Map.of()),
                KongUnsupportedException.class);

        assertThat(bad.kongMessage()).isEqualTo("Cannot parse JSON body");
        assertThat(bad.kongCode()).isNull();
        assertThat(na.status()).isEqualTo(405);
    }

    @Test
    void getOf404IsEmptyAndDeleteOf404IsSuccess() {
        // dbless-config.json exchange 27: GET of an unknown name is a bare {"message": "Not found"}.
        wm.stubFor(get(urlPathEqualTo("/services/nope")).willReturn(aResponse().withStatus(404)
                .withBody(Transcripts.responseBody("dbless-config.json", 27))));
        wm.stubFor(delete(urlPathEqualTo("/upstreams/u/targets/10.0.0.1:80")).willReturn(aResponse().withStatus(404)
                .withBody("{\"message\":\"Not found\"}")));
        KongAdminClient client = client();

        assertThat(Await.result(client.services().get("nope"))).isEmpty();
        Await.result(client.targets("u").delete("10.0.0.1:80"));

        wm.verify(1, deleteRequestedFor(urlPathEqualTo("/upstreams/u/targets/10.0.0.1:80")));
    }

    @Test
    void deleteStillFailsOnOtherErrors() {
        // services.json: deleting a service that routes still reference.
        wm.stubFor(delete(urlPathEqualTo("/services/s")).willReturn(aResponse().withStatus(400).withBody(
                "{\"code\":4,\"fields\":{\"@referenced_by\":\"routes\"},\"message\":\"an existing 'routes' entity "
                        + "references this 'services' entity\",\"name\":\"foreign key violation\"}")));

        KongForeignKeyException e = Await.failure(client().services().delete("s"), KongForeignKeyException.class);

        assertThat(e.fields().path("@referenced_by").asText()).isEqualTo("routes");
    }

    @Test
    void answersThatDoNotFitTheRecordAreTransportWithoutTheValue() {
        wm.stubFor(get(urlPathEqualTo("/consumers/c")).willReturn(aResponse().withStatus(200)
                .withBody("{\"id\":\"1\",\"username\":\"c\",\"created_at\":\"secret-looking-value\"}")));

        KongTransportException e = Await.failure(client().consumers().get("c"), KongTransportException.class);

        assertThat(e.getMessage()).contains("Consumer").contains("created_at").doesNotContain("secret-looking-value");
    }

    @Test
    void badArgumentsFailClearly() {
        KongAdminClient client = client();
        Function<Future<?>, String> msg = f -> Await.failure(f, IllegalArgumentException.class).getMessage();

        assertThat(msg.apply(client.services().get(""))).contains("idOrName");
        assertThat(msg.apply(client.routes().patch("r", null))).contains("patch fields");
        assertThat(msg.apply(client.services().list(null))).contains("query");
        assertThat(msg.apply(client.loadConfig(KongJson.MAPPER.createObjectNode(), false)))
                .contains("_format_version");
        assertThat(msg.apply(client.consumers().upsert("c", (Consumer) null))).contains("entity");
        assertThat(requests()).isEmpty();
    }
}
