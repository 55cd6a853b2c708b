package io.catalogsync.kong.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Entities read from Kong's JSON share equal values between them ({@link SharedHealthchecks}, {@link SharedValues}),
 * and nothing else changes: the same values, read-only, written back exactly as Kong sent them.
 */
class SharedValuesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String HEALTHCHECKS = """
            {"active": {"type": "http", "timeout": 1, "concurrency": 10, "http_path": "/", "https_sni": null,
              "headers": null, "healthy": {"interval": 0, "http_statuses": [200, 302], "successes": 0}},
             "passive": {"type": "http", "unhealthy": {"http_statuses": [429, 500, 503], "timeouts": 0}},
             "threshold": 0}""";

    private static Upstream upstream(String name, String healthchecks) throws Exception {
        return JSON.readValue("{\"id\": \"" + name + "-id\", \"name\": \"" + name + "\", \"algorithm\": \"round-robin\","
                + " \"slots\": 10000, \"healthchecks\": " + healthchecks
                + ", \"tags\": [\"managed-by:kong-catalog-sync\", \"catalog-service:" + name + "\"]}", Upstream.class);
    }

    @Test
    void equalHealthchecksAreOneReadOnlyInstanceWrittenBackAsRead() throws Exception {
        Upstream a = upstream("a", HEALTHCHECKS);
        Upstream b = upstream("b", HEALTHCHECKS);
        assertThat(b.healthchecks()).isSameAs(a.healthchecks());
        assertThat(a.slots()).isSameAs(b.slots());
        assertThat(a.tags().get(0)).isSameAs(b.tags().get(0));

        assertThatThrownBy(() -> a.healthchecks().put("threshold", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> active = (Map<String, Object>) a.healthchecks().get("active");
        assertThatThrownBy(() -> active.put("timeout", 2)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> healthy = (Map<String, Object>) active.get("healthy");
        @SuppressWarnings("unchecked")
        List<Object> statuses = (List<Object>) healthy.get("http_statuses");
        assertThatThrownBy(() -> statuses.add(1)).isInstanceOf(UnsupportedOperationException.class);

        // nulls, key order and the numbers' JSON types as Kong sent them
        assertThat(JSON.valueToTree(a).get("healthchecks").toString())
                .isEqualTo(JSON.readTree(HEALTHCHECKS).toString());
    }

    @Test
    void aDifferentValueIsKeptAsItIs() throws Exception {
        Upstream plain = upstream("a", HEALTHCHECKS);
        ObjectNode drifted = (ObjectNode) JSON.readTree(HEALTHCHECKS);
        ((ObjectNode) drifted.get("active")).put("timeout", 1.0);
        Upstream other = upstream("b", drifted.toString());
        assertThat(other.healthchecks()).isNotSameAs(plain.healthchecks());
        assertThat((JsonNode) JSON.valueToTree(other).get("healthchecks")).isEqualTo(drifted);
        assertThat(JSON.valueToTree(other).get("healthchecks").get("active").get("timeout").isDouble()).isTrue();

        ObjectNode reordered = JSON.createObjectNode();
        JsonNode original = JSON.readTree(HEALTHCHECKS);
        reordered.set("threshold", original.get("threshold"));
        reordered.set("passive", original.get("passive"));
        reordered.set("active", original.get("active"));
        Upstream third = upstream("c", reordered.toString());
        assertThat(third.healthchecks()).isNotSameAs(plain.healthchecks());
        assertThat(JSON.valueToTree(third).get("healthchecks").fieldNames()).toIterable()
                .containsExactly("threshold", "passive", "active");
        // whatever was read in between, an equal value is equal (shared or not)
        assertThat(upstream("d", HEALTHCHECKS).healthchecks()).isEqualTo(plain.healthchecks());
    }

    @Test
    void routesShareProtocolsAndMethodsReadOnly() throws Exception {
        String json = "{\"id\": \"%s\", \"name\": \"%s\", \"protocols\": [\"http\", \"https\"], \"methods\": [\"GET\"],"
                + " \"paths\": [\"/%s\"], \"path_handling\": \"v0\", \"https_redirect_status_code\": 426,"
                + " \"tags\": [\"managed-by:kong-catalog-sync\"]}";
        Route r1 = JSON.readValue(json.formatted("1", "r1", "a"), Route.class);
        Route r2 = JSON.readValue(json.formatted("2", "r2", "b"), Route.class);
        assertThat(r2.protocols()).isSameAs(r1.protocols()).containsExactly("http", "https");
        assertThat(r2.methods()).isSameAs(r1.methods());
        assertThat(r2.httpsRedirectStatusCode()).isSameAs(r1.httpsRedirectStatusCode()).isEqualTo(426);
        assertThat(r2.paths()).containsExactly("/b");
        assertThatThrownBy(() -> r1.protocols().add("grpc")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(JSON.writeValueAsString(r1)).contains("\"protocols\":[\"http\",\"https\"]");
    }
}
