package io.catalogsync.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One endpoint of a catalog service: where the service listens ({@code protocol://host:port}) and which request
 * paths and methods it serves. A path ending in {@code /*} means the prefix (e.g. {@code /api/v1/*} is every path
 * under {@code /api/v1/}); any other path is matched exactly.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Endpoint(String protocol, String host, Integer port, String path, List<String> methods) {

    public Endpoint {
        methods = methods == null ? List.of() : List.copyOf(methods);
    }
}
