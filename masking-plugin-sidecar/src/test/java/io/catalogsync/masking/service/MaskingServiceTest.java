package io.catalogsync.masking.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.masking.detect.AwsIdentifierScanner;
import io.catalogsync.masking.detect.IdentifierType;
import io.catalogsync.masking.store.MappingStore;
import io.catalogsync.masking.store.MappingStores;
import io.catalogsync.masking.store.RedisStoreOptions;
import io.catalogsync.masking.store.StoreUnavailableException;
import io.catalogsync.masking.testsupport.FreePorts;
import io.catalogsync.masking.token.TokenFormat;
import io.catalogsync.masking.token.TokenMinter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MaskingServiceTest {

    static final byte[] KEY = "test-hmac-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    static final String INSTANCE = "i-0abcdef1234567890";
    static final String VPC = "vpc-0123456789abcdef0";
    static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    static final String PRIVATE_IP = "10.0.12.34";
    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/service-role/Admin";

    private final TokenMinter minter = new TokenMinter(KEY);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private MaskingService service(MappingStore store) {
        return new MaskingService(AwsIdentifierScanner.create(), minter, store, Duration.ofDays(7), 5000,
                Runnable::run, registry);
    }

    static JsonNode json(String s) {
        return BodyCodec.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void masksEveryConversationFieldAndKeepsTheStructure() throws Exception {
        String body = """
                {"model":"claude-sonnet-4-5","max_tokens":1024,"temperature":0.70,"stream":false,
                 "metadata":{"user_id":"i-0abcdef1234567890"},
                 "tools":[{"name":"lookup","description":"finds vpc-0123456789abcdef0","input_schema":{"type":"object"}}],
                 "system":[{"type":"text","text":"Account role arn:aws:iam::123456789012:role/service-role/Admin","cache_control":{"type":"ephemeral"}}],
                 "messages":[
                   {"role":"user","content":"Why is i-0abcdef1234567890 in vpc-0123456789abcdef0 unreachable?"},
                   {"role":"assistant","content":[
                      {"type":"thinking","thinking":"check 10.0.12.34","signature":"sig-i-0abcdef1234567890"},
                      {"type":"text","text":"Let me look up i-0abcdef1234567890."},
                      {"type":"tool_use","id":"toolu_1","name":"lookup","input":{"instance":"i-0abcdef1234567890","filters":[{"key":"vpc-id","values":["vpc-0123456789abcdef0"]}],"limit":5}}]},
                   {"role":"user","content":[
                      {"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"key AKIAIOSFODNN7EXAMPLE at 10.0.12.34"}]},
                      {"type":"tool_result","tool_use_id":"toolu_2","content":"plain 10.0.12.34"},
                      {"type":"image","source":{"type":"url","url":"https://10.0.12.34/x.png"}}]}]}
                """;
        JsonNode input = json(body);
        MaskingService.MaskResult result = get(service(MappingStores.inMemory()).mask(new MessageBody.Json(input)));
        JsonNode masked = ((MessageBody.Json) result.body()).json();
        String maskedText = new String(BodyCodec.write(masked), StandardCharsets.UTF_8);

        String instanceToken = minter.mint(IdentifierType.EC2_INSTANCE, INSTANCE);
        assertThat(masked.at("/messages/0/content").asText())
                .isEqualTo("Why is " + instanceToken + " in " + minter.mint(IdentifierType.VPC, VPC) + " unreachable?");
        assertThat(masked.at("/messages/1/content/1/text").asText()).isEqualTo("Let me look up " + instanceToken + ".");
        assertThat(masked.at("/messages/1/content/2/input/instance").asText()).isEqualTo(instanceToken);
        assertThat(masked.at("/messages/1/content/2/input/filters/0/key").asText()).isEqualTo("vpc-id");
        assertThat(masked.at("/messages/1/content/2/input/filters/0/values/0").asText())
                .isEqualTo(minter.mint(IdentifierType.VPC, VPC));
        assertThat(masked.at("/messages/1/content/0/thinking").asText()).doesNotContain(PRIVATE_IP);
        assertThat(masked.at("/messages/2/content/0/content/0/text").asText()).doesNotContain(KEY_ID, PRIVATE_IP);
        assertThat(masked.at("/messages/2/content/1/content").asText()).doesNotContain(PRIVATE_IP);
        assertThat(masked.at("/system/0/text").asText()).doesNotContain(ROLE_ARN).contains("[[AWS:IAM_ARN:");

        // masked like any other string since issue 10: metadata, tool descriptions, an image's URL
        assertThat(masked.at("/metadata/user_id").asText()).isEqualTo(instanceToken);
        assertThat(masked.at("/tools/0/description").asText()).isEqualTo("finds "
                + minter.mint(IdentifierType.VPC, VPC));
        assertThat(masked.at("/messages/2/content/2/source/url").asText()).isEqualTo("https://"
                + minter.mint(IdentifierType.IPV4_PRIVATE, PRIVATE_IP) + "/x.png");
        // a structural field holding an identifier all the same is masked too
        assertThat(masked.at("/messages/1/content/0/signature").asText()).isEqualTo("sig-" + instanceToken);
        // untouched: model, parameters, structure, ids, signatures, cache_control
        for (String path : List.of("/model", "/max_tokens", "/temperature", "/stream", "/tools/0/name",
                "/tools/0/input_schema", "/system/0/cache_control",
                "/messages/1/content/2/id", "/messages/1/content/2/input/limit", "/messages/2/content/0/tool_use_id",
                "/messages/2/content/2/type", "/messages/2/content/2/source/type")) {
            assertThat(masked.at(path)).as(path).isEqualTo(input.at(path));
        }
        assertThat(maskedText).contains("\"temperature\":0.70");
        // the input tree is not modified
        assertThat(input.at("/messages/0/content").asText()).contains(INSTANCE);

        // the map holds exactly the tokens in the body
        List<String> inBody = TokenFormat.find(maskedText).stream().map(r -> maskedText.substring(r[0], r[1]))
                .distinct().toList();
        assertThat(result.tokens().keySet()).containsExactlyInAnyOrderElementsOf(inBody);
        assertThat(result.tokens()).containsEntry(instanceToken, INSTANCE);
        assertThat(registry.counter("kcs.masking.identifiers", "type", "EC2_INSTANCE").count()).isEqualTo(5);
        assertThat(registry.counter("kcs.masking.structural.fields", "field", "signature").count()).isEqualTo(1);
        assertThat(registry.counter("kcs.masking.structural.fields", "field", "model").count()).isZero();
    }

    static final String S3_URL = "https://my-private-bucket.s3.eu-west-1.amazonaws.com/shot.png"
            + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260101%2Feu-west-1%2Fs3"
            + "%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final List<String> PLANTED = List.of(INSTANCE, VPC, KEY_ID, PRIVATE_IP, ROLE_ARN, "my-private-bucket");

    /** Masks, checks no planted identifier is left anywhere in the serialised body, and unmasks back exactly. */
    private JsonNode masksAndRoundTrips(MaskingService service, String body) throws Exception {
        JsonNode input = json(body);
        JsonNode copy = input.deepCopy();
        MaskingService.MaskResult result = get(service.mask(new MessageBody.Json(input)));
        JsonNode masked = ((MessageBody.Json) result.body()).json();
        String maskedText = new String(BodyCodec.write(masked), StandardCharsets.UTF_8);
        for (String id : PLANTED) {
            if (body.contains(id)) {
                assertThat(maskedText).as("%s in %s", id, body).doesNotContain(id);
            }
        }
        List<String> inBody = TokenFormat.find(maskedText).stream().map(r -> maskedText.substring(r[0], r[1]))
                .distinct().toList();
        assertThat(result.tokens().keySet()).containsExactlyInAnyOrderElementsOf(inBody);
        JsonNode back = ((MessageBody.Json) get(service.unmask(result.body())).body()).json();
        assertThat(back).as("round trip of %s", body).isEqualTo(copy);
        assertThat(input).as("the input is not modified").isEqualTo(copy);
        return masked;
    }

    @Test
    void everyJsonShapeIsMaskedNotOnlyMessagesBodies() throws Exception {
        MaskingService service = service(MappingStores.inMemory());
        List<String> bodies = List.of(
                // Message Batches
                "{\"requests\":[{\"custom_id\":\"r1\",\"params\":{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"restart " + INSTANCE + "\"}]}}]}",
                // legacy Text Completions
                "{\"model\":\"claude-2.1\",\"max_tokens_to_sample\":300,"
                        + "\"prompt\":\"\\n\\nHuman: why is " + PRIVATE_IP + " down?\\n\\nAssistant:\"}",
                // a misspelt key
                "{\"model\":\"m\",\"mesages\":[{\"role\":\"user\",\"content\":\"key " + KEY_ID + "\"}]}",
                // shapes the Messages-only walk refused
                "{\"messages\":{\"content\":{\"text\":\"" + INSTANCE + "\"}}}",
                "{\"system\":[{\"type\":\"text\",\"text\":7},\"" + VPC + "\"]}",
                // any JSON at all: an array, a bare string, deep nesting
                "[\"" + ROLE_ARN + "\",{\"deep\":[[{\"x\":\"in " + VPC + "\"}]]},null,1.50,true]",
                "\"" + INSTANCE + "\"",
                "{\"a\":{\"b\":{\"c\":{\"d\":[{\"e\":\"" + PRIVATE_IP + "\"}]}}}}");
        for (String body : bodies) {
            masksAndRoundTrips(service, body);
        }
    }

    @Test
    void fieldsTheMessagesOnlyListLeftAloneAreMasked() throws Exception {
        String body = """
                {"model":"claude-sonnet-4-5","max_tokens":100,
                 "metadata":{"user_id":"%1$s"},
                 "system":[{"type":"text","text":"ok","cache_control":{"type":"ephemeral"}},{"type":"text","text":"gw %4$s"}],
                 "tools":[{"name":"lookup","description":"finds things in %2$s",
                           "input_schema":{"type":"object","properties":{"instance":{"type":"string","description":"e.g. %1$s"}}}}],
                 "tool_choice":{"type":"tool","name":"lookup"},
                 "messages":[{"role":"user","content":[
                    {"type":"image","source":{"type":"url","url":"%6$s"}},
                    {"type":"document","source":{"type":"url","url":"https://%4$s/report.pdf"},"title":"t"},
                    {"type":"tool_use","id":"toolu_01","name":"lookup","input":{"%1$s":{"state":"running","%2$s":[1,2]}}},
                    {"type":"tool_result","tool_use_id":"toolu_01","content":[
                       {"type":"tool_result","content":[{"type":"text","text":"%3$s"}]},
                       {"type":"image","source":{"type":"url","url":"https://%4$s/x.png"}},
                       {"type":"search_result","source":"https://%4$s/","title":"%5$s","content":{"text":"%2$s"}}]}]}]}
                """.formatted(INSTANCE, VPC, KEY_ID, PRIVATE_IP, ROLE_ARN, S3_URL);
        JsonNode masked = masksAndRoundTrips(service(MappingStores.inMemory()), body);
        String instanceToken = minter.mint(IdentifierType.EC2_INSTANCE, INSTANCE);
        assertThat(masked.at("/metadata/user_id").asText()).isEqualTo(instanceToken);
        assertThat(masked.at("/messages/0/content/2/input").fieldNames().next()).isEqualTo(instanceToken);
        assertThat(masked.at("/messages/0/content/0/source/url").asText())
                .startsWith("https://" + minter.mint(IdentifierType.S3_BUCKET, "my-private-bucket") + ".s3.")
                .contains("X-Amz-Credential=" + minter.mint(IdentifierType.IAM_ACCESS_KEY_ID, KEY_ID) + "%2F");
        // structure and parameters come through unchanged
        JsonNode input = json(body);
        for (String path : List.of("/model", "/max_tokens", "/system/0", "/tools/0/name", "/tools/0/input_schema/type",
                "/tool_choice", "/messages/0/role", "/messages/0/content/0/type", "/messages/0/content/0/source/type",
                "/messages/0/content/2/id", "/messages/0/content/3/tool_use_id")) {
            assertThat(masked.at(path)).as(path).isEqualTo(input.at(path));
        }
    }

    @Test
    void structuralFieldsKeepRealValuesButAnIdentifierInThemIsMasked() throws Exception {
        String real = """
                {"model":"claude-sonnet-4-5-20250929","max_tokens":1024,"stop_sequences":["\\n\\nHuman:"],
                 "messages":[{"role":"assistant","content":[
                   {"type":"thinking","thinking":"t","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds+/Ab=="},
                   {"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"},
                   {"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather","input":{}},
                   {"type":"server_tool_use","id":"srvtoolu_014hJH82Qum7Td6UV8gDXThB","name":"web_search","input":{}}]},
                  {"role":"user","content":[
                   {"type":"tool_result","tool_use_id":"toolu_01A09q90qw90lq917835lq9","content":"15 degrees"},
                   {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="}},
                   {"type":"text","text":"hi","cache_control":{"type":"ephemeral","ttl":"1h"}}]}],
                 "stop_reason":"end_turn","tool_choice":{"type":"auto"}}
                """;
        MaskingService service = service(MappingStores.inMemory());
        MaskingService.MaskResult untouched = get(service.mask(new MessageBody.Json(json(real))));
        assertThat(((MessageBody.Json) untouched.body()).json()).isEqualTo(json(real));
        assertThat(untouched.tokens()).isEmpty();

        // the same fields holding identifiers anyway: masked like any other string
        String planted = """
                {"model":"%5$s","messages":[{"role":"%2$s","content":[
                   {"type":"%1$s","id":"%1$s","name":"%3$s","input":{}},
                   {"type":"tool_result","tool_use_id":"%1$s","content":"x"},
                   {"type":"image","source":{"type":"base64","media_type":"image/%4$s","data":"%3$s"}}]}],
                 "stop_reason":"%4$s"}
                """.formatted(INSTANCE, VPC, KEY_ID, PRIVATE_IP, ROLE_ARN);
        masksAndRoundTrips(service, planted);
    }

    @Test
    void anIdentifierKeyAndItsValueBothMaskedAndRestored() throws Exception {
        MaskingService service = service(MappingStores.inMemory());
        JsonNode masked = masksAndRoundTrips(service, "{\"input\":{\"" + INSTANCE + "\":\"" + VPC + "\",\"n\":{\""
                + PRIVATE_IP + " and " + VPC + "\":[\"" + KEY_ID + "\"]},\"z\":0}}");
        List<String> keys = new java.util.ArrayList<>();
        masked.get("input").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly(minter.mint(IdentifierType.EC2_INSTANCE, INSTANCE), "n", "z");
        assertThat(masked.at("/input/n").fieldNames().next()).isEqualTo(
                minter.mint(IdentifierType.IPV4_PRIVATE, PRIVATE_IP) + " and " + minter.mint(IdentifierType.VPC, VPC));
    }

    @Test
    void aFieldNameIsTheContextOfItsValue() throws Exception {
        String body = """
                {"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"ec2",
                  "input":{"OwnerId":"123456789012","OwnerIds":["210987654321","345678901234"],
                           "KmsKeyId":"1234abcd-12ab-34cd-56ef-1234567890ab","note":"456789012345"}}]}]}
                """;
        JsonNode masked = masksAndRoundTrips(service(MappingStores.inMemory()), body);
        JsonNode input = masked.at("/messages/0/content/0/input");
        assertThat(input.get("OwnerId").asText()).isEqualTo(minter.mint(IdentifierType.ACCOUNT_ID, "123456789012"));
        assertThat(input.get("OwnerIds").get(1).asText())
                .isEqualTo(minter.mint(IdentifierType.ACCOUNT_ID, "345678901234"));
        assertThat(input.get("KmsKeyId").asText())
                .isEqualTo(minter.mint(IdentifierType.KMS_KEY_ID, "1234abcd-12ab-34cd-56ef-1234567890ab"));
        // a bare 12-digit number under a name that says nothing stays: the context rule is the scanner's, unchanged
        assertThat(input.get("note").asText()).isEqualTo("456789012345");
    }

    @Test
    void textBodyAndSameTokenForSameValue() throws Exception {
        MaskingService service = service(MappingStores.inMemory());
        String text = "ssh to " + PRIVATE_IP + " then " + PRIVATE_IP + " and " + INSTANCE;
        MaskingService.MaskResult a = get(service.mask(new MessageBody.Text(text)));
        MaskingService.MaskResult b = get(service.mask(new MessageBody.Text("again " + INSTANCE)));
        String masked = ((MessageBody.Text) a.body()).text();
        assertThat(masked).doesNotContain(PRIVATE_IP, INSTANCE);
        assertThat(a.tokens()).hasSize(2);
        assertThat(((MessageBody.Text) b.body()).text())
                .isEqualTo("again " + minter.mint(IdentifierType.EC2_INSTANCE, INSTANCE));
        MaskingService.MaskResult none = get(service.mask(new MessageBody.Text("nothing to see")));
        assertThat(((MessageBody.Text) none.body()).text()).isEqualTo("nothing to see");
        assertThat(none.tokens()).isEmpty();
    }

    @Test
    void collisionWithAnotherOriginalRemintsWithTheNextAttempt() throws Exception {
        MappingStore store = MappingStores.inMemory();
        String taken = minter.mint(IdentifierType.EC2_INSTANCE, INSTANCE, 0);
        get(store.putAll(Map.of(taken, "i-somebodyelse0000"), Duration.ofDays(1)));
        MaskingService service = service(store);
        MaskingService.MaskResult result = get(service.mask(new MessageBody.Text("on " + INSTANCE)));
        String retry = minter.mint(IdentifierType.EC2_INSTANCE, INSTANCE, 1);
        assertThat(((MessageBody.Text) result.body()).text()).isEqualTo("on " + retry);
        assertThat(result.tokens()).containsExactly(Map.entry(retry, INSTANCE));
        assertThat(get(store.getAll(List.of(taken, retry)))).containsEntry(taken, "i-somebodyelse0000")
                .containsEntry(retry, INSTANCE);
        // deterministic: the next request lands on the same retry token
        assertThat(((MessageBody.Text) get(service.mask(new MessageBody.Text(INSTANCE))).body()).text())
                .isEqualTo(retry);
        assertThat(registry.counter("kcs.masking.token.collisions").count()).isEqualTo(2);
        // unmask still restores the right originals
        MaskingService.UnmaskResult back = get(service.unmask(new MessageBody.Text(retry + " " + taken)));
        assertThat(((MessageBody.Text) back.body()).text()).isEqualTo(INSTANCE + " i-somebodyelse0000");
    }

    @Test
    void storeDownFailsSecureWithNoBody() {
        MappingStore dead = MappingStores.create(RedisStoreOptions.fromUrl("redis://127.0.0.1:" + FreePorts.free())
                .connectTimeout(Duration.ofMillis(500)).build());
        try {
            MaskingService service = service(dead);
            assertThatThrownBy(() -> get(service.mask(new MessageBody.Text("on " + INSTANCE))))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(StoreUnavailableException.class)
                    .satisfies(e -> assertThat(((StoreUnavailableException) e).kind())
                            .isEqualTo(StoreUnavailableException.Kind.CONNECTION));
            assertThatThrownBy(() -> get(service.unmask(new MessageBody.Text(
                    minter.mint(IdentifierType.EC2_INSTANCE, INSTANCE)))))
                    .cause().isInstanceOf(StoreUnavailableException.class);
            // without identifiers there is nothing to store, so no store call and no failure
            assertThat(assertDoesNotFail(service)).isEqualTo("plain words");
        } finally {
            dead.close();
        }
    }

    private static String assertDoesNotFail(MaskingService service) {
        try {
            return ((MessageBody.Text) get(service.mask(new MessageBody.Text("plain words"))).body()).text();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void parseErrorsGiveThePositionAndACauseButNoPartOfTheBody() {
        assertThatThrownBy(() -> BodyCodec.parse("{\"a\":1,".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidBodyException.class)
                .hasMessage("invalid JSON at line 1, column 8: unexpected end of input");
        assertThatThrownBy(() -> BodyCodec.parse(("{\"" + INSTANCE + "\":1,\"" + INSTANCE + "\":2}")
                .getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("invalid JSON at line 1, column").hasMessageEndingWith("duplicate key in an object");
        assertThatThrownBy(() -> BodyCodec.parse(("[" + INSTANCE + "]").getBytes(StandardCharsets.UTF_8)))
                .hasMessageEndingWith("unrecognized token (a string without quotes?)");
        assertThatThrownBy(() -> BodyCodec.parse(new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'}))
                .hasMessage("body is not valid UTF-8 (byte offset 1)");
    }

    @Test
    void unknownBlockTypesAreMaskedWhole() throws Exception {
        JsonNode body = json("""
                {"messages":[{"role":"user","content":[{"type":"future_block","payload":{"note":"on i-0abcdef1234567890"},"type2":"x"}]}]}
                """);
        JsonNode masked = ((MessageBody.Json) get(service(MappingStores.inMemory()).mask(new MessageBody.Json(body)))
                .body()).json();
        assertThat(masked.at("/messages/0/content/0/type").asText()).isEqualTo("future_block");
        assertThat(masked.at("/messages/0/content/0/payload/note").asText()).doesNotContain(INSTANCE);
    }

    @Test
    void unmaskRestoresKnownTokensEverywhereAndLeavesOthers() throws Exception {
        MaskingService service = service(MappingStores.inMemory());
        MaskingService.MaskResult masked = get(service.mask(new MessageBody.Text(INSTANCE)));
        String token = masked.tokens().keySet().iterator().next();
        String stranger = "[[AWS:EC2_INSTANCE:00000000000000aa]]";
        ObjectNode response = (ObjectNode) json("{\"id\":\"msg_1\",\"content\":[{\"type\":\"text\",\"text\":\"see "
                + token + " and " + stranger + "\"}],\"usage\":{\"input_tokens\":3}}");
        MaskingService.UnmaskResult result = get(service.unmask(new MessageBody.Json(response)));
        JsonNode out = ((MessageBody.Json) result.body()).json();
        assertThat(out.at("/content/0/text").asText()).isEqualTo("see " + INSTANCE + " and " + stranger);
        assertThat(out.at("/usage")).isEqualTo(response.at("/usage"));
        assertThat(result.restored()).containsExactly(Map.entry(token, INSTANCE));
        assertThat(result.unknown()).containsExactly(stranger);
    }
}
