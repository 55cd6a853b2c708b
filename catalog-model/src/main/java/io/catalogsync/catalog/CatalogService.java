package io.catalogsync.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One service as the catalog registers it. Values are kept as the catalog sent them (no trimming, no defaults):
 * validation and translation happen in {@code io.catalogsync.catalog.translate}. Null collections become empty.
 *
 * @param metadata string keys and values ({@code rateLimit.minute -> "100"}); see docs/catalog.md
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CatalogService(String name, String version, List<Endpoint> endpoints, Map<String, String> metadata) {

    public CatalogService {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        // LinkedHashMap keeps the catalog's key order for messages; unmodifiable because records are values.
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
