package io.catalogsync.kong.admin;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads a 2xx answer holding one entity (a {@code GET} by id or name, the entity Kong echoes after a write)
 * straight into its record, as {@link ListPageReader} does for pages: no tree walked again by {@code treeToValue}.
 * A first sync at 10,000 services parses 43,500 such answers. Outcomes as before: not JSON (retried), "expected a
 * JSON object from Kong", or "does not fit" with the field path.
 */
final class EntityReader<T> implements RequestExecutor.BodyReader<T> {

    private final RecordBinder<T> binder;
    private final String method;
    private final String path;

    EntityReader(Class<T> type, String method, String path) {
        this.binder = new RecordBinder<>(type, method, path);
        this.method = method;
        this.path = path;
    }

    @Override
    public T read(JsonParser p, int status) throws IOException {
        JsonToken root = p.nextToken();
        T entity = null;
        KongTransportException misfit = null;
        if (root == JsonToken.START_OBJECT) {
            try {
                entity = binder.bind(p);
            } catch (KongTransportException e) {
                misfit = e;
            }
        } else if (root != null) {
            p.skipChildren();
        }
        // The tree path refused anything after the document (KongJson's FAIL_ON_TRAILING_TOKENS): so does this.
        if (root != null && p.nextToken() != null) {
            throw new JsonParseException(p, "content after the entity");
        }
        if (root != JsonToken.START_OBJECT) {
            throw new KongTransportException(method, path, "expected a JSON object from Kong", null);
        }
        if (misfit != null) {
            throw misfit;
        }
        return entity;
    }
}
