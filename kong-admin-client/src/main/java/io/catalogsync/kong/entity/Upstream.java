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
 * A Kong Upstream (kong/db/schema/entities/upstreams.lua). {@code healthchecks} keeps Kong's nested
 * {@code active}/{@code passive} shape as plain JSON values; read from JSON, equal values are one shared
 * read-only instance ({@link SharedHealthchecks}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Upstream(
        String id,
        String name,
        @JsonDeserialize(converter = SharedValues.Text.class) String algorithm,
        @JsonDeserialize(converter = SharedValues.Text.class) String hashOn,
        @JsonDeserialize(converter = SharedValues.Text.class) String hashFallback,
        @JsonDeserialize(converter = SharedValues.Whole.class) Integer slots,
        String hostHeader,
        @JsonDeserialize(converter = SharedHealthchecks.class) Map<String, Object> healthchecks,
        @JsonDeserialize(contentConverter = SharedValues.Text.class) List<String> tags,
        Long createdAt,
        Long updatedAt,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) implements KongEntity {

    public Upstream {
        extra = Extra.of(extra);
    }

    /** Without fields the record does not model (what the translation builds). */
    public Upstream(String id, String name, String algorithm, String hashOn, String hashFallback, Integer slots,
            String hostHeader, Map<String, Object> healthchecks, List<String> tags, Long createdAt, Long updatedAt) {
        this(id, name, algorithm, hashOn, hashFallback, slots, hostHeader, healthchecks, tags, createdAt, updatedAt,
                Map.of());
    }

    @Override
    public EntityType type() {
        return EntityType.UPSTREAM;
    }

    @Override
    public String key() {
        return name != null ? name : id;
    }

    @Override
    public Upstream withId(String newId) {
        return new Upstream(newId, name, algorithm, hashOn, hashFallback, slots, hostHeader, healthchecks, tags,
                createdAt, updatedAt, extra);
    }

    @Override
    public Upstream withExtra(Map<String, Object> newExtra) {
        return new Upstream(id, name, algorithm, hashOn, hashFallback, slots, hostHeader, healthchecks, tags,
                createdAt, updatedAt, Extra.exact(newExtra));
    }
}
