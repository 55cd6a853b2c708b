package io.catalogsync.kong.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.emulator.KongTranscripts;
import io.catalogsync.kong.entity.Consumer;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ListPageReader} reads a list page in one streaming pass; the client used to parse it into a tree and bind
 * each item with {@code treeToValue}. Both must give the same records (the {@code extra} maps with the same number
 * types, Kong's nulls dropped the same way) and, for a page they cannot use, the same outcome: "not JSON" (retried),
 * no 'data' array, an item that is not an object, or the same "does not fit" message naming the same field path,
 * never a value. {@link #treeWay} is the code the reader replaced, kept here as the reference.
 */
class ListPageReaderTest {

    private static final List<String> RECORDINGS = List.of("3.4.2", "3.4.2-daemon", "3.9.3", "3.9.3-daemon");
    private static final String SECRET = "s3cret-value-never-quoted";

    /** A 2xx list page of one of the six collections the records model, from a real Kong. */
    record RecordedPage(String where, Class<? extends KongEntity> type, String body) {
    }

    @Test
    void everyRecordedListPageReadsToTheSameRecordsBothWays() {
        List<RecordedPage> pages = recordedPages();
        int entities = 0;
        int compared = 0;
        // Recordings replace timestamps with "<ts>": once as Kong's integers (services, routes...), once as its
        // floats with milliseconds (targets), once left as they are (then nothing fits a Long: both must fail alike).
        for (RecordedPage page : pages) {
            for (String ts : List.of("1700000000", "1700000000.123", "\"<ts>\"")) {
                String body = page.body().replace("\"<ts>\"", ts);
                Outcome tree = treeWay(page.type(), body);
                Outcome stream = streamWay(page.type(), body);
                assertThat(stream).as("%s with <ts> = %s", page.where(), ts).isEqualTo(tree);
                if (tree.page() != null) {
                    entities += tree.page().data().size();
                    compared++;
                }
            }
        }
        // Not vacuous: the recordings hold ~200 such pages, and most read with numeric timestamps.
        assertThat(pages).hasSizeGreaterThan(150);
        assertThat(compared).isGreaterThan(300);
        assertThat(entities).isGreaterThan(500);
        assertThat(pages.stream().map(RecordedPage::type).distinct())
                .containsExactlyInAnyOrder(Service.class, Route.class, Plugin.class, Consumer.class, Upstream.class,
                        Target.class);
    }

    /**
     * Every field of every item of some recorded pages replaced in turn by a value of another JSON type, a secret
     * string among them: both ways agree on records or on the message, and no message quotes the value.
     */
    @Test
    void fieldsOfTheWrongTypeFailAlikeAndNeverQuoteTheValue() throws IOException {
        List<JsonNode> replacements = List.of(KongJson.MAPPER.getNodeFactory().textNode(SECRET),
                KongJson.MAPPER.readTree("{\"k\": \"" + SECRET + "\"}"),
                KongJson.MAPPER.readTree("[\"" + SECRET + "\", 1]"),
                KongJson.MAPPER.getNodeFactory().numberNode(9_999_999_999_999L),
                KongJson.MAPPER.getNodeFactory().numberNode(1.5),
                KongJson.MAPPER.getNodeFactory().booleanNode(true),
                KongJson.MAPPER.getNodeFactory().nullNode());
        int misfits = 0;
        int cases = 0;
        for (RecordedPage page : firstPageOfEachType()) {
            ObjectNode root = (ObjectNode) KongJson.MAPPER.readTree(page.body().replace("\"<ts>\"", "1700000000"));
            ArrayNode data = (ArrayNode) root.get("data");
            for (int i = 0; i < data.size(); i++) {
                ObjectNode item = (ObjectNode) data.get(i);
                List<String> fields = new ArrayList<>();
                item.fieldNames().forEachRemaining(fields::add);
                for (String field : fields) {
                    JsonNode kept = item.get(field);
                    for (JsonNode r : replacements) {
                        item.set(field, r);
                        String body = KongJson.MAPPER.writeValueAsString(root);
                        Outcome tree = treeWay(page.type(), body);
                        Outcome stream = streamWay(page.type(), body);
                        assertThat(stream).as("%s item %d %s = %s", page.where(), i, field, r).isEqualTo(tree);
                        if (tree.error() != null) {
                            misfits++;
                            assertThat(tree.error()).doesNotContain(SECRET).doesNotContain("9999999999999");
                        }
                        cases++;
                    }
                    item.set(field, kept);
                }
            }
        }
        assertThat(cases).isGreaterThan(500);
        // Not vacuous: many of these do not fit a record (a string for a port, an object for a name...).
        assertThat(misfits).isGreaterThan(100);
    }

    /** Every prefix of a recorded page is not JSON both ways (a truncated answer, retried by the executor). */
    @Test
    void truncatedPagesAreNotJsonBothWays() {
        for (RecordedPage page : firstPageOfEachType()) {
            String body = page.body().replace("\"<ts>\"", "1700000000");
            for (int end = 1; end < body.length(); end += Math.max(1, body.length() / 200)) {
                String cut = body.substring(0, end);
                if (cut.isBlank()) {
                    continue;
                }
                assertThat(streamWay(page.type(), cut)).as("%s cut at %d", page.where(), end)
                        .isEqualTo(treeWay(page.type(), cut)).isEqualTo(Outcome.failed("not JSON"));
            }
        }
    }

    @Test
    void unusablePagesFailAsTheTreeWayDid() {
        List<String> bodies = List.of("", "   ", "null", "[]", "\"x\"", "{}", "{\"data\": null}", "{\"data\": {}}",
                "{\"data\": [1]}", "{\"data\": [null]}", "{\"data\": [{\"name\": \"a\"}, \"b\"]}",
                "{\"data\": [{\"port\": \"" + SECRET + "\"}, 7]}", "{\"data\": [{\"port\": \"" + SECRET + "\"}]}",
                "{\"data\": [{\"port\": \"" + SECRET + "\"}], \"x\": }", "{\"data\": []} {}", "{\"data\": []} <html>",
                "{\"data\": [], \"data\": [{\"name\": \"b\"}]}", "{\"data\": [{\"name\": \"a\"}], \"data\": 1}",
                "{\"data\": [{\"name\": \"a\"}], \"offset\": 12}", "{\"data\": [], \"offset\": \"\"}",
                "{\"data\": [], \"offset\": null, \"next\": null}", "{\"data\": [], \"offset\": {\"a\": 1}}",
                "{\"offset\": \"abc\", \"data\": [{\"name\": \"a\", \"extra\": {\"n\": [1, 2.5, null, true]}}]}",
                "{\"data\": [{\"name\": \"a\", \"retries\": 12345678901}]}",
                "{\"data\": [{\"name\": \"a\", \"tags\": \"one\"}]}");
        for (String body : bodies) {
            assertThat(streamWay(Service.class, body)).as(body).isEqualTo(treeWay(Service.class, body));
        }
        assertThat(streamWay(Service.class, "{\"data\": [{\"port\": \"" + SECRET + "\"}, 7]}"))
                .isEqualTo(Outcome.failed("GET /services -> no usable response: a 'data' item is not an object"));
        assertThat(streamWay(Service.class, "{\"data\": [{\"port\": \"" + SECRET + "\"}]}").error())
                .startsWith("GET /services -> no usable response: Kong's answer does not fit Service at ")
                .contains("port").doesNotContain(SECRET);
        assertThat(streamWay(Service.class, "{}")).isEqualTo(Outcome.failed("GET /services -> no usable response: status 200 without a "
                + "'data' array"));
    }

    /** Random pages of random services: both ways give the same records. */
    @Test
    void generatedPagesReadAlike() {
        Random random = new Random(12);
        for (int n = 0; n < 300; n++) {
            StringBuilder b = new StringBuilder("{\"data\": [");
            int items = random.nextInt(5);
            for (int i = 0; i < items; i++) {
                b.append(i == 0 ? "" : ",").append("{\"name\": \"s").append(i).append('"');
                for (String f : List.of("port", "retries", "created_at", "tls_verify", "client_certificate",
                        "ca_certificates", "x_future")) {
                    if (random.nextBoolean()) {
                        b.append(", \"").append(f).append("\": ").append(value(random));
                    }
                }
                b.append('}');
            }
            b.append("], \"offset\": ").append(random.nextBoolean() ? "\"o" + n + "\"" : "null").append('}');
            String body = b.toString();
            assertThat(streamWay(Service.class, body)).as(body).isEqualTo(treeWay(Service.class, body));
        }
    }

    private static String value(Random random) {
        switch (random.nextInt(8)) {
            case 0: return "null";
            case 1: return Integer.toString(random.nextInt(70000));
            case 2: return Long.toString(random.nextLong());
            case 3: return Double.toString(random.nextDouble() * 1e6);
            case 4: return "true";
            case 5: return "\"v" + random.nextInt(9) + "\"";
            case 6: return "[1, \"a\", null, {\"b\": 2.0}]";
            default: return "{\"id\": \"u" + random.nextInt(9) + "\", \"n\": " + random.nextInt(3) + "}";
        }
    }

    /**
     * Every 2xx answer holding one entity in the recordings (a GET by id or name, the entity echoed after a POST, PUT
     * or PATCH) reads to the same record through {@link EntityReader} as through the tree, and so do its prefixes
     * and wrong shapes.
     */
    @Test
    void everyRecordedEntityAnswerReadsTheSameBothWays() {
        int read = 0;
        int answers = 0;
        for (String recording : RECORDINGS) {
            for (Path file : KongTranscripts.files(recording)) {
                JsonNode exchanges = readJson(file).path("exchanges");
                for (int i = 0; i < exchanges.size(); i++) {
                    JsonNode request = exchanges.get(i).path("request");
                    JsonNode response = exchanges.get(i).path("response");
                    int status = response.path("status").asInt();
                    JsonNode body = response.path("body");
                    String path = request.path("path").asText().replaceFirst("\\?.*", "");
                    Class<? extends KongEntity> type = entityTypeOf(path);
                    if (type == null || status < 200 || status >= 300 || !body.isObject() || body.has("data")) {
                        continue;
                    }
                    answers++;
                    for (String ts : List.of("1700000000", "1700000000.123", "\"<ts>\"")) {
                        String text = body.toString().replace("\"<ts>\"", ts);
                        Outcome tree = treeEntity(type, text);
                        assertThat(streamEntity(type, text)).as("%s/%s #%d %s", recording, file.getFileName(), i, path)
                                .isEqualTo(tree);
                        read += tree.page() != null ? 1 : 0;
                    }
                }
            }
        }
        assertThat(answers).isGreaterThan(100);
        assertThat(read).isGreaterThan(200);
        for (String text : List.of("", " ", "null", "[]", "[{}]", "\"x\"", "{}", "{} {}", "{\"port\": \"" + SECRET + "\"}",
                "{\"port\": \"" + SECRET + "\"", "{\"port\": \"" + SECRET + "\"} <html>", "{\"name\": \"a\", \"x\": [1, 2.5]}")) {
            assertThat(streamEntity(Service.class, text)).as(text).isEqualTo(treeEntity(Service.class, text));
            assertThat(String.valueOf(streamEntity(Service.class, text).error())).doesNotContain(SECRET);
        }
        assertThat(streamEntity(Service.class, "[]").error())
                .isEqualTo("PUT /services/x -> no usable response: expected a JSON object from Kong");
    }

    private static Outcome streamEntity(Class<? extends KongEntity> type, String body) {
        try (com.fasterxml.jackson.core.JsonParser p = KongJson.MAPPER.createParser(body.getBytes(StandardCharsets.UTF_8))) {
            KongEntity e = new EntityReader<>(type, "PUT", "/services/x").read(p, 200);
            return new Outcome(new Page<>(List.of(e), null), null);
        } catch (IOException e) {
            return Outcome.failed("not JSON");
        } catch (KongTransportException e) {
            return Outcome.failed(e.getMessage());
        }
    }

    /** What the client did before for one entity: {@code RequestExecutor.parse}, then {@code WebEntityApi.toEntity}. */
    private static Outcome treeEntity(Class<? extends KongEntity> type, String body) {
        JsonNode node = null;
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            try {
                node = KongJson.MAPPER.readTree(bytes);
            } catch (IOException e) {
                return Outcome.failed("not JSON");
            }
        }
        if (node == null || !node.isObject()) {
            return Outcome.failed(new KongTransportException("PUT", "/services/x", "expected a JSON object from Kong",
                    null).getMessage());
        }
        try {
            return new Outcome(new Page<>(List.of(KongJson.MAPPER.treeToValue(node, type)), null), null);
        } catch (JsonMappingException e) {
            return Outcome.failed(new KongTransportException("PUT", "/services/x", "Kong's answer does not fit "
                    + type.getSimpleName() + " at " + e.getPathReference(), null).getMessage());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Outcome.failed(new KongTransportException("PUT", "/services/x", "Kong's answer does not fit "
                    + type.getSimpleName(), null).getMessage());
        }
    }

    /** The entity type of an answer to {@code /services}, {@code /services/x}, {@code /upstreams/u/targets/t}... */
    private static Class<? extends KongEntity> entityTypeOf(String path) {
        String[] segments = path.split("/");
        int n = segments.length;
        if (n >= 2 && typeOf(segments[n - 1]) != null) {
            return typeOf(segments[n - 1]);
        }
        return n >= 3 ? typeOf(segments[n - 2]) : null;
    }

    private static JsonNode readJson(Path file) {
        try {
            return KongJson.MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** A page's records, or the message it failed with ("not JSON" for a body the executor retries). */
    record Outcome(Page<? extends KongEntity> page, String error) {

        static Outcome failed(String error) {
            return new Outcome(null, error);
        }
    }

    private static Outcome streamWay(Class<? extends KongEntity> type, String body) {
        try {
            return new Outcome(new ListPageReader<>(type, "/services").read(body.getBytes(StandardCharsets.UTF_8),
                    200), null);
        } catch (IOException e) {
            return Outcome.failed("not JSON");
        } catch (KongTransportException e) {
            return Outcome.failed(e.getMessage());
        }
    }

    /** What the client did before: {@code RequestExecutor.parse}, {@code WebEntityApi.rawPage} and {@code toEntity}. */
    private static Outcome treeWay(Class<? extends KongEntity> type, String body) {
        JsonNode json = null;
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            try {
                json = KongJson.MAPPER.readTree(bytes);
            } catch (IOException e) {
                return Outcome.failed("not JSON");
            }
        }
        JsonNode data = json == null ? null : json.get("data");
        if (data == null || !data.isArray()) {
            return Outcome.failed(new KongTransportException("GET", "/services", "status 200 without a 'data' array",
                    null).getMessage());
        }
        for (JsonNode n : data) {
            if (!n.isObject()) {
                return Outcome.failed(new KongTransportException("GET", "/services", "a 'data' item is not an object",
                        null).getMessage());
            }
        }
        List<KongEntity> items = new ArrayList<>();
        for (JsonNode n : data) {
            try {
                items.add(KongJson.MAPPER.treeToValue(n, type));
            } catch (JsonMappingException e) {
                return Outcome.failed(new KongTransportException("GET", "/services", "Kong's answer does not fit "
                        + type.getSimpleName() + " at " + e.getPathReference(), null).getMessage());
            } catch (JsonProcessingException | IllegalArgumentException e) {
                return Outcome.failed(new KongTransportException("GET", "/services", "Kong's answer does not fit "
                        + type.getSimpleName(), null).getMessage());
            }
        }
        JsonNode next = json.get("offset");
        String nextOffset = next == null || next.isNull() || next.asText().isEmpty() ? null : next.asText();
        return new Outcome(new Page<>(items, nextOffset), null);
    }

    private static List<RecordedPage> firstPageOfEachType() {
        Map<Class<?>, RecordedPage> first = new java.util.LinkedHashMap<>();
        for (RecordedPage p : recordedPages()) {
            if (!p.body().contains("\"data\":[]")) {
                first.putIfAbsent(p.type(), p);
            }
        }
        return List.copyOf(first.values());
    }

    private static List<RecordedPage> recordedPages() {
        List<RecordedPage> out = new ArrayList<>();
        for (String recording : RECORDINGS) {
            for (Path file : KongTranscripts.files(recording)) {
                JsonNode root;
                try {
                    root = KongJson.MAPPER.readTree(Files.readAllBytes(file));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read " + file, e);
                }
                JsonNode exchanges = root.path("exchanges");
                for (int i = 0; i < exchanges.size(); i++) {
                    JsonNode request = exchanges.get(i).path("request");
                    JsonNode response = exchanges.get(i).path("response");
                    JsonNode body = response.path("body");
                    int status = response.path("status").asInt();
                    if (!"GET".equals(request.path("method").asText()) || status < 200 || status >= 300
                            || !body.path("data").isArray()) {
                        continue;
                    }
                    String path = request.path("path").asText().replaceFirst("\\?.*", "");
                    Class<? extends KongEntity> type = typeOf(path.substring(path.lastIndexOf('/') + 1));
                    if (type != null) {
                        out.add(new RecordedPage(recording + "/" + file.getFileName() + " #" + i + " " + path, type,
                                body.toString()));
                    }
                }
            }
        }
        return out;
    }

    private static Class<? extends KongEntity> typeOf(String collection) {
        switch (collection) {
            case "services": return Service.class;
            case "routes": return Route.class;
            case "plugins": return Plugin.class;
            case "consumers": return Consumer.class;
            case "upstreams": return Upstream.class;
            case "targets": return Target.class;
            default: return null;
        }
    }
}
