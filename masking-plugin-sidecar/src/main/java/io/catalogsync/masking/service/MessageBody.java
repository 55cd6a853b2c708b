package io.catalogsync.masking.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** A body to mask or unmask: plain text, or a JSON document of any shape. */
public sealed interface MessageBody {

    /** {@code text/plain}: the whole text is scanned. */
    record Text(String text) implements MessageBody {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** {@code application/json}: every string value and object key is scanned ({@link JsonStrings}). */
    record Json(JsonNode json) implements MessageBody {
        public Json {
            Objects.requireNonNull(json, "json");
        }
    }
}
