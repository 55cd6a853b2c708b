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

/**
 * Asynchronous client for Kong's Admin API. Every call returns a Vert.x {@link Future}; failures are
 * {@link KongException}s that keep Kong's own {@code code}, {@code name}, {@code message} and {@code fields}.
 *
 * <p>Idempotent calls (GET, PUT, PATCH, DELETE) are retried with exponential backoff and jitter on 5xx, 429,
 * timeouts and connection errors, as {@link KongAdminOptions} bounds them; {@code POST} is never retried.
 */
public interface KongAdminClient extends AutoCloseable {

    static KongAdminClient create(Vertx vertx, KongAdminOptions options) {
        return new WebKongAdminClient(vertx, options);
    }

    /** {@code GET /}: version, edition, database mode, plugins. */
    Future<KongInfo> info();

    /** {@code GET /status}: reachability and, in DB-less mode, the {@code configuration_hash}. */
    Future<KongStatus> status();

    EntityApi<Service> services();

    EntityApi<Route> routes();

    EntityApi<Plugin> plugins();

    EntityApi<Consumer> consumers();

    EntityApi<Upstream> upstreams();

    /** Targets of one upstream, under {@code /upstreams/{upstream}/targets}. */
    EntityApi<Target> targets(String upstreamIdOrName);

    /**
     * {@code GET /schemas/{entity}} (kong/api/endpoints.lua, answered in DB and DB-less mode): the entity's fields
     * with their types and defaults; {@code entity} is the collection name ({@code services}, {@code routes}, ...).
     */
    Future<JsonNode> entitySchema(String entity);

    /** {@code GET /schemas/plugins/{name}}. */
    Future<JsonNode> pluginSchema(String pluginName);

    /** {@code POST /schemas/plugins/validate}; fails with {@link KongSchemaViolationException} when invalid. */
    Future<Void> validatePlugin(Plugin plugin);

    /**
     * DB-less: {@code POST /config?flatten_errors=1} with a declarative configuration
     * ({@code _format_version} at the top). With {@code checkHash}, Kong may answer 304 when unchanged.
     */
    Future<ConfigResult> loadConfig(JsonNode declarativeConfig, boolean checkHash);

    /**
     * {@link #loadConfig(JsonNode, boolean)} with a configuration too large to hold as a tree: {@code writer} writes
     * it (one JSON object, {@code _format_version} first) straight into the request body, on a worker thread.
     * Kong's 2xx answer (every loaded entity, as large as the configuration) is not parsed: {@code body()} is null
     * then.
     */
    Future<ConfigResult> loadConfig(ConfigWriter writer, boolean checkHash);

    /** Writes a declarative configuration to a JSON generator. */
    @FunctionalInterface
    interface ConfigWriter {
        void write(com.fasterxml.jackson.core.JsonGenerator generator) throws java.io.IOException;
    }

    /**
     * DB-less: {@code GET /config}, the whole configuration Kong runs, every entity type included (certificates,
     * SNIs, credentials, vaults, ...), parsed from the YAML string Kong answers into a declarative document
     * ({@code _format_version}, {@code _transform: false}, one flat list per collection, foreign keys as bare ids,
     * {@code null} for unset fields). A DB-mode Kong answers 400, which fails the future.
     */
    Future<JsonNode> exportConfig();

    /**
     * One untagged page ({@code size} = the client's page size, at most 1000) of any collection, as Kong answers it:
     * {@code path} is the collection's Admin API path, e.g. {@code /key-auths}, {@code /ca_certificates} or
     * {@code /upstreams/{id}/targets} (segments already encoded). For collections the client has no record type for
     * (credentials, certificates, vaults, ...), read page by page so that a caller keeps one page in memory at a
     * time. A 404 fails with {@link KongNotFoundException}: Kong has no such collection (a plugin not loaded, an
     * entity newer than this Kong).
     */
    Future<Page<com.fasterxml.jackson.databind.node.ObjectNode>> rawPage(String path, String offset);

    /** Closes the underlying HTTP client. */
    @Override
    void close();
}
