package io.catalogsync.kong.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.catalogsync.kong.entity.Plugin;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /}, {@code GET /status}, plugin schemas and DB-less {@code POST /config}, with real Kong bodies. */
class RootAndConfigTest extends WireMockTestBase {

    private static final String DBLESS = "dbless-config.json";

    /** The declarative configuration dbless-config.json exchange 1 posted. */
    private static JsonNode recordedConfig() {
        return Transcripts.exchange(DBLESS, 1).path("request").path("body");
    }

    private void stubStatus(String body) {
        wm.stubFor(get(urlPathEqualTo("/status")).willReturn(aResponse().withStatus(200).withBody(body)));
    }

    @Test
    void infoReadsVersionDatabaseRouterAndPlugins() {
        // root-and-status.json exchange 0 (the recorder reduced available_on_server to a sorted array).
        wm.stubFor(get(urlPathEqualTo("/")).willReturn(aResponse().withStatus(200)
                .withBody(Transcripts.responseBody("root-and-status.json", 0))));

        KongInfo info = Await.result(client().info());

        assertThat(info.version()).isEqualTo("3.4.2");
        assertThat(info.parsedVersion()).isEqualTo(new KongVersion(3, 4, 2));
        assertThat(info.edition()).isNull();
        assertThat(info.database()).isEqualTo("postgres");
        assertThat(info.dbless()).isFalse();
        assertThat(info.routerFlavor()).isEqualTo("traditional_compatible");
        assertThat(info.availablePlugins()).contains("rate-limiting", "cors", "jwt", "key-auth", "pre-function");
    }

    @Test
    void infoAcceptsKongsObjectShapedPluginListAndEdition() {
        // Real Kong sends available_on_server as name -> {version, priority} (kong/api/routes/kong.lua).
        wm.stubFor(get(urlPathEqualTo("/")).willReturn(aResponse().withStatus(200).withBody(
                "{\"version\":\"3.9.0.1-enterprise-edition\",\"edition\":\"enterprise\",\"configuration\":"
                        + "{\"database\":\"off\",\"router_flavor\":\"expressions\"},\"plugins\":{\"available_on_server\":"
                        + "{\"cors\":{\"version\":\"3.9.0\",\"priority\":2000},\"jwt\":{\"version\":\"3.9.0\","
                        + "\"priority\":1450}},\"enabled_in_cluster\":[\"cors\"]}}")));

        KongInfo info = Await.result(client().info());

        assertThat(info.availablePlugins()).containsExactlyInAnyOrder("cors", "jwt");
        assertThat(info.enabledPlugins()).containsExactly("cors");
        assertThat(info.edition()).isEqualTo("enterprise");
        assertThat(info.dbless()).isTrue();
        assertThat(info.parsedVersion().atLeast(3, 9)).isTrue();
        assertThat(info.routerFlavor()).isEqualTo("expressions");
    }

    @Test
    void statusInDbModeAndInDblessMode() {
        stubStatus(Transcripts.responseBody("root-and-status.json", 1));
        KongStatus db = Await.result(client().status());
        wm.resetAll();
        stubStatus(Transcripts.responseBody(DBLESS, 0));
        KongStatus dbless = Await.result(client().status());

        assertThat(db.databaseReachable()).isTrue();
        assertThat(db.configurationHash()).isNull();
        assertThat(dbless.databaseReachable()).isNull();
        assertThat(dbless.configurationHash()).isEqualTo(KongStatus.EMPTY_CONFIGURATION_HASH);
    }

    @Test
    void loadedConfigReportsTheHashFromStatus() throws Exception {
        wm.stubFor(post(urlPathEqualTo("/config")).willReturn(aResponse().withStatus(201)
                .withBody(Transcripts.responseBody(DBLESS, 1))));
        stubStatus(Transcripts.responseBody(DBLESS, 2));

        ConfigResult r = Await.result(client().loadConfig(recordedConfig(), false));

        assertThat(r.outcome()).isEqualTo(ConfigResult.Outcome.LOADED);
        assertThat(r.configurationHash()).isEqualTo("<hash:1>");
        assertThat(r.errors()).isEmpty();
        assertThat(r.body().path("consumers").size()).isEqualTo(1);
        LoggedRequest sent = wm.findAll(postRequestedFor(urlPathEqualTo("/config"))).get(0);
        assertThat(sent.queryParameter("flatten_errors").firstValue()).isEqualTo("1");
        assertThat(sent.queryParameter("check_hash").isPresent()).isFalse();
        // The configuration travels as a string under "config", so that Kong hashes exactly these bytes.
        JsonNode body = KongJson.MAPPER.readTree(sent.getBodyAsString());
        assertThat(body.path("config").isTextual()).isTrue();
        assertThat(KongJson.MAPPER.readTree(body.path("config").asText())).isEqualTo(recordedConfig());
    }

