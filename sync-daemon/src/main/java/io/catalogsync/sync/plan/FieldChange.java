package io.catalogsync.sync.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * One managed field that differs: its dotted path ({@code config.minute}, {@code healthchecks.active.http_path})
 * and the values as JSON; a missing value is JSON {@code null}.
 */
public record FieldChange(String path, JsonNode before, JsonNode after) {

    public FieldChange {
        before = before == null ? NullNode.getInstance() : before;
        after = after == null ? NullNode.getInstance() : after;
    }
}
