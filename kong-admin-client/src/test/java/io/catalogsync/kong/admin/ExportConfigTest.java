package io.catalogsync.kong.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.KongEmulator;
import org.junit.jupiter.api.Test;

/** {@code GET /config}: Kong's YAML export parsed into a declarative document. */
class ExportConfigTest extends WireMockTestBase {

    private static final String DBLESS = "dbless-config.json";

    @Test
    void parsesKongsYamlExport() {
        // dbless-config.json exchange 36: the recorded answer, {"config": "<YAML>"}.
        wm.stubFor(get(urlPathEqualTo("/config")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(Transcripts.responseBody(DBLESS, 36))));

        JsonNode doc = Await.result(client().exportConfig());

        assertThat(doc.path("_format_version").asText()).isEqualTo("3.0");
        assertThat(doc.path("_transform").isBoolean()).isTrue();
        assertThat(doc.path("_transform").asBoolean()).isFalse();
        assertThat(doc.path("services")).hasSize(2);
        JsonNode plugin = doc.path("plugins").get(0);
        // Foreign keys are bare ids; `~` is null; numbers stay numbers.
        assertThat(plugin.path("service").isTextual()).isTrue();
        assertThat(plugin.path("service").asText()).isEqualTo("<uuid:services:1>");
        assertThat(plugin.has("route")).isTrue();
        assertThat(plugin.get("route").isNull()).isTrue();
        assertThat(plugin.path("config").path("minute").isInt()).isTrue();
        assertThat(plugin.path("config").path("minute").asInt()).isEqualTo(100);
        assertThat(plugin.path("config").path("fault_tolerant").asBoolean()).isTrue();
        assertThat(doc.path("upstreams").get(0).path("healthchecks").path("active").path("unhealthy")
                .path("http_statuses")).hasSize(8);
        assertThat(doc.path("targets").get(0).path("upstream").asText()).isEqualTo("<uuid:upstreams:1>");
        wm.verify(1, getRequestedFor(urlPathEqualTo("/config")));
    }

    @Test
    void anExportLargerThanSnakeYamlsDefaultLimitIsRead() throws Exception {
        // Kong holding ~2,000 services exports 9.1 MB of YAML (issue 12); SnakeYAML refuses more than 3 MiB of
        // code points by default. 4 MB of services here, in Kong's layout.
        StringBuilder yaml = new StringBuilder("_format_version: '3.0'\n_transform: false\nservices:\n");
        int n = 0;
        while (yaml.length() < 4_000_000) {
            yaml.append("- connect_timeout: 60000\n  host: svc-").append(n).append(".internal\n  id: ")
                    .append(java.util.UUID.nameUUIDFromBytes(Integer.toString(n).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .append("\n  name: svc-").append(n).append("\n  path: ~\n  port: 8080\n  protocol: http\n")
                    .append("  read_timeout: 60000\n  retries: 5\n  tags:\n  - managed-by:kong-catalog-sync\n")
                    .append("  write_timeout: 60000\n");
            n++;
        }
        ObjectNode body = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().createObjectNode()
                .put("config", yaml.toString());
        wm.stubFor(get(urlPathEqualTo("/config")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(body.toString())));

        JsonNode doc = Await.result(client().exportConfig());

        assertThat(doc.path("services")).hasSize(n);
        assertThat(doc.path("services").get(n - 1).path("name").asText()).isEqualTo("svc-" + (n - 1));
    }

    @Test
    void dbModeKongRefusesTheExport() {
        // root-and-status.json exchange 4: GET /config on a DB-mode Kong.
        wm.stubFor(get(urlPathEqualTo("/config")).willReturn(aResponse().withStatus(400)
                .withBody(Transcripts.responseBody("root-and-status.json", 4))));

        KongBadRequestException e = Await.failure(client().exportConfig(), KongBadRequestException.class);

        assertThat(e.getMessage()).contains("only available when Kong is configured to not use a database");
    }

    @Test
    void anAnswerWithoutAConfigStringOrWithBrokenYamlFailsClearly() {
        wm.stubFor(get(urlPathEqualTo("/config")).willReturn(aResponse().withStatus(200).withBody("{\"x\":1}")));
        assertThat(Await.failure(client().exportConfig(), KongTransportException.class).getMessage())
                .contains("\"config\"");
        wm.resetAll();
        wm.stubFor(get(urlPathEqualTo("/config")).willReturn(aResponse().withStatus(200)
                .withBody("{\"config\":\"services: [unclosed\\n\"}")));
        assertThat(Await.failure(client().exportConfig(), KongTransportException.class).getMessage())
                .contains("not valid YAML");
        wm.resetAll();
        wm.stubFor(get(urlPathEqualTo("/config")).willReturn(aResponse().withStatus(200)
                .withBody("{\"config\":\"- a\\n- b\\n\"}")));
        assertThat(Await.failure(client().exportConfig(), KongTransportException.class).getMessage())
                .contains("not a YAML mapping");
    }

    @Test
    void exportOfTheEmulatorLoadsBackUnchanged() {
        KongEmulator kong = Await.result(KongEmulator.start(vertx, EmulatorOptions.dblessDefaults()));
        try {
            KongAdminClient c = client(new KongAdminOptions().setBaseUrl(kong.adminUrl()).setMaxRetries(0));
            ObjectNode config = KongJson.MAPPER.createObjectNode().put("_format_version", "3.0");
            ObjectNode consumer = config.putArray("consumers").addObject().put("username", "alice");
            consumer.putArray("tags").add("team-a");
            consumer.putArray("keyauth_credentials").addObject().put("key", "alice-key");
            config.putArray("services").addObject().put("name", "s").put("url", "http://s.internal:8080/v1")
                    .putArray("routes").addObject().put("name", "r").putArray("paths").add("/s");
            assertThat(Await.result(c.loadConfig(config, false)).outcome()).isEqualTo(ConfigResult.Outcome.LOADED);

            JsonNode exported = Await.result(c.exportConfig());
            assertThat(exported.path("keyauth_credentials").get(0).path("key").asText()).isEqualTo("alice-key");
            assertThat(exported.path("keyauth_credentials").get(0).path("consumer").asText())
                    .isEqualTo(exported.path("consumers").get(0).path("id").asText());
            assertThat(exported.path("routes").get(0).path("service").asText())
                    .isEqualTo(exported.path("services").get(0).path("id").asText());

            // What GET /config gives, POST /config takes back: the same configuration again.
            assertThat(Await.result(c.loadConfig(exported, false)).outcome()).isEqualTo(ConfigResult.Outcome.LOADED);
            // Only updated_at may move: Kong sets it anew on every load (kong/db/schema/init.lua process_auto_fields).
            assertThat(withoutUpdatedAt(Await.result(c.exportConfig()))).isEqualTo(withoutUpdatedAt(exported));
        } finally {
            kong.close();
        }
    }

    private static JsonNode withoutUpdatedAt(JsonNode doc) {
        JsonNode copy = doc.deepCopy();
        copy.forEach(list -> list.forEach(e -> {
            if (e.isObject()) {
                ((ObjectNode) e).remove("updated_at");
            }
        }));
        return copy;
    }
}