    @Test
    void loadedConfigLeavesTheHashNullWhenStatusFails() {
        wm.stubFor(post(urlPathEqualTo("/config")).willReturn(aResponse().withStatus(201).withBody("{}")));
        wm.stubFor(get(urlPathEqualTo("/status")).willReturn(aResponse().withStatus(500)
                .withBody("{\"message\":\"An unexpected error occurred\"}")));

        ConfigResult r = Await.result(client(options().setMaxRetries(1)).loadConfig(recordedConfig(), false));

        assertThat(r.outcome()).isEqualTo(ConfigResult.Outcome.LOADED);
        assertThat(r.configurationHash()).isNull();
    }

    @Test
    void unchangedConfigWithCheckHash() {
        // dbless-config.json exchange 7: the same {config: string} again with check_hash=1 gives 304.
        wm.stubFor(post(urlPathEqualTo("/config")).withQueryParam("check_hash", equalTo("1"))
                .willReturn(aResponse().withStatus(304)));
        stubStatus(Transcripts.responseBody(DBLESS, 6));

        ConfigResult r = Await.result(client().loadConfig(recordedConfig(), true));

        assertThat(r.outcome()).isEqualTo(ConfigResult.Outcome.UNCHANGED);
        assertThat(r.configurationHash()).isEqualTo("<hash:3>");
        wm.verify(1, postRequestedFor(urlPathEqualTo("/config")).withQueryParam("flatten_errors", equalTo("1")));
    }

    @Test
    void rejectedConfigParsesFlattenedErrors() {
        // dbless-config.json exchange 10: port out of range and a route with a bare-string service.
        JsonNode exchange = Transcripts.exchange(DBLESS, 10);
        wm.stubFor(post(urlPathEqualTo("/config")).willReturn(aResponse().withStatus(400)
                .withBody(exchange.path("response").path("body").toString())));

        ConfigResult r = Await.result(client().loadConfig(exchange.path("request").path("body"), false));

        assertThat(r.outcome()).isEqualTo(ConfigResult.Outcome.REJECTED);
        assertThat(r.message()).isEqualTo("declarative config is invalid: {}");
        assertThat(r.configurationHash()).isNull();
        assertThat(r.errors()).hasSize(2);
        ConfigResult.EntityError service = r.errors().get(0);
        assertThat(service.entityType()).isEqualTo("service");
        assertThat(service.entityName()).isEqualTo("dup");
        assertThat(service.entityId()).isNull();
        assertThat(service.entityTags()).isEmpty();
        assertThat(service.fieldErrors()).containsExactly(
                new ConfigResult.FieldError("port", "value should be between 0 and 65535"));
        assertThat(service.entity().path("port").asInt()).isEqualTo(70000);
        ConfigResult.EntityError route = r.errors().get(1);
        assertThat(route.entityType()).isEqualTo("route");
        assertThat(route.fieldErrors()).containsExactly(
                new ConfigResult.FieldError("service.id", "missing primary key"));
        assertThat(r.body().path("code").asInt()).isEqualTo(14);
        // A rejection is an answer, not a failure: never retried.
        wm.verify(1, postRequestedFor(urlPathEqualTo("/config")));
    }

    @Test
    void rejectedConfigWithEmptyFlattenedErrorsKeepsTheMessage() {
        // dbless-config.json exchange 12: duplicates only; Kong sends "flattened_errors": {}.
        wm.stubFor(post(urlPathEqualTo("/config")).willReturn(aResponse().withStatus(400)
                .withBody(Transcripts.responseBody(DBLESS, 12))));

        ConfigResult r = Await.result(client().loadConfig(recordedConfig(), false));

        assertThat(r.outcome()).isEqualTo(ConfigResult.Outcome.REJECTED);
        assertThat(r.errors()).isEmpty();
        assertThat(r.body().path("name").asText()).isEqualTo("invalid declarative configuration");
    }

