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
        Map<String, Object> other = Map.of("origins", List.of("https://b.example.com"), "max_age", 3600);

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
}
