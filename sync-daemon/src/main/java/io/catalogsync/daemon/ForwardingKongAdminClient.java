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
import io.catalogsync.kong.entity.EntityType;
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
 * A {@link KongAdminClient} that forwards every call; subclasses intercept what they need through
 * {@link #entities} (each collection's API) and by overriding the top-level calls.
 */
abstract class ForwardingKongAdminClient implements KongAdminClient {

    protected final KongAdminClient delegate;

    ForwardingKongAdminClient(KongAdminClient delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Wraps one collection's API.
     *
     * @param scope the upstream for targets (they live under it), empty for the other collections
     */
    protected abstract <T extends KongEntity> EntityApi<T> entities(EntityApi<T> api, EntityType type, String scope);

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
        return entities(delegate.services(), EntityType.SERVICE, "");
    }

    @Override
    public EntityApi<Route> routes() {
        return entities(delegate.routes(), EntityType.ROUTE, "");
    }

    @Override
    public EntityApi<Plugin> plugins() {
        return entities(delegate.plugins(), EntityType.PLUGIN, "");
    }

    @Override
    public EntityApi<Consumer> consumers() {
        return entities(delegate.consumers(), EntityType.CONSUMER, "");
    }

    @Override
    public EntityApi<Upstream> upstreams() {
        return entities(delegate.upstreams(), EntityType.UPSTREAM, "");
    }

    @Override
    public EntityApi<Target> targets(String upstreamIdOrName) {
        return entities(delegate.targets(upstreamIdOrName), EntityType.TARGET, upstreamIdOrName);
    }

    @Override
    public Future<JsonNode> entitySchema(String entity) {
        return delegate.entitySchema(entity);
    }

    @Override
    public Future<JsonNode> pluginSchema(String pluginName) {
        return delegate.pluginSchema(pluginName);
    }

    @Override
    public Future<Void> validatePlugin(Plugin plugin) {
        return delegate.validatePlugin(plugin);
    }

    @Override
    public Future<ConfigResult> loadConfig(JsonNode declarativeConfig, boolean checkHash) {
        return delegate.loadConfig(declarativeConfig, checkHash);
    }

    @Override
    public Future<JsonNode> exportConfig() {
        return delegate.exportConfig();
    }

    @Override
    public Future<ConfigResult> loadConfig(ConfigWriter writer, boolean checkHash) {
        return delegate.loadConfig(writer, checkHash);
    }

    @Override
    public Future<io.catalogsync.kong.admin.Page<com.fasterxml.jackson.databind.node.ObjectNode>> rawPage(
            String path, String offset) {
        return delegate.rawPage(path, offset);
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Forwards every call of one collection's API. */
    static class ForwardingEntityApi<T extends KongEntity> implements EntityApi<T> {

        protected final EntityApi<T> api;

        ForwardingEntityApi(EntityApi<T> api) {
            this.api = api;
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
        public Future<List<T>> list(ListQuery query, java.util.function.Consumer<List<T>> eachPage) {
            return api.list(query, eachPage);
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
            return api.create(entity);
        }

        @Override
        public Future<T> upsert(String idOrName, T entity) {
            return api.upsert(idOrName, entity);
        }

        @Override
        public Future<T> patch(String idOrName, Map<String, Object> fields) {
            return api.patch(idOrName, fields);
        }

        @Override
        public Future<Void> delete(String idOrName) {
            return api.delete(idOrName);
        }
    }
}
