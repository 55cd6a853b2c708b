package io.catalogsync.kong.entity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/** A Kong Service (kong/db/schema/entities/services.lua). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Service(
        String id,
        String name,
        String protocol,
        String host,
        Integer port,
        String path,
        Integer retries,
        Integer connectTimeout,
        Integer writeTimeout,
        Integer readTimeout,
        Boolean enabled,
        List<String> tags,
        Long createdAt,
        Long updatedAt) implements KongEntity {

    @Override
    public EntityType type() {
        return EntityType.SERVICE;
    }

    @Override
    public String key() {
        return name != null ? name : id;
    }

    @Override
    public Service withId(String newId) {
        return new Service(newId, name, protocol, host, port, path, retries, connectTimeout, writeTimeout,
                readTimeout, enabled, tags, createdAt, updatedAt);
    }
}
