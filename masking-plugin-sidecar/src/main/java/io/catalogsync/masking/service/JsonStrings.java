package io.catalogsync.masking.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The one walk over a JSON document that masking and unmasking share: every string value and every object key,
 * anywhere, in document order, whatever the document's shape: an Anthropic Messages request, a Message Batch
 * ({@code {"requests":[{"params":{...}}]}}), a legacy {@code prompt}, a misspelt key, a bare array or string. There
 * is no list of fields to look at, so no field can be forgotten: tool descriptions and input schemas, metadata,
 * image and document URLs, tool_use input keys and nested tool results are strings like any other.
 *
 * <p>Structural fields ({@link #STRUCTURAL}) are walked too. Their values are names, ids and enums of the API,
 * never free text, so the scanner finds nothing in real ones and they come through byte for byte (tested on real
 * values); but a field must not become a place to hide an identifier, so an identifier in one (an ARN as
 * {@code model}, an instance id as a tool call's {@code id}) is masked like anywhere else, and counted.
 *
 * <p>A rewrite builds the changed path of the tree anew and shares every unchanged subtree with the input; the input
 * is never modified, and a rewrite that changes nothing returns the input itself without allocating. Recursion is
 * bounded by {@link BodyCodec#MAX_NESTING_DEPTH} for parsed bodies.
 */
final class JsonStrings {

    /**
     * Fields whose values are structure, not text: what to expect unchanged, not what to skip. {@code id} is a tool
     * call's id ({@code toolu_...}), {@code name} a tool's name, {@code signature} a thinking block's opaque
     * signature. {@code data} is not here: it is free text in a {@code text} document source.
     */
    static final Set<String> STRUCTURAL = Set.of("model", "role", "type", "stop_reason", "id", "tool_use_id",
            "name", "media_type", "signature");

    /** What the walk does with each string. */
    interface Rewriter {
        /**
         * @param text  a string value or an object key
         * @param field the name of the field the string belongs to: for a value, its key (for an array element, the
         *              key of the nearest field holding the array); for a key, the key of the object holding it;
         *              null at the top level
         * @param isKey whether {@code text} is an object key
         * @return the replacement, or {@code text} itself (the same instance) to keep it
         */
        String rewrite(String text, String field, boolean isKey);
    }

    private JsonStrings() {
    }

    /**
     * Calls {@code rewriter} on every string and key of {@code root} in document order (an object's key before its
     * value) and returns the document with the replacements, or {@code root} itself when there were none.
     *
     * @throws InvalidBodyException when two keys of one object become equal
     */
    static JsonNode rewrite(JsonNode root, Rewriter rewriter) {
        return walk(root, null, rewriter);
    }

    private static JsonNode walk(JsonNode node, String field, Rewriter rewriter) {
        if (node instanceof TextNode) {
            String text = node.textValue();
            String replaced = rewriter.rewrite(text, field, false);
            return replaced == text ? node : TextNode.valueOf(replaced);
        }
        if (node instanceof ObjectNode object) {
            return object(object, field, rewriter);
        }
        if (node instanceof ArrayNode array) {
            return array(array, field, rewriter);
        }
        return node; // numbers, booleans, null
    }

    private static JsonNode object(ObjectNode node, String field, Rewriter rewriter) {
        ObjectNode out = null;
        int index = 0;
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            String newKey = rewriter.rewrite(key, field, true);
            JsonNode newValue = walk(value, key, rewriter);
            if (out == null && (newKey != key || newValue != value)) {
                out = node.objectNode();
                Iterator<Map.Entry<String, JsonNode>> earlier = node.properties().iterator();
                for (int i = 0; i < index; i++) {
                    Map.Entry<String, JsonNode> e = earlier.next();
                    out.set(e.getKey(), e.getValue());
                }
            }
            if (out != null) {
                if (out.has(newKey)) {
                    // Only possible when the body already holds a token next to its original; the message must not
                    // name the key, which may be an identifier.
                    throw new InvalidBodyException("object key", "two keys of one object become the same string "
                            + "once tokens are replaced");
                }
                out.set(newKey, newValue);
            }
            index++;
        }
        return out == null ? node : out;
    }

    private static JsonNode array(ArrayNode node, String field, Rewriter rewriter) {
        ArrayNode out = null;
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            JsonNode replaced = walk(element, field, rewriter);
            if (out == null && replaced != element) {
                out = node.arrayNode(node.size());
                for (int j = 0; j < i; j++) {
                    out.add(node.get(j));
                }
            }
            if (out != null) {
                out.add(replaced);
            }
        }
        return out == null ? node : out;
    }
}