    @Test
    void rejectedConfigWithIdsTagsAndEntityLevelErrors() {
        // The full entry shape of kong/db/errors.lua declarative_config_flattened: entity_id and entity_tags
        // when the entity has them, and "entity" errors (entity checks) without a field.
        String body = "{\"code\":14,\"name\":\"invalid declarative configuration\",\"fields\":{},"
                + "\"message\":\"declarative config is invalid: {}\",\"flattened_errors\":[{\"entity_type\":\"route\","
                + "\"entity_name\":\"r1\",\"entity_id\":\"7e57ab1e-0000-4000-8000-000000000001\","
                + "\"entity_tags\":[\"managed-by:kcs\",\"catalog-service:a\"],\"entity\":{\"name\":\"r1\"},"
                + "\"errors\":[{\"type\":\"entity\",\"message\":\"must set one of 'methods', 'hosts', 'headers', "
                + "'paths', 'snis' when 'protocols' is 'https'\"},{\"type\":\"field\",\"field\":\"protocols\","
                + "\"message\":\"unknown type\"}]}]}";
        wm.stubFor(post(urlPathEqualTo("/config")).willReturn(aResponse().withStatus(400).withBody(body)));

        ConfigResult r = Await.result(client().loadConfig(recordedConfig(), false));

        ConfigResult.EntityError e = r.errors().get(0);
        assertThat(e.entityId()).isEqualTo("7e57ab1e-0000-4000-8000-000000000001");
        assertThat(e.entityTags()).containsExactly("managed-by:kcs", "catalog-service:a");
        assertThat(e.fieldErrors()).extracting(ConfigResult.FieldError::field).containsExactly(null, "protocols");
        assertThat(e.fieldErrors().get(0).message()).startsWith("must set one of");
    }

    @Test
    void otherConfigFailuresThrow() {
        // dbless-config.json exchange 17 (no code), and /config on a DB-mode Kong (root-and-status.json).
        wm.stubFor(post(urlPathEqualTo("/config")).willReturn(aResponse().withStatus(400)
                .withBody(Transcripts.responseBody("root-and-status.json", 5))));

        KongBadRequestException e = Await.failure(client().loadConfig(recordedConfig(), true),
                KongBadRequestException.class);

        assertThat(e.kongMessage()).isEqualTo(
                "this endpoint is only available when Kong is configured to not use a database");
    }

    @Test
    void pluginSchemaAndValidation() {
        wm.stubFor(get(urlPathEqualTo("/schemas/plugins/rate-limiting")).willReturn(aResponse().withStatus(200)
                .withBody(Transcripts.responseBody("schemas.json", 0))));
        wm.stubFor(post(urlPathEqualTo("/schemas/plugins/validate")).withRequestBody(
                        com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.config.minute", equalTo("10")))
                .willReturn(aResponse().withStatus(200).withBody("{\"message\":\"schema validation successful\"}")));
        wm.stubFor(post(urlPathEqualTo("/schemas/plugins/validate")).withRequestBody(
                        com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.config.minute", equalTo("ten")))
                .willReturn(aResponse().withStatus(400).withBody(Transcripts.responseBody("schemas.json", 7))));
        KongAdminClient client = client();
        Plugin good = new Plugin(null, "rate-limiting", null, null, null, null,
                Map.of("minute", 10, "policy", "local"), null, null, List.of(), null, null);
        Plugin bad = new Plugin(null, "rate-limiting", null, null, null, null,
                Map.of("minute", "ten", "policy", "nope"), null, null, null, null, null);

        JsonNode schema = Await.result(client.pluginSchema("rate-limiting"));
        Await.result(client.validatePlugin(good));
        KongSchemaViolationException e = Await.failure(client.validatePlugin(bad), KongSchemaViolationException.class);

        assertThat(schema.path("fields").isArray()).isTrue();
        assertThat(e.fields().path("config").path("minute").asText()).isEqualTo("expected a number");
        assertThat(e.fields().path("config").path("policy").asText()).startsWith("expected one of");
    }

    @Test
    void schemaOfAnUnknownPluginIsNotFound() {
        wm.stubFor(get(urlPathEqualTo("/schemas/plugins/no-such-plugin")).willReturn(aResponse().withStatus(404)
                .withBody(Transcripts.responseBody("schemas.json", 4))));

        KongNotFoundException e = Await.failure(client().pluginSchema("no-such-plugin"), KongNotFoundException.class);

        assertThat(e.kongMessage()).isEqualTo("No plugin named 'no-such-plugin'");
    }
}
