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

/** A Kong Route (kong/db/schema/entities/routes.lua, traditional_compatible router fields). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Route(
        String id,
        String name,
        @JsonDeserialize(converter = SharedValues.Texts.class) List<String> protocols,
        @JsonDeserialize(converter = SharedValues.Texts.class) List<String> methods,
        List<String> hosts,
        List<String> paths,
        Map<String, List<String>> headers,
        Boolean stripPath,
        Boolean preserveHost,
        Integer regexPriority,
        @JsonDeserialize(converter = SharedValues.Text.class) String pathHandling,
        @JsonDeserialize(converter = SharedValues.Whole.class) Integer httpsRedirectStatusCode,
        Boolean requestBuffering,
        Boolean responseBuffering,
        Ref service,
        @JsonDeserialize(contentConverter = SharedValues.Text.class) List<String> tags,
        Long createdAt,
        Long updatedAt,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) implements KongEntity {

    public Route {
        extra = Extra.of(extra);
    }

    /** Without fields the record does not model (what the translation builds). */
    public Route(String id, String name, List<String> protocols, List<String> methods, List<String> hosts,
            List<String> paths, Map<String, List<String>> headers, Boolean stripPath, Boolean preserveHost,
            Integer regexPriority, String pathHandling, Integer httpsRedirectStatusCode, Boolean requestBuffering,
            Boolean responseBuffering, Ref service, List<String> tags, Long createdAt, Long updatedAt) {
        this(id, name, protocols, methods, hosts, paths, headers, stripPath, preserveHost, regexPriority,
                pathHandling, httpsRedirectStatusCode, requestBuffering, responseBuffering, service, tags, createdAt,
                updatedAt, Map.of());
    }

    @Override
    public EntityType type() {
        return EntityType.ROUTE;
    }

    @Override
    public String key() {
        return name != null ? name : id;
    }

    @Override
    public Route withId(String newId) {
        return new Route(newId, name, protocols, methods, hosts, paths, headers, stripPath, preserveHost,
                regexPriority, pathHandling, httpsRedirectStatusCode, requestBuffering, responseBuffering, service,
                tags, createdAt, updatedAt, extra);
    }

    public Route withService(Ref newService) {
        return new Route(id, name, protocols, methods, hosts, paths, headers, stripPath, preserveHost,
                regexPriority, pathHandling, httpsRedirectStatusCode, requestBuffering, responseBuffering,
                newService, tags, createdAt, updatedAt, extra);
    }

    @Override
    public Route withExtra(Map<String, Object> newExtra) {
        return new Route(id, name, protocols, methods, hosts, paths, headers, stripPath, preserveHost, regexPriority,
                pathHandling, httpsRedirectStatusCode, requestBuffering, responseBuffering, service, tags, createdAt,
                updatedAt, Extra.exact(newExtra));
    }
}
