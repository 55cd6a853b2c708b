package io.catalogsync.kong.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.entity.KongEntity;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * {@link EntityApi} over one collection path ({@code /services}, {@code /upstreams/{u}/targets}).
 *
 * <p>Paging follows Kong's {@code offset} (kong/api/endpoints.lua, {@code page_collection}): Kong sends
 * {@code offset} only when there is a next page, and its {@code next} link is relative to Kong's own root (it knows
 * nothing of a path prefix in front of it), so the client rebuilds each page request itself, keeping {@code size}
 * and {@code tags}.
 */
final class WebEntityApi<T extends KongEntity> implements EntityApi<T> {

    private final RequestExecutor executor;
    private final Class<T> type;
    private final String collectionPath;
    private final String collectionTemplate;
    private final int pageSize;
    private final ListPageReader<T> pages;

    /**
     * @param collectionPath     encoded path of the collection, e.g. {@code /upstreams/my-up/targets}
     * @param collectionTemplate the same with names replaced, e.g. {@code /upstreams/{id}/targets}
     */
    WebEntityApi(RequestExecutor executor, Class<T> type, String collectionPath, String collectionTemplate,
                 int pageSize) {
        this.executor = executor;
        this.type = type;
        this.collectionPath = collectionPath;
        this.collectionTemplate = collectionTemplate;
        this.pageSize = pageSize;
        this.pages = new ListPageReader<>(type, collectionPath);
    }

    @Override
    public Future<Optional<T>> get(String idOrName) {
        return itemRequest(HttpMethod.GET, idOrName, null)
                .compose(req -> executor.exchange(req, entityReader(req)))
                .map(resp -> {
                    if (resp.status() == 404) {
                        return Optional.<T>empty();
                    }
                    requireSuccess(HttpMethod.GET, itemPath(idOrName), resp);
                    return Optional.of(type.cast(resp.value()));
                });
    }

    @Override
    public Future<List<T>> list(ListQuery query) {
        return collect(query, this::page, null);
    }

    @Override
    public Future<List<T>> list(ListQuery query, Consumer<List<T>> eachPage) {
        return collect(query, this::page, eachPage);
    }

    @Override
    public Future<List<ObjectNode>> listRaw(ListQuery query) {
        return collect(query, this::rawPage, null);
    }

    /** One page read straight into records ({@link ListPageReader}). */
    @Override
    public Future<Page<T>> page(ListQuery query, String offset) {
        if (query == null) {
            return Future.failedFuture(new IllegalArgumentException("query must not be null (use ListQuery.ALL)"));
        }
        return executor.read(pageRequest(collectionPath, collectionTemplate, pageSize, query, offset), pages);
    }

    @Override
    public Future<T> create(T entity) {
        return body(entity)
                // A POST carrying its id cannot create twice (a repeat is refused with a primary key violation),
                // so it is retried like a PUT; without an id a blind retry could create a second entity.
                .map(b -> new AdminRequest(HttpMethod.POST, collectionPath, collectionTemplate, List.of(), b, true,
                        createRetry(entity)))
                .compose(req -> executor.read(req, entityReader(req)));
    }

    /**
     * A create with an id the caller chose (the sync gives targets deterministic ids) is retried like a PUT: if an
     * earlier attempt got through, the repeat cannot create a second entity, Kong answers 409 for the taken
     * primary key (kong/db/strategies/postgres/init.lua, unique violation on {@code id}) and the caller decides
     * what that means. Without an id Kong picks one, and a blind repeat could create twice.
     */
    private static RetryPolicy createRetry(KongEntity entity) {
        return entity.id() != null ? RetryPolicy.IDEMPOTENT : RetryPolicy.NEVER;
    }

    @Override
    public Future<T> upsert(String idOrName, T entity) {
        return body(entity).compose(b -> write(HttpMethod.PUT, idOrName, b));
    }

    @Override
    public Future<T> patch(String idOrName, Map<String, Object> fields) {
        if (fields == null) {
            return Future.failedFuture(new IllegalArgumentException("patch fields must not be null"));
        }
        Buffer b;
        try {
            b = Buffer.buffer(KongJson.MAPPER.writeValueAsBytes(fields));
        } catch (JsonProcessingException e) {
            return Future.failedFuture(new IllegalArgumentException("patch fields cannot be written as JSON: "
                    + e.getOriginalMessage(), e));
        }
        return write(HttpMethod.PATCH, idOrName, b);
    }

    @Override
    public Future<Void> delete(String idOrName) {
        return itemRequest(HttpMethod.DELETE, idOrName, null)
                .compose(executor::exchange)
                .map(resp -> {
                    // Already gone is what the caller wanted (Kong answers 204 for a missing service anyway,
                    // 404 for a missing target).
                    if (resp.status() != 404) {
                        requireSuccess(HttpMethod.DELETE, itemPath(idOrName), resp);
                    }
                    return null;
                });
    }

