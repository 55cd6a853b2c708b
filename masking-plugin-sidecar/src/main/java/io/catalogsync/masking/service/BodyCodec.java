package io.catalogsync.masking.service;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON in and out, configured so a masked body differs from the input only in the masked strings: floats are
 * kept as exact decimals, key order is kept, and duplicate keys are refused instead of silently dropped.
 *
 * <p>Input is strict UTF-8 (Jackson alone decodes overlong forms such as {@code C0 AF} to {@code /}, and code
 * points above U+10FFFF to garbage), nested at most {@link #MAX_NESTING_DEPTH} deep: half of Jackson's own limit
 * for reading and writing (1000), so a body at the limit still fits, with room, inside the {@code {"body": ...}}
 * answer and the recursive walk. Error messages give the position and a cause of our own wording, never a piece
 * of the body (Jackson's messages quote the offending token, which may be an identifier).
 */
public final class BodyCodec {

    /** Deepest nesting of arrays and objects accepted; a real Anthropic request needs a few dozen at most. */
    public static final int MAX_NESTING_DEPTH = 512;

    static final ObjectMapper MAPPER = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private BodyCodec() {
    }

    /** Parses a UTF-8 JSON document; the error names the cause and position, not the content. */
    public static JsonNode parse(byte[] utf8) {
        if (utf8.length == 0) {
            throw new InvalidBodyException(null, "empty body is not JSON");
        }
        int bad = Utf8.firstInvalid(utf8);
        if (bad >= 0) {
            throw new InvalidBodyException(null, "body is not valid UTF-8 (byte offset " + bad + ")");
        }
        try (JsonParser parser = MAPPER.createParser(utf8)) {
            JsonNode node = MAPPER.readTree(parser);
            if (node == null || node.isMissingNode()) {
                throw new InvalidBodyException(null, "empty body is not JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new InvalidBodyException(null, "invalid JSON" + where + ": " + cause(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Jackson's reason in our words. Its own messages quote the token, key or character at fault ("Unrecognized token
     * 'i-0abc...'", "Duplicate field 'arn:...'"), and an answer must never echo part of the body.
     */
    private static String cause(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            String m = String.valueOf(e.getOriginalMessage());
            return m.contains("nesting") ? "arrays and objects nested deeper than " + MAX_NESTING_DEPTH
                    : "a number, string or name longer than the parser accepts";
        }
        String m = String.valueOf(e.getOriginalMessage());
        if (m.startsWith("Duplicate field")) {
            return "duplicate key in an object";
        }
        if (m.startsWith("Unexpected end-of-input")) {
            return "unexpected end of input";
        }
        if (m.startsWith("Unrecognized token")) {
            return "unrecognized token (a string without quotes?)";
        }
        if (m.startsWith("Illegal unquoted character")) {
            return "control character not escaped in a string";
        }
        if (m.startsWith("Trailing token")) {
            return "more content after the JSON value";
        }
        if (m.contains("surrogate")) {
            return "invalid UTF-16 surrogate escape";
        }
        if (m.startsWith("Unexpected character") || m.startsWith("Unexpected close marker")) {
            return "unexpected character";
        }
        if (m.contains("Numeric value") || m.contains("numeric value")) {
            return "invalid number";
        }
        if (m.contains("escape")) {
            return "invalid escape sequence";
        }
        return "syntax error";
    }

    public static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
