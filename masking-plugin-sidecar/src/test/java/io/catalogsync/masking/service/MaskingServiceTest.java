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
        return new MaskingService(AwsIdentifierScanner.create(), minter, store, Duration.ofDays(7), Runnable::run,
                registry);
    }

    static JsonNode json(String s) {
        return BodyCodec.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void masksEveryConversationFieldAndNothingElse() throws Exception {
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

        // untouched: model, parameters, metadata, tools, ids, signatures, images, cache_control
        for (String path : List.of("/model", "/max_tokens", "/temperature", "/stream", "/metadata", "/tools",
                "/system/0/cache_control", "/messages/1/content/0/signature", "/messages/1/content/2/id",
                "/messages/1/content/2/input/limit", "/messages/2/content/0/tool_use_id", "/messages/2/content/2")) {
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
        assertThat(registry.counter("kcs.masking.identifiers", "type", "EC2_INSTANCE").count()).isEqualTo(3);
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
    void shapesThatCouldHideTextAreRefusedNamingTheField() {
        MaskingService service = service(MappingStores.inMemory());
        assertThatThrownBy(() -> get(service.mask(new MessageBody.Json(json("[1,2]")))))
                .cause().isInstanceOf(InvalidBodyException.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> get(service.mask(new MessageBody.Json(json("{\"messages\":{}}")))))
                .cause().hasMessageContaining("messages: must be an array");
        assertThatThrownBy(() -> get(service.mask(new MessageBody.Json(json(
                "{\"messages\":[{\"role\":\"user\",\"content\":{\"text\":\"i-0abcdef1234567890\"}}]}")))))
                .cause().hasMessageContaining("messages[0].content: must be a string or an array");
        assertThatThrownBy(() -> get(service.mask(new MessageBody.Json(json(
                "{\"system\":[{\"type\":\"text\",\"text\":7}]}")))))
                .cause().hasMessageContaining("system[0].text: must be a string");
        assertThatThrownBy(() -> BodyCodec.parse("{\"a\":1,".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidBodyException.class).hasMessageContaining("invalid JSON at line 1");
        assertThatThrownBy(() -> BodyCodec.parse("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("Duplicate field 'a'");
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
