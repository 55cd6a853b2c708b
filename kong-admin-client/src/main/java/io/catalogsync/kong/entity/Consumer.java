package io.catalogsync.kong.entity;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/** A Kong Consumer (kong/db/schema/entities/consumers.lua). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Consumer(
        String id,
        String username,
        String customId,
        List<String> tags,
        Long createdAt,
        Long updatedAt,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) implements KongEntity {

    public Consumer {
        extra = Extra.of(extra);
    }

    /** Without fields the record does not model (what the translation builds). */
    public Consumer(String id, String username, String customId, List<String> tags, Long createdAt, Long updatedAt) {
        this(id, username, customId, tags, createdAt, updatedAt, Map.of());
    }

    @Override
    public EntityType type() {
        return EntityType.CONSUMER;
    }

    @Override
    public String key() {
        return username != null ? username : customId != null ? customId : id;
    }

    @Override
    public Consumer withId(String newId) {
        return new Consumer(newId, username, customId, tags, createdAt, updatedAt, extra);
    }

    @Override
    public Consumer withExtra(Map<String, Object> newExtra) {
        return new Consumer(id, username, customId, tags, createdAt, updatedAt, Extra.exact(newExtra));
    }
}
