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
 * A Kong Plugin (kong/db/schema/entities/plugins.lua). Scope is given by {@code service}, {@code route} and
 * {@code consumer}; none of them means global. {@code config} is the plugin's own schema, as plain JSON values.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Plugin(
        String id,
        @JsonDeserialize(converter = SharedValues.Text.class) String name,
        String instanceName,
        Ref service,
        Ref route,
        Ref consumer,
        Map<String, Object> config,
        @JsonDeserialize(converter = SharedValues.Texts.class) List<String> protocols,
        Boolean enabled,
        @JsonDeserialize(contentConverter = SharedValues.Text.class) List<String> tags,
        Long createdAt,
        Long updatedAt,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) implements KongEntity {

    public Plugin {
        extra = Extra.of(extra);
    }

    /** Without fields the record does not model (what the translation builds). */
    public Plugin(String id, String name, String instanceName, Ref service, Ref route, Ref consumer, Map<String,
            Object> config, List<String> protocols, Boolean enabled, List<String> tags, Long createdAt,
            Long updatedAt) {
        this(id, name, instanceName, service, route, consumer, config, protocols, enabled, tags, createdAt,
                updatedAt, Map.of());
    }

    @Override
    public EntityType type() {
        return EntityType.PLUGIN;
    }

    @Override
    public String key() {
        return instanceName != null ? instanceName : id;
    }

    @Override
    public Plugin withId(String newId) {
        return new Plugin(newId, name, instanceName, service, route, consumer, config, protocols, enabled, tags,
                createdAt, updatedAt, extra);
    }

    public Plugin withScope(Ref newService, Ref newRoute, Ref newConsumer) {
        return new Plugin(id, name, instanceName, newService, newRoute, newConsumer, config, protocols, enabled,
                tags, createdAt, updatedAt, extra);
    }

    @Override
    public Plugin withExtra(Map<String, Object> newExtra) {
        return new Plugin(id, name, instanceName, service, route, consumer, config, protocols, enabled, tags,
                createdAt, updatedAt, Extra.exact(newExtra));
    }
}
