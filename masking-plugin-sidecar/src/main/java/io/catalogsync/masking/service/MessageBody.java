package io.catalogsync.masking.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** A body to mask or unmask: plain text, or JSON (an Anthropic Messages request when masking). */
public sealed interface MessageBody {

    /** {@code text/plain}: the whole text is scanned. */
    record Text(String text) implements MessageBody {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** {@code application/json}: only the fields that carry conversation text are touched. */
    record Json(JsonNode json) implements MessageBody {
        public Json {
            Objects.requireNonNull(json, "json");
        }
    }
}
