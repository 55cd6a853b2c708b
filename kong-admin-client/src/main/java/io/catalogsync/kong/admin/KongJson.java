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

    static final ObjectMapper MAPPER = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                    // DB-less GET /config answers {"config": "<YAML>"}: one string of ~4.5 MB per 1,000 services,
                    // past Jackson's default limit of 20 M characters from ~4,500 services on. The whole answer is
                    // in memory before parsing starts, so the limit protects nothing here.
                    .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                            .maxStringLength(Integer.MAX_VALUE).build())
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // "{...} <html>" is a broken answer, not a JSON object followed by noise.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private KongJson() {
    }
}
