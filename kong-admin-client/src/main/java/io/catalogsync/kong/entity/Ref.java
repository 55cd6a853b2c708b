package io.catalogsync.kong.entity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * A foreign key as Kong writes it: {@code {"id": "..."}}. Kong also accepts {@code {"name": "..."}} on write
 * and stores it as the id (kong/db/schema/init.lua, foreign key resolution).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Ref(String id, String name) {

    public static Ref id(String id) {
        return new Ref(id, null);
    }

    public static Ref name(String name) {
        return new Ref(null, name);
    }
}
