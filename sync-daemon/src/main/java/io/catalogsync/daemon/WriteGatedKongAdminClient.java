package io.catalogsync.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalogsync.kong.admin.ConfigResult;
import io.catalogsync.kong.admin.EntityApi;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link KongAdminClient} that asks a {@link WriteGate} before every write (create, upsert, patch, delete,
 * DB-less {@code /config}) and fails it with {@link WriteNotAllowedException} without sending it when the gate
 * is closed. Reads always pass: a standby replica plans against Kong without writing.
 *
 * <p>Sitting under the engine's applier, this is what makes "losing the lease stops writes at once" hold for
 * every write path, whatever the applier does between writes.
 */
public final class WriteGatedKongAdminClient extends ForwardingKongAdminClient {

    private final WriteGate gate;

    public WriteGatedKongAdminClient(KongAdminClient delegate, WriteGate gate) {
        super(delegate);
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    @Override
    protected <T extends KongEntity> EntityApi<T> entities(EntityApi<T> api, EntityType type, String scope) {
        String collection = type == EntityType.TARGET ? "/upstreams/{upstream}/targets" : "/" + type.collection();
        return new ForwardingEntityApi<>(api) {
            @Override
            public Future<T> create(T entity) {
                return gate.writeAllowed() ? api.create(entity) : refused("POST", collection);
            }

            @Override
            public Future<T> upsert(String idOrName, T entity) {
                return gate.writeAllowed() ? api.upsert(idOrName, entity) : refused("PUT", collection + "/{key}");
            }

            @Override
            public Future<T> patch(String idOrName, Map<String, Object> fields) {
                return gate.writeAllowed() ? api.patch(idOrName, fields) : refused("PATCH", collection + "/{key}");
            }

            @Override
            public Future<Void> delete(String idOrName) {
                return gate.writeAllowed() ? api.delete(idOrName) : refused("DELETE", collection + "/{key}");
            }
        };
    }

    @Override
    public Future<ConfigResult> loadConfig(JsonNode declarativeConfig, boolean checkHash) {
        if (!gate.writeAllowed()) {
            return refused("POST", "/config");
        }
        return delegate.loadConfig(declarativeConfig, checkHash);
    }

    private static <R> Future<R> refused(String method, String path) {
        return Future.failedFuture(new WriteNotAllowedException(method, path));
    }
}
