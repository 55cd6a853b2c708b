package io.catalogsync.masking.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.masking.detect.AwsIdentifierScanner;
import io.catalogsync.masking.detect.IdentifierType;
import io.catalogsync.masking.store.MappingStore;
import io.catalogsync.masking.store.MappingStores;
import io.catalogsync.masking.store.RedisStoreOptions;
import io.catalogsync.masking.testsupport.RedisExtension;
import io.catalogsync.masking.testsupport.RedisTarget;
import io.catalogsync.masking.token.TokenFormat;
import io.catalogsync.masking.token.TokenMinter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** unmask(mask(x)) == x for generated texts and Anthropic bodies, with identifiers, near misses and noise. */
@ExtendWith(RedisExtension.class)
class RoundTripPropertyTest {

    private static final long SEED = 20261122L;
    private static final String HEX = "0123456789abcdef";
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String[] WORDS = {"the", "instance", "feedback", "blogs", "at", "10:30:00", "vpc", "i-",
        "subnet", "[[", "]]", "[[AWS:", "[[AWS:EC2_INSTANCE:", "]]]", "é", "日本", "😀", "\"quoted\"", "back\\slash",
        "tab\there", "line\nbreak", "123456789012", "v1.2.3.4", "arn:foo:bar", "s3://", "AKIA", "0.0.0.0",
        "[[AWS:EC2_INSTANCE:zzzzzzzzzzzzzzzz]]", "[[AWS:NOT_A_TYPE:0123456789abcdef]]", "%41", "+", "&", "="};

    private final TokenMinter minter = new TokenMinter("property-test-hmac-key-0123".getBytes(StandardCharsets.UTF_8));

    private MaskingService service(MappingStore store, java.util.concurrent.Executor cpu) {
        return new MaskingService(AwsIdentifierScanner.create(), minter, store, Duration.ofHours(1), 5000, cpu,
                new SimpleMeterRegistry());
    }

