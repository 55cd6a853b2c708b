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

/**
 * A Kong Target (kong/db/schema/entities/targets.lua): {@code host:port} within an upstream. Kong sends its
 * timestamps as floats with milliseconds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Target(
        String id,
        String target,
        Integer weight,
        Ref upstream,
        @JsonDeserialize(contentConverter = SharedValues.Text.class) List<String> tags,
        Double createdAt,
        Double updatedAt,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) implements KongEntity {

    public Target {
        extra = Extra.of(extra);
    }

    /** Without fields the record does not model (what the translation builds). */
    public Target(String id, String target, Integer weight, Ref upstream, List<String> tags, Double createdAt,
            Double updatedAt) {
        this(id, target, weight, upstream, tags, createdAt, updatedAt, Map.of());
    }

    @Override
    public EntityType type() {
        return EntityType.TARGET;
    }

    @Override
    public String key() {
        return target != null ? target : id;
    }

    @Override
    public Target withId(String newId) {
        return new Target(newId, target, weight, upstream, tags, createdAt, updatedAt, extra);
    }

    public Target withUpstream(Ref newUpstream) {
        return new Target(id, target, weight, newUpstream, tags, createdAt, updatedAt, extra);
    }

    @Override
    public Target withExtra(Map<String, Object> newExtra) {
        return new Target(id, target, weight, upstream, tags, createdAt, updatedAt, Extra.exact(newExtra));
    }
}
