package io.catalogsync.sync.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.catalog.CatalogParser;
import io.catalogsync.catalog.translate.KongRedis;
import io.catalogsync.catalog.translate.TranslateOptions;
import io.catalogsync.catalog.translate.Translation;
import io.catalogsync.catalog.translate.Translator;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.KongEmulator;
import io.catalogsync.kong.emulator.KongTranscripts;
import io.catalogsync.kong.entity.Consumer;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongAdminOptions;
import io.catalogsync.sync.MaskingHookSource;
import io.catalogsync.sync.plan.FieldChange;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Plan;
import io.catalogsync.sync.plan.Update;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Zero phantom diff against what real Kong answered: the owned state real Kong returned to the daemon right
 * after its first sync (kong-transcripts/{version}-daemon/daemon-db.json, the {@code plan} command's list
 * answers), compared field by field with the translation of the same catalog, completed with Kong's schema
 * defaults (the recorded {@code GET /schemas/...} answers where recorded, the emulator's otherwise), must give
 * no update at all.
 */
class RealKongNoPhantomDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "Kong {0}")
    @ValueSource(strings = {"3.4.2", "3.9.3"})
    void realKongsAnswersAfterTheFirstSyncHoldNoUpdate(String version) throws Exception {
        Path folder = KongTranscripts.folder(version + "-daemon");
        JsonNode exchanges = JSON.readTree(Files.readAllBytes(folder.resolve("daemon-db.json"))).path("exchanges");
        KongState actual = ownedStateOfTheSecondCommand(exchanges);
        assertThat(actual.services()).hasSizeGreaterThan(5);
        assertThat(actual.plugins()).extracting(Plugin::name).contains("jwt", "key-auth", "oauth2", "basic-auth",
                "rate-limiting");

        TranslateOptions options = TranslateOptions.defaults()
                .withMaskingHookLua(MaskingHookSource.load().orElseThrow())
                .withKongRedis(KongRedis.of("127.0.0.1", 6379))
                .withKongVersion(io.catalogsync.kong.admin.KongVersion.parse(version));
        Translation t = Translator.translate(CatalogParser.parseJson(
                Files.readAllBytes(folder.resolve("edge.json"))).services(), options);

        SchemaDefaults defaults = schemas(version);
        assertThat(defaults.fromKong()).isTrue();
        Plan plan = new Differ(defaults).diff(t.desired(), actual, DiffScope.NONE);

        // A phantom diff is a field the daemon wrote with the desired value that Kong stored or echoes in another
        // form (defaults filled in, fields renamed or expanded), so that every cycle "updates" it. Fields whose
        // desired value is not what the recorded daemon sent are changes of the translation since the recording
        // (one upstream per target set, route names without methods, IPv6 targets written as Kong stores them),
        // which one cycle applies and the next does not repeat.
        Map<String, JsonNode> sent = sentBodies(exchanges);
        List<String> phantoms = new java.util.ArrayList<>();
        for (Operation o : plan.operations()) {
            if (!(o instanceof Update u)) {
                continue;
            }
            JsonNode body = sent.get(u.entity().id());
            assertThat(body).as("the daemon's recorded write of %s %s", u.type(), u.key()).isNotNull();
            for (FieldChange c : u.changes()) {
                JsonNode wrote = at(body, c.path());
                if (wrote != null && JSON.valueToTree(wrote).equals(JSON.valueToTree(c.after()))) {
                    phantoms.add(u.type() + " " + u.key() + " " + c);
                }
            }
        }
        assertThat(phantoms).as("phantom updates against real Kong %s", version).isEmpty();
    }

    /** The body of the last write (PUT, POST) the recorded daemon sent for each entity id, in its first command. */
    private static Map<String, JsonNode> sentBodies(JsonNode exchanges) {
        Map<String, JsonNode> out = new HashMap<>();
        int roots = 0;
        for (JsonNode ex : exchanges) {
            JsonNode req = ex.path("request");
            String method = req.path("method").asText();
            if (method.equals("GET") && req.path("path").asText().equals("/")) {
                roots++;
            }
            if (roots == 1 && (method.equals("PUT") || method.equals("POST")) && req.path("body").has("id")) {
                out.put(req.path("body").path("id").asText(), req.path("body"));
            }
        }
        return out;
    }

    /** The value at a dotted field path ({@code config.minute}) of a body, or null. */
    private static JsonNode at(JsonNode body, String path) {
        JsonNode n = body;
        for (String part : path.split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        return n;
    }

    /** The list answers of the {@code plan} command that followed the first {@code run --once}. */
    private static KongState ownedStateOfTheSecondCommand(JsonNode exchanges) throws Exception {
        int roots = 0;
        KongState.Builder b = KongState.builder();
        for (JsonNode ex : exchanges) {
            JsonNode req = ex.path("request");
            String path = req.path("path").asText();
            if (req.path("method").asText().equals("GET") && path.equals("/")) {
                roots++;
                continue;
            }
            if (roots != 2 || !req.path("method").asText().equals("GET") || ex.path("response").path("status").asInt() != 200) {
                continue;
            }
            boolean owned = "managed-by:kong-catalog-sync".equals(req.path("query").path("tags").asText());
            for (JsonNode row : ex.path("response").path("body").path("data")) {
                ObjectNode e = ((ObjectNode) row).deepCopy();
                // Recorded timestamps are placeholders ("<ts>").
                e.remove("created_at");
                e.remove("updated_at");
                if (path.endsWith("/targets")) {
                    b.add(JSON.convertValue(e, Target.class));
                } else if (!owned) {
                    continue;
                } else if (path.equals("/services")) {
                    b.add(JSON.convertValue(e, Service.class));
                } else if (path.equals("/routes")) {
                    b.add(JSON.convertValue(e, Route.class));
                } else if (path.equals("/upstreams")) {
                    b.add(JSON.convertValue(e, Upstream.class));
                } else if (path.equals("/plugins")) {
                    b.add(JSON.convertValue(e, Plugin.class));
                } else if (path.equals("/consumers")) {
                    b.add(JSON.convertValue(e, Consumer.class));
                }
            }
        }
        return b.build();
    }

    /** Real Kong's recorded schemas where the transcripts have them, the emulator's for the rest. */
    private static SchemaDefaults schemas(String version) throws Exception {
        Map<EntityType, JsonNode> entities = new EnumMap<>(EntityType.class);
        Map<String, JsonNode> plugins = new HashMap<>();
        Vertx vertx = Vertx.vertx();
        try {
            KongEmulator emulator = await(KongEmulator.start(vertx, EmulatorOptions.defaults().withVersion(version)));
            KongAdminClient client = KongAdminClient.create(vertx, new KongAdminOptions().setBaseUrl(emulator.adminUrl()));
            for (EntityType type : EntityType.values()) {
                entities.put(type, await(client.entitySchema(type.collection())));
            }
            for (String p : List.of("jwt", "key-auth", "oauth2", "basic-auth", "rate-limiting", "cors", "pre-function")) {
                plugins.put(p, await(client.pluginSchema(p)));
            }
            client.close();
        } finally {
            await(vertx.close());
        }
        JsonNode recorded = JSON.readTree(Files.readAllBytes(KongTranscripts.folder(version).resolve("schemas.json")));
        for (JsonNode ex : recorded.path("exchanges")) {
            String path = ex.path("request").path("path").asText();
            if (!ex.path("request").path("method").asText().equals("GET") || ex.path("response").path("status").asInt() != 200) {
                continue;
            }
            if (path.startsWith("/schemas/plugins/")) {
                plugins.put(path.substring("/schemas/plugins/".length()), ex.path("response").path("body"));
            } else {
                String collection = path.substring("/schemas/".length());
                for (EntityType type : EntityType.values()) {
                    if (type.collection().equals(collection)) {
                        entities.put(type, ex.path("response").path("body"));
                    }
                }
            }
        }
        return SchemaDefaults.fromSchemas(entities, plugins);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
