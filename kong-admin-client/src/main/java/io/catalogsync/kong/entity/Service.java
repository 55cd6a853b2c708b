package io.catalogsync.kong.entity;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
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
        @JsonDeserialize(converter = SharedValues.Text.class) String protocol,
        String host,
        @JsonDeserialize(converter = SharedValues.Whole.class) Integer port,
        @JsonDeserialize(converter = SharedValues.Text.class) String path,
        Integer retries,
        @JsonDeserialize(converter = SharedValues.Whole.class) Integer connectTimeout,
        @JsonDeserialize(converter = SharedValues.Whole.class) Integer writeTimeout,
        @JsonDeserialize(converter = SharedValues.Whole.class) Integer readTimeout,
        Boolean enabled,
        @JsonDeserialize(contentConverter = SharedValues.Text.class) List<String> tags,
        Long createdAt,
        Long updatedAt,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) implements KongEntity {

    public Service {
        extra = Extra.of(extra);
    }

    /** Without fields the record does not model (what the translation builds). */
    public Service(String id, String name, String protocol, String host, Integer port, String path, Integer retries,
                   Integer connectTimeout, Integer writeTimeout, Integer readTimeout, Boolean enabled,
                   List<String> tags, Long createdAt, Long updatedAt) {
        this(id, name, protocol, host, port, path, retries, connectTimeout, writeTimeout, readTimeout, enabled, tags,
                createdAt, updatedAt, Map.of());
    }

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
                readTimeout, enabled, tags, createdAt, updatedAt, extra);
    }

    @Override
    public Service withExtra(Map<String, Object> newExtra) {
        return new Service(id, name, protocol, host, port, path, retries, connectTimeout, writeTimeout,
                readTimeout, enabled, tags, createdAt, updatedAt, Extra.exact(newExtra));
    }
}
