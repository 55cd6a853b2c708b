package io.catalogsync.sync.render;

import static io.catalogsync.sync.EmulatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.catalogsync.catalog.CatalogParser;
import io.catalogsync.catalog.translate.Translation;
import io.catalogsync.catalog.translate.Translator;
import io.catalogsync.kong.admin.ConfigResult;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.EmulatorHarness;
import io.catalogsync.sync.ReconcileOptions;
import io.catalogsync.sync.TestPaths;
import io.catalogsync.sync.state.EntityJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeckRendererTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    private static Translation example() throws Exception {
        return Translator.translate(CatalogParser.parseYaml(Files.readString(TestPaths.exampleCatalog()), "catalog.yaml"),
                EmulatorHarness.translateOptions(EmulatorHarness.TEST_HOOK));
    }

    @Test
    void deckFilesSelectTheOwnerTagAndNestChildren() throws Exception {
        Translation t = example();
        String yaml = DeckRenderer.render(t.desired(), "managed-by:kong-catalog-sync", DeckRenderer.Target.DECK,
                DeckRenderer.Format.YAML);
        assertThat(yaml).startsWith("_format_version: \"3.0\"\n");
        JsonNode doc = YAML.readTree(yaml);
        assertThat(doc.at("/_info/select_tags/0").asText()).isEqualTo("managed-by:kong-catalog-sync");
        JsonNode payments = null;
        for (JsonNode s : doc.get("services")) {
            assertThat(s.has("created_at")).isFalse();
            if (s.get("name").asText().equals("payments")) {
                payments = s;
            }
        }
        assertThat(payments).isNotNull();
        assertThat(payments.get("routes")).isNotEmpty();
        assertThat(payments.get("routes").get(0).has("service")).as("nested routes carry no service key").isFalse();
        assertThat(payments.get("plugins")).extracting(p -> p.get("name").asText()).contains("rate-limiting", "oauth2");
        assertThat(doc.get("upstreams").get(0).get("targets")).isNotEmpty();
        assertThat(doc.get("consumers")).extracting(c -> c.get("username").asText())
                .containsExactly("kong-catalog-sync-anonymous");
        assertThat(doc.has("plugins")).as("every plugin nests under its scope").isFalse();
        // Same content in JSON.
        String json = DeckRenderer.render(t.desired(), "managed-by:kong-catalog-sync", DeckRenderer.Target.DECK,
                DeckRenderer.Format.JSON);
        assertThat(EntityJson.MAPPER.readTree(json)).isEqualTo(doc);
        // Stable: the same catalog renders byte for byte the same.
        assertThat(DeckRenderer.render(example().desired(), "managed-by:kong-catalog-sync", DeckRenderer.Target.DECK,
                DeckRenderer.Format.YAML)).isEqualTo(yaml);
    }

    @Test
    void kongTargetLoadsIntoDbLessKongAndMatchesTheDesiredState() throws Exception {
        Translation t = example();
        String yaml = DeckRenderer.render(t.desired(), "managed-by:kong-catalog-sync", DeckRenderer.Target.KONG,
                DeckRenderer.Format.YAML);
        JsonNode doc = YAML.readTree(yaml);
        assertThat(doc.has("_info")).as("Kong 3.4's declarative schema refuses unknown top-level keys").isFalse();
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.dblessDefaults(), dir)) {
            ConfigResult loaded = await(h.client.loadConfig(doc, false));
            assertThat(loaded.outcome()).as("%s %s", loaded.message(), loaded.errors()).isEqualTo(ConfigResult.Outcome.LOADED);
            // Kong now holds exactly what a sync would write: a sync finds nothing to do.
            h.emulator.clearRequests();
            CycleResult c = h.cycle(h.reconciler(), ReconcileOptions.defaults());
            assertThat(c.plan().operations()).isEmpty();
            assertThat(c.outcome()).isEqualTo(CycleResult.Outcome.NO_CHANGES);
            assertThat(c.configPushes()).isZero();
        }
    }
}
