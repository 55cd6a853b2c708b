package io.catalogsync.masking.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Finds the strings of an Anthropic Messages request that carry conversation text, and only those:
 * <ul>
 *   <li>{@code system}: a string, or an array of content blocks;</li>
 *   <li>{@code messages[].content}: a string, or an array of content blocks.</li>
 * </ul>
 * Content blocks, by {@code type}:
 * <ul>
 *   <li>{@code text}: {@code text}, and every string inside {@code citations} except {@code type};</li>
 *   <li>{@code thinking}: {@code thinking} (the {@code signature} is left alone);</li>
 *   <li>{@code tool_use}, {@code server_tool_use}: every string value inside {@code input}, recursively (keys
 *       are left alone);</li>
 *   <li>{@code tool_result}: {@code content}, a string or an array of content blocks;</li>
 *   <li>{@code document}: {@code title}, {@code context}, {@code source.data} when {@code source.type} is
 *       {@code text}, {@code source.content} (string or blocks) when it is {@code content};</li>
 *   <li>{@code image}, {@code redacted_thinking}: left alone (binary, URL or opaque data);</li>
 *   <li>any other type: every string value in the block except its {@code type} (fail secure: a block type
 *       added to the API later is masked rather than leaked).</li>
 * </ul>
 * Everything else ({@code model}, {@code max_tokens}, {@code temperature}, {@code tools}, {@code metadata},
 * {@code stream}, ...) is never touched. A field whose shape could hide text where the masker does not look
 * ({@code content} that is an object, a block that is not an object) is refused with
 * {@link InvalidBodyException} naming the field.
 */
final class AnthropicTextFields {

    private AnthropicTextFields() {
    }

    static List<TextSlot> collect(JsonNode body) {
        if (!(body instanceof ObjectNode root)) {
            throw new InvalidBodyException(null, "an Anthropic Messages body must be a JSON object, got "
                    + kind(body));
        }
        List<TextSlot> slots = new ArrayList<>();
        JsonNode system = root.get("system");
        if (system != null && !system.isNull()) {
            contentField(root, "system", "system", slots);
        }
        JsonNode messages = root.get("messages");
        if (messages != null && !messages.isNull()) {
            if (!(messages instanceof ArrayNode list)) {
                throw new InvalidBodyException("messages", "must be an array, got " + kind(messages));
            }
            for (int i = 0; i < list.size(); i++) {
                String path = "messages[" + i + "]";
                if (!(list.get(i) instanceof ObjectNode message)) {
                    throw new InvalidBodyException(path, "must be an object, got " + kind(list.get(i)));
                }
                JsonNode content = message.get("content");
                if (content != null && !content.isNull()) {
                    contentField(message, "content", path + ".content", slots);
                }
            }
        }
        return slots;
    }

    /** A field holding a string or an array of content blocks. */
    private static void contentField(ObjectNode parent, String name, String path, List<TextSlot> slots) {
        JsonNode value = parent.get(name);
        if (value.isTextual()) {
            slots.add(new TextSlot.Field(parent, name));
        } else if (value instanceof ArrayNode blocks) {
            for (int i = 0; i < blocks.size(); i++) {
                block(blocks, i, path + "[" + i + "]", slots);
            }
        } else {
            throw new InvalidBodyException(path, "must be a string or an array of content blocks, got "
                    + kind(value));
        }
    }

    private static void block(ArrayNode blocks, int index, String path, List<TextSlot> slots) {
        JsonNode node = blocks.get(index);
        if (node.isTextual()) {
            // Not a valid block for the API, but a string here is still text on its way to the model.
            slots.add(new TextSlot.Element(blocks, index));
            return;
        }
        if (!(node instanceof ObjectNode block)) {
            throw new InvalidBodyException(path, "a content block must be an object, got " + kind(node));
        }
        String type = block.path("type").asText("");
        switch (type) {
            case "text" -> {
                stringField(block, "text", path, slots);
                JsonNode citations = block.get("citations");
                if (citations != null) {
                    allStrings(citations, slots, true);
                }
            }
            case "thinking" -> stringField(block, "thinking", path, slots);
            case "tool_use", "server_tool_use" -> {
                JsonNode input = block.get("input");
                if (input != null) {
                    allStrings(input, slots, false);
                }
            }
            case "tool_result" -> {
                JsonNode content = block.get("content");
                if (content != null && !content.isNull()) {
                    contentField(block, "content", path + ".content", slots);
                }
            }
            case "document" -> document(block, path, slots);
            case "image", "redacted_thinking" -> {
                // binary data, a URL or an opaque encrypted payload: nothing the model reads as text
            }
            default -> allStrings(block, slots, true);
        }
    }

    private static void document(ObjectNode block, String path, List<TextSlot> slots) {
        stringField(block, "title", path, slots);
        stringField(block, "context", path, slots);
        JsonNode source = block.get("source");
        if (source instanceof ObjectNode src) {
            String sourceType = src.path("type").asText("");
            if (sourceType.equals("text")) {
                stringField(src, "data", path + ".source", slots);
            } else if (sourceType.equals("content") && src.hasNonNull("content")) {
                contentField(src, "content", path + ".source.content", slots);
            }
        }
    }

    private static void stringField(ObjectNode parent, String name, String path, List<TextSlot> slots) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isTextual()) {
            throw new InvalidBodyException(path + "." + name, "must be a string, got " + kind(value));
        }
        slots.add(new TextSlot.Field(parent, name));
    }

    /** Every string value below {@code node}; with {@code skipType}, fields named {@code type} are kept. */
    private static void allStrings(JsonNode node, List<TextSlot> slots, boolean skipType) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (skipType && field.getKey().equals("type")) {
                    continue;
                }
                if (field.getValue().isTextual()) {
                    slots.add(new TextSlot.Field(object, field.getKey()));
                } else {
                    allStrings(field.getValue(), slots, skipType);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    slots.add(new TextSlot.Element(array, i));
                } else {
                    allStrings(array.get(i), slots, skipType);
                }
            }
        }
    }

    /** Every string value anywhere in the document (unmasking restores tokens wherever the model put them). */
    static List<TextSlot> everyString(JsonNode body) {
        List<TextSlot> slots = new ArrayList<>();
        allStrings(body, slots, false);
        return slots;
    }

    private static String kind(JsonNode node) {
        return node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
