package io.catalogsync.catalog.translate;

import static io.catalogsync.catalog.translate.Fixtures.OPTIONS;
import static io.catalogsync.catalog.translate.Fixtures.entity;
import static io.catalogsync.catalog.translate.Fixtures.orders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalogsync.kong.admin.KongVersion;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** rate-limiting's Redis fields in each Kong version's shape; credentials only ever as vault references. */
class RedisAndSecretsTest {

    private static final KongRedis REDIS = new KongRedis("master.kong-rl.abc123.use1.cache.amazonaws.com", 6380, true,
            true, "master.kong-rl.abc123.use1.cache.amazonaws.com", 2, "{vault://env/kcs-redis-username}",
            "{vault://aws/kong/redis-password}", 500);

    @ParameterizedTest(name = "Kong {0}: nested={1}")
    @CsvSource({"3.4.2, false", "3.5.0, false", "3.5.9, false", "3.6.0, true", "3.9.1, true", "3.9.3, true",
            "3.10.0.0-enterprise-edition, true", "3.10.0.1, true", "3.14.0.0-enterprise-edition, true"})
    void redisShapeFollowsKongVersion(String version, boolean nested) throws Exception {
        TranslateOptions options = OPTIONS.withKongRedis(REDIS).withKongVersion(KongVersion.parse(version));
        JsonNode config = entity(Translator.translate(List.of(orders("rateLimit.minute", "100")), options).desired(),
                "plugin:rate-limiting").get("config");
        assertThat(config.get("policy").asText()).isEqualTo("redis");
        JsonNode expectedRedis = Fixtures.JSON.readTree("""
                {"host": "master.kong-rl.abc123.use1.cache.amazonaws.com", "port": 6380, "ssl": true,
                 "ssl_verify": true, "server_name": "master.kong-rl.abc123.use1.cache.amazonaws.com", "database": 2,
                 "username": "{vault://env/kcs-redis-username}", "password": "{vault://aws/kong/redis-password}",
                 "timeout": 500}""");
        if (nested) {
            assertThat(config.get("redis")).isEqualTo(expectedRedis);
            assertThat(config.fieldNames()).toIterable().noneMatch(f -> f.startsWith("redis_"));
        } else {
            assertThat(config.has("redis")).isFalse();
            expectedRedis.properties().forEach(f ->
                    assertThat(config.get("redis_" + f.getKey())).as(f.getKey()).isEqualTo(f.getValue()));
        }
    }

    @Test
    void redisIsTheDefaultPolicyOnlyWhenKongRedisIsConfigured() {
        var withRedis = Translator.translate(List.of(orders("rateLimit.minute", "100")),
                OPTIONS.withKongRedis(KongRedis.of("redis", 6379))).desired();
        assertThat(entity(withRedis, "plugin:rate-limiting").at("/config/policy").asText()).isEqualTo("redis");
        assertThat(entity(withRedis, "plugin:rate-limiting").at("/config/redis_timeout").asInt()).isEqualTo(2000);
        var localOverride = Translator.translate(List.of(orders("rateLimit.minute", "100", "rateLimit.policy",
                "local")), OPTIONS.withKongRedis(KongRedis.of("redis", 6379))).desired();
        JsonNode config = entity(localOverride, "plugin:rate-limiting").get("config");
        assertThat(config.get("policy").asText()).isEqualTo("local");
        assertThat(config.fieldNames()).toIterable().noneMatch(f -> f.startsWith("redis"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hunter2-plain-password", "vault://env/x", "{vault://env/x", "{env://x/y}",
            "{vault://env/}", "{vault://env/a b}"})
    void plainCredentialsAreRefusedWithoutEchoingThem(String notARef) {
        assertThatThrownBy(() -> KongRedis.of("redis", 6379).withCredentials(null, notARef))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vault reference")
                .hasMessageNotContaining(notARef);
        assertThatThrownBy(() -> KongRedis.of("redis", 6379).withCredentials(notARef, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(notARef);
        assertThatThrownBy(() -> OPTIONS.withMaskingSharedSecretVaultRef(notARef))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(notARef);
    }

    @Test
    void outputHoldsOnlyVaultReferences() throws Exception {
        TranslateOptions options = OPTIONS.withKongRedis(REDIS)
                .withMaskingSharedSecretVaultRef("{vault://env/kcs-masking-secret}");
        var t = Translator.translate(List.of(orders("rateLimit.minute", "100", "masking.enabled", "true",
                "auth.type", "jwt")), options);
        String json = Fixtures.JSON.writeValueAsString(t.desired());
        assertThat(json).contains("{vault://aws/kong/redis-password}", "{vault://env/kcs-redis-username}",
                "{vault://env/kcs-masking-secret}");
        // Every value of a credential-like field is a vault reference.
        List<JsonNode> credentials = new java.util.ArrayList<>();
        collect(Fixtures.JSON.readTree(json), credentials);
        assertThat(credentials).hasSize(2).allSatisfy(v -> assertThat(VaultRefs.isVaultRef(v.asText())).isTrue());
        assertThat(entity(t.desired(), "plugin:pre-function").at("/config/access/0").asText())
                .isEqualTo("ngx.ctx.kcs_masking = { sidecar_url = \"http://127.0.0.1:8085\","
                        + " secret_ref = \"{vault://env/kcs-masking-secret}\" }");
        assertThat(options.toString()).doesNotContain("redis-password");
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        node.properties().forEach(f -> {
            if (f.getKey().matches("(redis_)?(password|username)")) {
                out.add(f.getValue());
            }
            collect(f.getValue(), out);
        });
        if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        }
    }

    @Test
    void preludeEscapesEveryValue() {
        assertThat(MaskingHook.luaString("a\"b\\c\n]]é")).isEqualTo("\"a\\\"b\\\\c\\010]]\\195\\169\"");
        TranslateOptions options = OPTIONS.withMaskingUrl("https://sidecar.local:8443/v1?a=1&b=2");
        assertThat(MaskingHook.prelude(options, new MaskingPolicy("p1")))
                .isEqualTo("ngx.ctx.kcs_masking = { sidecar_url = \"https://sidecar.local:8443/v1?a=1&b=2\","
                        + " profile = \"p1\" }");
    }
}
