package io.catalogsync.kong.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The {@code POST /config} body is written straight into the request buffer; Kong hashes the {@code config} string
 * ({@code configuration_hash}, {@code check_hash}), so the bytes must be exactly those of writing the configuration
 * as a String and that String as a JSON value, for any text a configuration may hold.
 */
class ConfigBodyTest {

    private static byte[] twoStep(JsonNode doc) throws Exception {
        ObjectNode wrapper = KongJson.MAPPER.createObjectNode();
        wrapper.put("config", KongJson.MAPPER.writeValueAsString(doc));
        return KongJson.MAPPER.writeValueAsBytes(wrapper);
    }

    @Test
    void theStreamedBodyIsByteForByteTheStringWrappedBody() throws Exception {
        Random random = new Random(12);
        String alphabet = "ab\"\\/\n\t\r\u0000\u001f\u007f é€𝄞\u2028<>&'{}[]:,";
        for (int round = 0; round < 200; round++) {
            ObjectNode doc = KongJson.MAPPER.createObjectNode().put("_format_version", "3.0");
            ArrayNode services = doc.putArray("services");
            for (int i = 0; i < 1 + random.nextInt(5); i++) {
                StringBuilder text = new StringBuilder();
                for (int c = 0; c < random.nextInt(40); c++) {
                    text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                            random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
                }
                ObjectNode s = services.addObject().put("name", "s" + i).put("path", text.toString())
                        .put("port", random.nextInt(65536)).put("weight", random.nextDouble());
                s.putNull("tags");
                s.putObject("config").put(text.toString(), text.toString()).putArray("list").add(true).add(text.toString());
            }
            assertThat(WebKongAdminClient.configBody(doc).getBytes()).isEqualTo(twoStep(doc));
        }
    }

    @Test
    void aLargeConfigurationMayTakeLongerThanTheRequestTimeout() {
        assertThat(WebKongAdminClient.configLoadMillis(100)).isEqualTo(5_000);
        assertThat(WebKongAdminClient.configLoadMillis(17L << 20)).isEqualTo(85_000);
    }
}
