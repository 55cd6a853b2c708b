package io.catalogsync.sync.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Ref;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cache key of a validation: everything sent to Kong and nothing else. Two services with the same configuration
 * share one validation; a value that differs (and so may be invalid for one service only) never does.
 */
class PluginShapeTest {

    private static Plugin cors(Ref service, Ref route, Map<String, Object> config, List<String> tags) {
        return new Plugin(null, "cors", null, service, route, null, config, null, null, tags, null, null);
    }

    @Test
    void sameConfigOnAnotherServiceIsTheSameShapeAndAnyDifferentValueIsNot() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("origins", List.of("https://a.example.com"));
        a.put("max_age", 3600);
        Map<String, Object> reordered = new LinkedHashMap<>();
        reordered.put("max_age", 3600);
        reordered.put("origins", List.of("https://a.example.com"));
        Map<String, Object> other = Map.of("origins", List.of("https://a.example.com"), "max_age", 7200);

        String s1 = PluginValidation.shape(cors(Ref.id("11111111-1111-4111-8111-111111111111"), null, a,
                List.of("catalog-service:one")));
        String s2 = PluginValidation.shape(cors(Ref.id("22222222-2222-4222-8222-222222222222"), null, reordered,
                List.of("catalog-service:two")));
        assertThat(s2).isEqualTo(s1);
        assertThat(PluginValidation.shape(cors(Ref.id("11111111-1111-4111-8111-111111111111"), null, other,
                List.of()))).isNotEqualTo(s1);
        // route scope is validated as such (a plugin's schema may refuse a scope)
        assertThat(PluginValidation.shape(cors(null, Ref.id("33333333-3333-4333-8333-333333333333"), a, List.of())))
                .isNotEqualTo(s1);
    }

    private static String corsShape(Object... origins) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("origins", List.of(origins));
        config.put("max_age", 3600);
        config.put("credentials", null);
        return PluginValidation.shape(cors(Ref.id("11111111-1111-4111-8111-111111111111"), null, config, List.of()));
    }

    /**
     * Kong refuses an origin only when it is neither "*" nor a pattern PCRE compiles (kong/plugins/cors/schema.lua):
     * host names cannot be refused, so services that differ only in them share a validation, while anything
     * that could be refused keeps its own (one bad pattern is never hidden behind another service's verdict).
     */
    @Test
    void corsOriginsThatCannotBeRefusedShareOneValidationAndAnyOtherOriginDoesNot() {
        String literal = corsShape("https://shop.example.com", "http://m.shop-2.example.com:8443/");
        assertThat(corsShape("https://b.example.org", "https://c_d.example.net")).isEqualTo(literal);

        // anything PCRE could refuse, and "*", stays in the key as it is
        for (String risky : List.of("^https://\\p{javaLowerCase}+\\.example\\.com$", "https://(a|b).example.com",
                "https://[a-z].example.com", "*", "https://a.example.com*", "", "https://a.example.com\\",
                "https://a b.example.com", "https://ä.example.com")) {
            assertThat(corsShape(risky, "https://b.example.com")).as(risky).isNotEqualTo(literal);
            assertThat(corsShape(risky, "https://b.example.com"))
                    .as("two services whose risky origins differ are validated apart: " + risky)
                    .isNotEqualTo(corsShape(risky + "x", "https://b.example.com"));
        }
        // the number of origins is kept
        assertThat(corsShape("https://a.example.com")).isNotEqualTo(literal);
        // and only cors' origins are generalised: another plugin's strings are its own
        Map<String, Object> config = Map.of("origins", List.of("https://a.example.com"));
        Map<String, Object> config2 = Map.of("origins", List.of("https://b.example.com"));
        Plugin one = new Plugin(null, "acme-origins", null, null, null, null, config, null, null, null, null, null);
        Plugin two = new Plugin(null, "acme-origins", null, null, null, null, config2, null, null, null, null, null);
        assertThat(PluginValidation.shape(one)).isNotEqualTo(PluginValidation.shape(two));
    }
}
