package io.catalogsync.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.admin.ConfigResult;
import io.catalogsync.kong.admin.EntityApi;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongInfo;
import io.catalogsync.kong.admin.KongStatus;
import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.admin.Page;
import io.catalogsync.kong.entity.Consumer;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link KongAdminClient} that asks a {@link WriteGate} before every write (create, upsert, patch, delete,
 * DB-less {@code /config}) and fails it with {@link WriteNotAllowedException} without sending it when the gate
 * is closed. Reads always pass: a standby replica plans against Kong without writing.
 *
 * <p>Sitting under the engine's applier, this is what makes "losing the lease stops writes at once" hold for
 * every write path, whatever the applier does between writes.
 */
public final class WriteGatedKongAdminClient implements KongAdminClient {

    private final KongAdminClient delegate;
    private final WriteGate gate;

    public WriteGatedKongAdminClient(KongAdminClient delegate, WriteGate gate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    @Override
    public Future<KongInfo> info() {
        return delegate.info();
    }

    @Override
    public Future<KongStatus> status() {
        return delegate.status();
    }

    @Override
    public EntityApi<Service> services() {
        return new Gated<>(delegate.services(), "/services");
    }

    @Override
    public EntityApi<Route> routes() {
        return new Gated<>(delegate.routes(), "/routes");
    }

    @Override
    public EntityApi<Plugin> plugins() {
        return new Gated<>(delegate.plugins(), "/plugins");
    }

    @Override
    public EntityApi<Consumer> consumers() {
        return new Gated<>(delegate.consumers(), "/consumers");
    }

    @Override
    public EntityApi<Upstream> upstreams() {
        return new Gated<>(delegate.upstreams(), "/upstreams");
    }

    @Override
    public EntityApi<Target> targets(String upstreamIdOrName) {
        return new Gated<>(delegate.targets(upstreamIdOrName), "/upstreams/{upstream}/targets");
    }

    @Override
    public Future<JsonNode> pluginSchema(String pluginName) {
        return delegate.pluginSchema(pluginName);
    }

    @Override
    public Future<Void> validatePlugin(Plugin plugin) {
        // POST, but only validates: Kong stores nothing.
        return delegate.validatePlugin(plugin);
    }

    @Override
    public Future<ConfigResult> loadConfig(JsonNode declarativeConfig, boolean checkHash) {
        if (!gate.writeAllowed()) {
            return Future.failedFuture(new WriteNotAllowedException("POST", "/config"));
        }
        return delegate.loadConfig(declarativeConfig, checkHash);
    }

    @Override
    public void close() {
        delegate.close();
    }

    private final class Gated<T extends KongEntity> implements EntityApi<T> {

        private final EntityApi<T> api;
        private final String collection;

        Gated(EntityApi<T> api, String collection) {
            this.api = api;
            this.collection = collection;
        }

        @Override
        public Future<Optional<T>> get(String idOrName) {
            return api.get(idOrName);
        }

        @Override
        public Future<List<T>> list(ListQuery query) {
            return api.list(query);
        }

        @Override
        public Future<List<ObjectNode>> listRaw(ListQuery query) {
            return api.listRaw(query);
        }

        @Override
        public Future<Page<T>> page(ListQuery query, String offset) {
            return api.page(query, offset);
        }

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

        private <R> Future<R> refused(String method, String path) {
            return Future.failedFuture(new WriteNotAllowedException(method, path));
        }
    }
}
