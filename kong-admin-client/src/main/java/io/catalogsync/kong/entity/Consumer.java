package io.catalogsync.kong.entity;

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
        Long updatedAt) implements KongEntity {

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
        return new Consumer(newId, username, customId, tags, createdAt, updatedAt);
    }
}
