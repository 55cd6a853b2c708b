package io.catalogsync.kong.admin;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a 2xx list page ({@code {"data": [...], "offset": "...", "next": "..."}}, kong/api/endpoints.lua
 * {@code page_collection}) straight from its bytes into entity records, in one streaming pass: no intermediate
 * {@link com.fasterxml.jackson.databind.JsonNode} tree that would be built and then walked again. At 10,000
 * services a first cycle reads 10,000 target pages and 34 pages of 1,000 entities; building the trees was about
 * half of the client's CPU (issue 12).
 *
 * <p>Each item is bound by {@link RecordBinder}, with the deserializers {@code treeToValue} used, so records come
 * out equal to those the tree path made ({@code ListPageReaderTest} compares both over every list page of the
 * real-Kong transcripts) and a mapping error names the same path inside the entity.
 *
 * <p>A body that is not JSON (truncated, an HTML page, trailing garbage) throws an {@link IOException}: the
 * executor reports it as "not JSON" and retries it like any unusable answer. JSON of the wrong shape throws a
 * {@link KongTransportException} naming the cause and the field path, never a value (plugin configurations hold
 * secrets).
 */
final class ListPageReader<T> implements RequestExecutor.BodyReader<Page<T>> {

    private final RecordBinder<T> items;
    private final String collectionPath;

    ListPageReader(Class<T> type, String collectionPath) {
        this.items = new RecordBinder<>(type, "GET", collectionPath);
        this.collectionPath = collectionPath;
    }

    /** {@link #read(JsonParser, int)} of a whole body. */
    Page<T> read(byte[] body, int status) throws IOException {
        try (JsonParser p = KongJson.MAPPER.createParser(body)) {
            return read(p, status);
        }
    }

    @Override
    public Page<T> read(JsonParser p, int status) throws IOException {
        List<T> data = null;
        String offset = null;
        // Problems with the items are kept, not thrown, until the whole body has been read, in the tree path's
        // order: a body that is not JSON further on (retried), then an item that is not an object, then the
        // first item that does not fit the record (the tree path parsed everything, then checked the items,
        // then bound them).
        boolean notObject = false;
        KongTransportException misfit = null;
        JsonToken root = p.nextToken();
        if (root == JsonToken.START_OBJECT) {
            for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                JsonToken value = p.nextToken();
                if ("data".equals(field) && value == JsonToken.START_ARRAY) {
                    // A repeated field replaced the earlier one in the tree: the last 'data' counts.
                    data = new ArrayList<>();
                    notObject = false;
                    misfit = null;
                    for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
                        if (item != JsonToken.START_OBJECT) {
                            p.skipChildren();
                            notObject = true;
                        } else if (notObject || misfit != null) {
                            p.skipChildren();
                        } else {
                            try {
                                data.add(items.bind(p));
                            } catch (KongTransportException e) {
                                misfit = e;
                            }
                        }
                    }
                } else if ("data".equals(field)) {
                    data = null;
                    notObject = false;
                    misfit = null;
                    p.skipChildren();
                } else if ("offset".equals(field)) {
                    offset = offset(p, value);
                } else {
                    p.skipChildren();
                }
            }
        } else if (root != null) {
            p.skipChildren();
        }
        // The tree path refused anything after the document (KongJson's FAIL_ON_TRAILING_TOKENS): so does this.
        // No document at all (an empty body) is an answer without a 'data' array, as it was there.
        if (root != null && p.nextToken() != null) {
            throw new JsonParseException(p, "content after the page");
        }
        if (data == null) {
            throw new KongTransportException("GET", collectionPath,
                    "status " + status + " without a 'data' array", null);
        }
        if (notObject) {
            throw new KongTransportException("GET", collectionPath, "a 'data' item is not an object", null);
        }
        if (misfit != null) {
            throw misfit;
        }
        return new Page<>(data, offset);
    }

    /** Kong's next-page cursor: a string, absent or null on the last page (the tree path's {@code asText}). */
    private static String offset(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        String text = p.getValueAsString();
        return text == null || text.isEmpty() ? null : text;
    }
}