    /** Identifiers that must be masked wherever they stand between spaces. */
    static String identifier(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> "i-" + hex(r, r.nextBoolean() ? 8 : 17);
            case 1 -> "vpc-" + hex(r, 17);
            case 2 -> "subnet-" + hex(r, 17);
            case 3 -> "AKIA" + fromAlphabet(r, UPPER, 16);
            case 4 -> "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
            case 5 -> "arn:aws:iam::" + digits(r, 12) + ":role/R" + r.nextInt(1000);
            case 6 -> "sg-" + hex(r, 17);
            default -> IdentifierType.values()[r.nextInt(IdentifierType.values().length)].exampleMatch();
        };
    }

    static boolean mustBeMasked(String id) {
        return !id.contains(" ") && (id.startsWith("i-") || id.startsWith("vpc-") || id.startsWith("subnet-")
                || id.startsWith("AKIA") || id.startsWith("10.") || id.startsWith("arn:aws:iam::")
                || id.startsWith("sg-"));
    }

    static String text(Random r, List<String> planted) {
        StringBuilder b = new StringBuilder();
        int parts = 1 + r.nextInt(25);
        for (int i = 0; i < parts; i++) {
            int pick = r.nextInt(10);
            if (pick < 3) {
                String id = identifier(r);
                planted.add(id);
                b.append(id);
            } else if (pick < 8) {
                b.append(WORDS[r.nextInt(WORDS.length)]);
            } else if (pick == 8) {
                b.append(fromAlphabet(r, "abcdefXYZ0123456789-_.:/[]{}", 1 + r.nextInt(12)));
            } else {
                b.appendCodePoint(0x20 + r.nextInt(0x2FFF));
            }
            b.append(r.nextInt(4) == 0 ? "" : " ");
        }
        return b.toString();
    }

    static ObjectNode body(Random r, List<String> planted) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("model", "claude-" + r.nextInt(10));
        root.put("max_tokens", r.nextInt(4096));
        root.put("temperature", new BigDecimal(r.nextInt(100)).movePointLeft(2));
        root.put("stream", r.nextBoolean());
        if (r.nextBoolean()) {
            root.put("system", text(r, planted));
        } else {
            root.putArray("system").addObject().put("type", "text").put("text", text(r, planted));
        }
        root.putObject("metadata").put("user_id", "u-" + r.nextInt());
        ArrayNode messages = root.putArray("messages");
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            ObjectNode m = messages.addObject().put("role", i % 2 == 0 ? "user" : "assistant");
            if (r.nextInt(3) == 0) {
                m.put("content", text(r, planted));
                continue;
            }
            ArrayNode blocks = m.putArray("content");
            int k = 1 + r.nextInt(4);
            for (int j = 0; j < k; j++) {
                switch (r.nextInt(5)) {
                    case 0 -> blocks.addObject().put("type", "text").put("text", text(r, planted));
                    case 1 -> {
                        ObjectNode tool = blocks.addObject().put("type", "tool_use").put("id", "toolu_" + j)
                                .put("name", "t");
                        ObjectNode input = tool.putObject("input");
                        input.put("q", text(r, planted)).put("n", r.nextInt(9));
                        input.putArray("list").add(text(r, planted)).addObject().put("deep", text(r, planted));
                    }
                    case 2 -> blocks.addObject().put("type", "tool_result").put("tool_use_id", "toolu_" + j)
                            .put("content", text(r, planted));
                    case 3 -> blocks.addObject().put("type", "thinking").put("thinking", text(r, planted))
                            .put("signature", "sig" + r.nextInt());
                    default -> {
                        ObjectNode result = blocks.addObject().put("type", "tool_result").put("tool_use_id", "t");
                        result.putArray("content").addObject().put("type", "text").put("text", text(r, planted));
                    }
                }
            }
        }
        return root;
    }

    private static String hex(Random r, int n) {
        return fromAlphabet(r, HEX, n);
    }

    private static String digits(Random r, int n) {
        return fromAlphabet(r, "0123456789", n);
    }

    private static String fromAlphabet(Random r, String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private void roundTrips(MaskingService service, int texts, int bodies, long seed) throws Exception {
        Random r = new Random(seed);
        for (int i = 0; i < texts; i++) {
            List<String> planted = new ArrayList<>();
            String x = text(r, planted);
            MaskingService.MaskResult masked = service.mask(new MessageBody.Text(x)).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            String m = ((MessageBody.Text) masked.body()).text();
            for (String id : planted) {
                if (mustBeMasked(id) && x.contains(" " + id + " ")) {
                    assertThat(m).as("case %d", i).doesNotContain(" " + id + " ");
                }
            }
            assertThat(masked.tokens().keySet()).allSatisfy(t -> assertThat(m).contains(t));
            MaskingService.UnmaskResult back = service.unmask(masked.body()).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(((MessageBody.Text) back.body()).text()).as("case %d", i).isEqualTo(x);
        }
        for (int i = 0; i < bodies; i++) {
            List<String> planted = new ArrayList<>();
            ObjectNode x = body(r, planted);
            JsonNode copy = x.deepCopy();
            MaskingService.MaskResult masked = service.mask(new MessageBody.Json(x)).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            JsonNode m = ((MessageBody.Json) masked.body()).json();
            assertThat(m.get("model")).isEqualTo(x.get("model"));
            assertThat(m.get("temperature")).isEqualTo(x.get("temperature"));
            String serialized = new String(BodyCodec.write(m), StandardCharsets.UTF_8);
            assertThat(TokenFormat.find(serialized)).isNotNull();
            MaskingService.UnmaskResult back = service.unmask(masked.body()).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(((MessageBody.Json) back.body()).json()).as("body %d", i).isEqualTo(copy);
            assertThat(x).isEqualTo(copy); // the input was not modified
        }
    }

    /**
     * Any JSON value: objects (keys that are words, texts or bare identifiers), arrays, strings, exact numbers,
     * booleans and nulls, nested up to {@code depth}. Identifiers planted as a whole key or a whole string value
     * go to {@code whole}: those must not survive masking anywhere.
     */
    static JsonNode anyJson(Random r, int depth, List<String> planted, List<String> whole) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        int pick = depth <= 0 ? 3 + r.nextInt(5) : r.nextInt(8);
        switch (pick) {
            case 0, 1 -> {
                ObjectNode o = f.objectNode();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    String key;
                    switch (r.nextInt(4)) {
                        case 0 -> {
                            key = identifier(r);
                            if (mustBeMasked(key)) {
                                whole.add(key);
                            }
                            planted.add(key);
                        }
                        case 1 -> key = text(r, planted);
                        default -> key = WORDS[r.nextInt(WORDS.length)] + i;
                    }
                    o.set(key, anyJson(r, depth - 1, planted, whole));
                }
                return o;
            }
            case 2 -> {
                ArrayNode a = f.arrayNode();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    a.add(anyJson(r, depth - 1, planted, whole));
                }
                return a;
            }
            case 3, 4 -> {
                return f.textNode(text(r, planted));
            }
            case 5 -> {
                String id = identifier(r);
                planted.add(id);
                if (mustBeMasked(id)) {
                    whole.add(id);
                }
                return f.textNode(id);
            }
            case 6 -> {
                return r.nextBoolean() ? f.numberNode(new BigDecimal(r.nextInt()).movePointLeft(r.nextInt(5)))
                        : f.numberNode(java.math.BigInteger.valueOf(r.nextLong()));
            }
            default -> {
                return r.nextInt(3) == 0 ? f.nullNode() : f.booleanNode(r.nextBoolean());
            }
        }
    }

    /** Every key and string value of a document (for the "nothing planted survives" check). */
    static void strings(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.textValue());
        }
        node.fields().forEachRemaining(e -> {
            out.add(e.getKey());
            strings(e.getValue(), out);
        });
        if (node.isArray()) {
            node.forEach(child -> strings(child, out));
        }
    }

    private void arbitraryDocumentsRoundTrip(MaskingService service, int documents, long seed) throws Exception {
        Random r = new Random(seed);
        for (int i = 0; i < documents; i++) {
            List<String> planted = new ArrayList<>();
            List<String> whole = new ArrayList<>();
            JsonNode x = anyJson(r, 1 + r.nextInt(6), planted, whole);
            JsonNode copy = x.deepCopy();
            MaskingService.MaskResult masked = service.mask(new MessageBody.Json(x)).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            JsonNode m = ((MessageBody.Json) masked.body()).json();
            List<String> left = new ArrayList<>();
            strings(m, left);
            for (String id : whole) {
                assertThat(left).as("document %d: %s", i, id).doesNotContain(id);
            }
            String serialized = new String(BodyCodec.write(m), StandardCharsets.UTF_8);
            for (String s : left) {
                for (String id : planted) {
                    if (mustBeMasked(id) && s.contains(" " + id + " ")) {
                        throw new AssertionError("document " + i + ": " + id + " left in " + serialized);
                    }
                }
            }
            assertThat(masked.tokens().keySet()).allSatisfy(t -> assertThat(serialized).contains(t));
            MaskingService.UnmaskResult back = service.unmask(masked.body()).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(((MessageBody.Json) back.body()).json()).as("document %d", i).isEqualTo(copy);
            assertThat(x).isEqualTo(copy);
        }
    }

    @Test
    void arbitraryJsonDocumentsMaskEveryPlantedIdentifierAndRoundTrip() throws Exception {
        arbitraryDocumentsRoundTrip(service(MappingStores.inMemory(), Runnable::run), 2000, SEED + 7);
    }

    @Test
    void thousandsOfTextsAndBodiesInMemory() throws Exception {
        // the pure property: everything on the test thread, no thread hops
        roundTrips(service(MappingStores.inMemory(), Runnable::run), 3000, 1000, SEED);
    }

    @Test
    void fewerOnRealRedis(RedisTarget redis) throws Exception {
        MappingStore store = MappingStores.create(RedisStoreOptions.fromUrl(redis.url())
                .keyPrefix("roundtrip:" + UUID.randomUUID() + ":").build());
        try {
            roundTrips(service(store, ForkJoinPool.commonPool()), 300, 100, SEED + 1);
        } finally {
            store.close();
        }
    }
}