    private Future<T> write(HttpMethod method, String idOrName, Buffer body) {
        return itemRequest(method, idOrName, body).compose(req -> executor.read(req, entityReader(req)));
    }

    /** The entity of a 2xx answer to {@code req}, read straight from the body ({@link EntityReader}). */
    private EntityReader<T> entityReader(AdminRequest req) {
        return new EntityReader<>(type, req.method().name(), req.path());
    }

    private Future<AdminRequest> itemRequest(HttpMethod method, String idOrName, Buffer body) {
        if (idOrName == null || idOrName.isEmpty()) {
            return Future.failedFuture(new IllegalArgumentException(
                    "idOrName must not be empty (" + method + " " + collectionPath + ")"));
        }
        return Future.succeededFuture(new AdminRequest(method, itemPath(idOrName), collectionTemplate + "/{id}",
                List.of(), body, true, AdminRequest.defaultRetry(method)));
    }

    private String itemPath(String idOrName) {
        return collectionPath + "/" + AdminUris.segment(idOrName);
    }

    private <R> Future<List<R>> collect(ListQuery query, BiFunction<ListQuery, String, Future<Page<R>>> pageAt,
                                        Consumer<List<R>> eachPage) {
        List<R> all = new ArrayList<>();
        return collectFrom(query, null, all, pageAt, eachPage);
    }

    private <R> Future<List<R>> collectFrom(ListQuery query, String offset, List<R> acc,
                                            BiFunction<ListQuery, String, Future<Page<R>>> pageAt,
                                            Consumer<List<R>> eachPage) {
        return pageAt.apply(query, offset).compose(p -> {
            acc.addAll(p.data());
            if (eachPage != null) {
                eachPage.accept(p.data());
            }
            if (!p.hasNext()) {
                return Future.succeededFuture(acc);
            }
            if (p.offset().equals(offset)) {
                return Future.failedFuture(new KongTransportException("GET", collectionPath,
                        "Kong returned the same paging offset twice", null));
            }
            return collectFrom(query, p.offset(), acc, pageAt, eachPage);
        });
    }

    private Future<Page<ObjectNode>> rawPage(ListQuery query, String offset) {
        if (query == null) {
            return Future.failedFuture(new IllegalArgumentException("query must not be null (use ListQuery.ALL)"));
        }
        return rawPage(executor, collectionPath, collectionTemplate, pageSize, query, offset);
    }

    /** One page of {@code collectionPath}, entities as Kong sent them. */
    static Future<Page<ObjectNode>> rawPage(RequestExecutor executor, String collectionPath, String collectionTemplate,
                                            int pageSize, ListQuery query, String offset) {
        AdminRequest req = pageRequest(collectionPath, collectionTemplate, pageSize, query, offset);
        return executor.exchange(req).map(resp -> {
            requireSuccess(HttpMethod.GET, collectionPath, resp);
            JsonNode json = resp.json();
            JsonNode data = json == null ? null : json.get("data");
            if (data == null || !data.isArray()) {
                throw new KongTransportException("GET", collectionPath,
                        "status " + resp.status() + " without a 'data' array", null);
            }
            List<ObjectNode> items = new ArrayList<>(data.size());
            for (JsonNode n : data) {
                if (!n.isObject()) {
                    throw new KongTransportException("GET", collectionPath, "a 'data' item is not an object", null);
                }
                items.add((ObjectNode) n);
            }
            JsonNode next = json.get("offset");
            String nextOffset = next == null || next.isNull() || next.asText().isEmpty() ? null : next.asText();
            return new Page<>(items, nextOffset);
        });
    }

    private static AdminRequest pageRequest(String collectionPath, String collectionTemplate, int pageSize,
                                            ListQuery query, String offset) {
        // The smaller of the query's size and the client's configured page size: ListQuery.ALL asks for Kong's
        // maximum, options may lower it for every list.
        int size = Math.min(query.size(), pageSize);
        return AdminRequest.get(collectionPath, collectionTemplate, true)
                .withQuery("size", Integer.toString(size))
                .withQuery("tags", query.tagsParam())
                .withQuery("offset", offset);
    }

    private Future<Buffer> body(T entity) {
        if (entity == null) {
            return Future.failedFuture(new IllegalArgumentException("entity must not be null"));
        }
        return Future.succeededFuture(writeBody(entity));
    }

    /**
     * The entity as a request body. {@code created_at}/{@code updated_at} are Kong's bookkeeping: it sets them on
     * every write, so they are never sent back.
     */
    static Buffer writeBody(KongEntity entity) {
        ObjectNode node = KongJson.MAPPER.valueToTree(entity);
        node.remove("created_at");
        node.remove("updated_at");
        try {
            return Buffer.buffer(KongJson.MAPPER.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("entity cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static void requireSuccess(HttpMethod method, String path, KongResponse resp) {
        if (!resp.success()) {
            throw ErrorMapper.fromResponse(method.name(), path, resp);
        }
    }
}
