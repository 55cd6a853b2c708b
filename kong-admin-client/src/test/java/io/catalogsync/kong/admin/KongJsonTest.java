package io.catalogsync.kong.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KongJsonTest {

    /**
     * Issue 12: a DB-less Kong holding 10,000 services answers GET /config with one JSON string of ~45 M
     * characters; Jackson refuses strings over 20 M characters by default ("String value length exceeds the maximum
     * allowed"), which made every change fail from ~4,500 services on.
     */
    @Test
    void readsAConfigStringLongerThanJacksonsDefaultLimit() throws Exception {
        int length = 20_000_001;
        StringBuilder body = new StringBuilder(length + 16).append("{\"config\":\"");
        body.append("a".repeat(length));
        body.append("\"}");
        JsonNode node = KongJson.MAPPER.readTree(body.toString().getBytes(StandardCharsets.US_ASCII));
        assertThat(node.get("config").asText()).hasSize(length);
    }
}
