package io.catalogsync.kong.admin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson mapper the client uses. Kong adds fields between versions (and returns many the records do not
 * model), so unknown properties are ignored; the records carry their own snake_case naming and NON_NULL
 * inclusion, which keeps Kong's schema defaults in charge of omitted fields.
 */
final class KongJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // "{...} <html>" is a broken answer, not a JSON object followed by noise.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private KongJson() {
    }
}
