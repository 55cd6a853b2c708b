package io.catalogsync.kong.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.entity.KongEntity;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Operations on one Kong collection. */
public interface EntityApi<T extends KongEntity> {

    /** {@code GET /{collection}/{idOrName}}; empty when Kong answers 404. */
    Future<Optional<T>> get(String idOrName);

    /** Every entity matching the query, following {@code offset} across pages. */
    Future<List<T>> list(ListQuery query);

    /**
     * {@link #list(ListQuery)}, handing each page's entities to {@code eachPage} as it arrives (on the thread that
     * completed it), before the next page is read: a caller can start on the first entities while the rest are
     * still on their way. By default (an implementation that does not page) everything is handed over at once.
     */
    default Future<List<T>> list(ListQuery query, Consumer<List<T>> eachPage) {
        return list(query).map(all -> {
            eachPage.accept(all);
            return all;
        });
    }

    /** Same as {@link #list} but keeps every field exactly as Kong returned it (DB-less full config). */
    Future<List<ObjectNode>> listRaw(ListQuery query);

    /** One page: {@code offset} null for the first. */
    Future<Page<T>> page(ListQuery query, String offset);

    /** {@code POST /{collection}}: retried only when the entity carries its own id (a repeat then answers 409). */
    Future<T> create(T entity);

    /** {@code PUT /{collection}/{idOrName}}: create or replace; idempotent, retried. */
    Future<T> upsert(String idOrName, T entity);

    /** {@code PATCH /{collection}/{idOrName}} with just the given fields. */
    Future<T> patch(String idOrName, Map<String, Object> fields);

    /** {@code DELETE /{collection}/{idOrName}}; a 404 counts as success. */
    Future<Void> delete(String idOrName);
}
