package io.catalogsync.kong.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalogsync.kong.entity.Consumer;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Vert.x WebClient implementation of {@link KongAdminClient}. Being written in issue 2: not usable yet. */
final class WebKongAdminClient implements KongAdminClient {

    WebKongAdminClient(Vertx vertx, KongAdminOptions options) {
        throw new IllegalStateException("WebKongAdminClient is not implemented yet");
    }

    @Override public Future<KongInfo> info() { throw new IllegalStateException(); }
    @Override public Future<KongStatus> status() { throw new IllegalStateException(); }
    @Override public EntityApi<Service> services() { throw new IllegalStateException(); }
    @Override public EntityApi<Route> routes() { throw new IllegalStateException(); }
    @Override public EntityApi<Plugin> plugins() { throw new IllegalStateException(); }
    @Override public EntityApi<Consumer> consumers() { throw new IllegalStateException(); }
    @Override public EntityApi<Upstream> upstreams() { throw new IllegalStateException(); }
    @Override public EntityApi<Target> targets(String upstreamIdOrName) { throw new IllegalStateException(); }
    @Override public Future<JsonNode> pluginSchema(String pluginName) { throw new IllegalStateException(); }
    @Override public Future<Void> validatePlugin(Plugin plugin) { throw new IllegalStateException(); }
    @Override public Future<ConfigResult> loadConfig(JsonNode c, boolean checkHash) { throw new IllegalStateException(); }
    @Override public void close() { }
}
