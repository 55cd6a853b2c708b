package io.catalogsync.kong.admin;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;

/**
 * Binds one JSON object of Kong's answer to an entity record straight from the parser, as {@code treeToValue} did
 * from a tree: the same deserializers, so the same records ({@code ListPageReaderTest}), and a record that does
 * not fit fails with the same message, naming the field path and never the value (plugin configurations hold
 * secrets).
 */
final class RecordBinder<T> {

    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            // A page's items are read one after the other from one parser: the check for content after the
            // document belongs to the whole body, not to each item (it would consume the next item's first token).
            return KongJson.MAPPER.readerFor(type).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        }
    };

    private final Class<T> type;
    private final ObjectReader reader;
    private final String method;
    private final String path;

    RecordBinder(Class<T> type, String method, String path) {
        this.type = type;
        this.reader = READERS.get(type);
        this.method = method;
        this.path = path;
    }

    /**
     * The record for the object the parser is at ({@code START_OBJECT}); leaves the parser just after its
     * {@code END_OBJECT}, also when it does not fit (so that the caller can read the rest of the body).
     *
     * @throws JsonParseException the body is not JSON
     * @throws KongTransportException the object does not fit the record
     */
    T bind(JsonParser p) throws IOException {
        JsonStreamContext parent = p.getParsingContext().getParent();
        try {
            // Leaves the parser after the object's END_OBJECT, the current token cleared.
            return reader.readValue(p);
        } catch (JsonParseException e) {
            throw e;
        } catch (DatabindException e) {
            JsonParseException syntax = syntax(e);
            if (syntax != null) {
                throw syntax;
            }
            skipTo(p, parent);
            // Only the field path: the message would quote the offending value, which may be a plugin secret.
            String where = e instanceof JsonMappingException m ? " at " + m.getPathReference() : "";
            throw misfit(where);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            skipTo(p, parent);
            throw misfit("");
        }
    }

    private KongTransportException misfit(String where) {
        return new KongTransportException(method, path, "Kong's answer does not fit " + type.getSimpleName() + where,
                null);
    }

    /** Binding stopped somewhere inside the object: move on to its end. */
    private static void skipTo(JsonParser p, JsonStreamContext parent) throws IOException {
        while (p.getParsingContext() != parent) {
            if (p.nextToken() == null) {
                throw new JsonParseException(p, "end of input inside an object");
            }
        }
    }

    /**
     * Binding a record wraps a syntax error found inside it (a truncated body) in a mapping exception; the tree
     * path saw it as a body that is not JSON, and so does this.
     */
    private static JsonParseException syntax(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonParseException s) {
                return s;
            }
        }
        return null;
    }
}
