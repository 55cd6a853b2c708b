package io.catalogsync.kong.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The answer to a DB-less {@code POST /config}: either loaded (201, with the configuration hash Kong reports
 * afterwards when known), unchanged (304 with {@code check_hash}), or rejected with Kong's flattened errors.
 */
public record ConfigResult(Outcome outcome, String configurationHash, String message, List<EntityError> errors,
                           JsonNode body) {

    public enum Outcome { LOADED, UNCHANGED, REJECTED }

    public ConfigResult {
        errors = List.copyOf(errors);
    }

    /**
     * One entry of {@code flattened_errors} (Kong 3.x, kong/db/errors.lua {@code declarative_config_flattened}):
     * the entity's type, name/id and tags as Kong echoes them, and its messages by field ({@code field} null
     * for entity-level errors).
     */
    public record EntityError(String entityType, String entityName, String entityId, List<String> entityTags,
                              List<FieldError> fieldErrors, JsonNode entity) {
        public EntityError {
            entityTags = entityTags == null ? List.of() : List.copyOf(entityTags);
            fieldErrors = List.copyOf(fieldErrors);
        }
    }

    public record FieldError(String field, String message) {
    }
}
