package io.catalogsync.sync.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.entity.KongEntity;

/**
 * Entities as Kong's JSON: the records' snake_case shape with null fields left out. The diff compares this
 * shape, and the declarative outputs (render, DB-less {@code /config}) are built from it.
 */
public final class EntityJson {

    /** One mapper for the engine: records in, Kong's JSON out; map keys sorted so output is stable. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, false);

    private EntityJson() {
    }

    /** The entity's JSON without Kong's bookkeeping timestamps ({@code id} is kept). */
    public static ObjectNode toNode(KongEntity entity) {
        ObjectNode node = MAPPER.valueToTree(entity);
        node.remove("created_at");
        node.remove("updated_at");
        return node;
    }

    /** Reads a record back from Kong's JSON (used for entities read raw). */
    public static <T extends KongEntity> T fromNode(JsonNode node, Class<T> type) {
        return MAPPER.convertValue(node, type);
    }
}
