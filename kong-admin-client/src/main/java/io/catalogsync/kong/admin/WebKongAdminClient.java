package io.catalogsync.kong.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.catalogsync.kong.entity.Consumer;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Vert.x WebClient implementation of {@link KongAdminClient}: the endpoints and their answers. Sending, retrying
 * and the in-flight cap live in {@link RequestExecutor}, error typing in {@link ErrorMapper}, connection and
 * TLS set-up in {@link ClientOptionsFactory}.
 */
final class WebKongAdminClient implements KongAdminClient {

    /**
     * Kong's export is YAML; a plain mapper is enough (no Jackson YAML feature changes the tree it reads). SnakeYAML's
     * default limit of 3 MiB of code points refuses the export of a Kong holding ~2,000 services (9.1 MB); the
     * whole answer is in memory already when parsing starts, so the limit protects nothing here and is lifted.
     */
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .loaderOptions(exportLoaderOptions()).build());

    private static org.yaml.snakeyaml.LoaderOptions exportLoaderOptions() {
        org.yaml.snakeyaml.LoaderOptions o = new org.yaml.snakeyaml.LoaderOptions();
        o.setCodePointLimit(Integer.MAX_VALUE);
        return o;
    }

    private final Vertx vertx;
    private final WebClient web;
    private final RequestExecutor executor;
    private final int pageSize;
    private final EntityApi<Service> services;
    private final EntityApi<Route> routes;
    private final EntityApi<Plugin> plugins;
    private final EntityApi<Consumer> consumers;
    private final EntityApi<Upstream> upstreams;

    WebKongAdminClient(Vertx vertx, KongAdminOptions options) {
        this.vertx = vertx;
        AdminUris uris = new AdminUris(options.getBaseUrl(), options.getWorkspace());
        this.web = WebClient.create(vertx, ClientOptionsFactory.create(options, uris),
                ClientOptionsFactory.pool(options));
        Backoff backoff = new Backoff(options.getRetryBaseDelay(), options.getRetryMaxDelay(),
                bound -> ThreadLocalRandom.current().nextLong(bound + 1));
        this.executor = new RequestExecutor(vertx, web, uris, options, backoff);
        this.pageSize = options.getPageSize();
        this.services = collection(Service.class, EntityType.SERVICE);
        this.routes = collection(Route.class, EntityType.ROUTE);
        this.plugins = collection(Plugin.class, EntityType.PLUGIN);
        this.consumers = collection(Consumer.class, EntityType.CONSUMER);
        this.upstreams = collection(Upstream.class, EntityType.UPSTREAM);
    }

    private <T extends KongEntity> EntityApi<T> collection(Class<T> type, EntityType entityType) {
        String path = "/" + entityType.collection();
        return new WebEntityApi<>(executor, type, path, path, pageSize);
    }

    /** The executor's in-flight limiter, for tests that check the cap. */
    InFlightLimiter limiter() {
        return executor.limiter();
    }

    @Override
    public Future<KongInfo> info() {
        return getJson(AdminRequest.get("/", "/", false)).map(ResponseParsers::info);
    }

    @Override
    public Future<KongStatus> status() {
        return getJson(AdminRequest.get("/status", "/status", false)).map(ResponseParsers::status);
    }

    @Override
    public EntityApi<Service> services() {
        return services;
    }

    @Override
    public EntityApi<Route> routes() {
        return routes;
    }

    @Override
    public EntityApi<Plugin> plugins() {
        return plugins;
    }

    @Override
    public EntityApi<Consumer> consumers() {
        return consumers;
    }

    @Override
    public EntityApi<Upstream> upstreams() {
        return upstreams;
    }

    @Override
    public EntityApi<Target> targets(String upstreamIdOrName) {
        if (upstreamIdOrName == null || upstreamIdOrName.isEmpty()) {
            throw new IllegalArgumentException("upstreamIdOrName must not be empty");
        }
        // There is no top-level /targets in Kong 3.x (kong/api/routes/upstreams.lua): targets live under
        // their upstream, by id or by name.
        return new WebEntityApi<>(executor, Target.class,
                "/upstreams/" + AdminUris.segment(upstreamIdOrName) + "/targets", "/upstreams/{id}/targets", pageSize);
    }

    @Override
    public Future<JsonNode> entitySchema(String entity) {
        if (entity == null || entity.isEmpty()) {
            return Future.failedFuture(new IllegalArgumentException("entity must not be empty"));
        }
        return getJson(AdminRequest.get("/schemas/" + AdminUris.segment(entity), "/schemas/{entity}", true));
    }

    @Override
    public Future<JsonNode> pluginSchema(String pluginName) {
        if (pluginName == null || pluginName.isEmpty()) {
            return Future.failedFuture(new IllegalArgumentException("pluginName must not be empty"));
        }
        return getJson(AdminRequest.get("/schemas/plugins/" + AdminUris.segment(pluginName),
                "/schemas/plugins/{name}", true));
    }

    @Override
    public Future<Void> validatePlugin(Plugin plugin) {
        if (plugin == null) {
            return Future.failedFuture(new IllegalArgumentException("plugin must not be null"));
        }
        AdminRequest req = new AdminRequest(HttpMethod.POST, "/schemas/plugins/validate",
                "/schemas/plugins/validate", List.of(), WebEntityApi.writeBody(plugin), true, RetryPolicy.NEVER);
        return executor.exchange(req).map(resp -> {
            WebEntityApi.requireSuccess(req.method(), req.path(), resp);
            return null;
        });
    }

    /**
     * DB-less {@code POST /config} (kong/api/routes/config.lua). The configuration is sent as
     * {@code {"config": "<the JSON as a string>"}}: Kong hashes that string (md5) for {@code configuration_hash}
     * and {@code check_hash}, so posting the same configuration again is answered 304. A body with a top-level
     * {@code _format_version} is hashed after load-time timestamps are added and is never answered 304 (recorded in
     * kong-transcripts/3.4.2/dbless-config.json in the test resources, exchanges 3 and 7).
     *
     * <p>Retried only when the connection could not be made (see {@link RetryPolicy#CONNECT_FAILURE_ONLY}).
     */
    @Override
    public Future<ConfigResult> loadConfig(JsonNode declarativeConfig, boolean checkHash) {
        if (declarativeConfig == null || !declarativeConfig.isObject()) {
            return Future.failedFuture(new IllegalArgumentException(
                    "declarativeConfig must be a JSON object with _format_version"));
        }
        if (!declarativeConfig.hasNonNull("_format_version")) {
            return Future.failedFuture(new IllegalArgumentException(
                    "declarativeConfig: _format_version is required (e.g. \"3.0\")"));
        }
        Buffer body;
        try {
            body = configBody(declarativeConfig);
        } catch (IOException e) {
            return Future.failedFuture(new IllegalArgumentException("declarativeConfig cannot be written as JSON", e));
        }
        return send(body, checkHash, true);
    }

    @Override
    public Future<ConfigResult> loadConfig(ConfigWriter writer, boolean checkHash) {
        // Tens of MB at 10,000 services: written on a worker, never on the event loop.
        return vertx.executeBlocking(() -> {
            try {
                return configBody(writer);
            } catch (IOException e) {
                throw new IllegalArgumentException("the declarative configuration cannot be written as JSON", e);
            }
        }, false).compose(body -> send(body, checkHash, false));
    }

    /** @param loadedBody keep the 2xx answer (every loaded entity) in {@link ConfigResult#body()}; else null */
    private Future<ConfigResult> send(Buffer body, boolean checkHash, boolean loadedBody) {
        AdminRequest base = new AdminRequest(HttpMethod.POST, "/config", "/config", List.of(), body, false,
                RetryPolicy.CONNECT_FAILURE_ONLY);
        AdminRequest req = (loadedBody ? base : base.withoutSuccessBody())
                .withMinTimeout(configLoadMillis(body.length()))
                .withQuery("flatten_errors", "1")
                .withQuery("check_hash", checkHash ? "1" : null);
        return executor.exchange(req).compose(resp -> {
            if (resp.status() == 201 || resp.status() == 200) {
                return currentHash().map(hash -> new ConfigResult(ConfigResult.Outcome.LOADED, hash, null,
                        List.of(), resp.json()));
            }
            if (resp.status() == 304) {
                return currentHash().map(hash -> new ConfigResult(ConfigResult.Outcome.UNCHANGED, hash, null,
                        List.of(), null));
            }
            JsonNode json = resp.json();
            if (resp.status() == 400 && json != null && json.path("code").asInt(-1) == ErrorMapper.DECLARATIVE_CONFIG) {
                // Code 14 `invalid declarative configuration`: Kong looked at the configuration and refused it.
                // Flattened errors carry field-level problems only; duplicates and dangling references leave
                // them empty ({}), so the message and the raw body are kept too.
                return Future.succeededFuture(new ConfigResult(ConfigResult.Outcome.REJECTED, null,
                        ResponseParsers.text(json.get("message")),
                        ResponseParsers.flattenedErrors(json.get("flattened_errors")), json));
            }
            return Future.failedFuture(ErrorMapper.fromResponse(req.method().name(), req.path(), resp));
        });
    }

    /**
     * How long Kong may take to answer a {@code POST /config} of {@code bytes}: Kong parses, validates and loads the
     * whole configuration before it answers a byte, so the client's per-request timeout (15 s by default) is no
     * bound for a large one. Real Kong 3.4.2 loaded 3.4 MB (2,000 services) in 1.35-1.44 s (issue 12): ~0.4 s per
     * MB. Allowing 5 s per MiB leaves room for a busy Kong, a 10,000-service configuration (~17 MB) gets 85 s.
     */
    static long configLoadMillis(long bytes) {
        return 5_000L * Math.max(1, bytes >> 20);
    }

    /**
     * {@code {"config": "<declarativeConfig as JSON>"}}, written straight into the request buffer: the configuration
     * of a Kong with 10,000 services is tens of MB, and writing it first as a String, then that String into a JSON
     * wrapper, then the wrapper as bytes held three copies beside the tree. Here the tree is written once, as
     * characters ({@link ConfigStringWriter}), escaped as a JSON string and encoded as UTF-8 on the way, to exactly
     * the bytes the three steps gave (Kong hashes that string: {@code configuration_hash}, {@code check_hash}).
     */
    static Buffer configBody(JsonNode declarativeConfig) throws IOException {
        return configBody(g -> KongJson.MAPPER.writeTree(g, declarativeConfig));
    }

    static Buffer configBody(ConfigWriter writer) throws IOException {
        Buffer out = Buffer.buffer(1 << 16);
        out.appendBytes(CONFIG_PREFIX);
        try (ConfigStringWriter w = new ConfigStringWriter(out);
             JsonGenerator g = KongJson.MAPPER.getFactory().createGenerator(w)) {
            writer.write(g);
        }
        out.appendBytes(CONFIG_SUFFIX);
        return out;
    }

    /**
     * The characters of compact JSON as the content of a JSON string, in UTF-8, as Jackson's UTF-8 generator writes
     * a String value: {@code "} and {@code \} escaped, each half of a surrogate pair as a six-character escape (backslash, u, four hex digits; Jackson does
     * not combine them by default), everything else as UTF-8. Control characters never reach it: the inner writer
     * already escaped them inside strings, and compact output has no whitespace.
     */
    private static final class ConfigStringWriter extends java.io.Writer {
        private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
        private final Buffer out;
        private final byte[] chunk = new byte[8192 + 12];
        private int n;

        ConfigStringWriter(Buffer out) {
            this.out = out;
        }

        @Override
        public void write(char[] cbuf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (n > 8192) {
                    flush();
                }
                char c = cbuf[i];
                if (c == '"' || c == '\\') {
                    chunk[n++] = '\\';
                    chunk[n++] = (byte) c;
                } else if (c < 0x80) {
                    chunk[n++] = (byte) c;
                } else if (c < 0x800) {
                    chunk[n++] = (byte) (0xC0 | (c >> 6));
                    chunk[n++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    chunk[n++] = '\\';
                    chunk[n++] = 'u';
                    chunk[n++] = HEX[(c >> 12) & 0xF];
                    chunk[n++] = HEX[(c >> 8) & 0xF];
                    chunk[n++] = HEX[(c >> 4) & 0xF];
                    chunk[n++] = HEX[c & 0xF];
                } else {
                    chunk[n++] = (byte) (0xE0 | (c >> 12));
                    chunk[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    chunk[n++] = (byte) (0x80 | (c & 0x3F));
                }
            }
        }

        @Override
        public void flush() {
            out.appendBytes(chunk, 0, n);
            n = 0;
        }

        @Override
        public void close() {
            flush();
        }
    }

    private static final byte[] CONFIG_PREFIX = "{\"config\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONFIG_SUFFIX = "\"}".getBytes(StandardCharsets.US_ASCII);

    @Override
    public Future<Page<ObjectNode>> rawPage(String path, String offset) {
        if (path == null || !path.startsWith("/")) {
            return Future.failedFuture(new IllegalArgumentException("path must start with '/'"));
        }
        // Metrics name the path by template: one per collection, targets of any upstream under one.
        String template = path.startsWith("/upstreams/") && path.endsWith("/targets") ? "/upstreams/{id}/targets"
                : path;
        return WebEntityApi.rawPage(executor, path, template, pageSize, ListQuery.ALL, offset);
    }

    /**
     * DB-less {@code GET /config} (kong/api/routes/config.lua): Kong exports its configuration with
     * {@code declarative.export_config} and answers {@code {"config": "<YAML>"}}
     * (kong-transcripts/3.4.2/dbless-config.json in the test resources, the {@code GET /config} exchange). Idempotent, so retried
     * like any read.
     */
    @Override
    public Future<JsonNode> exportConfig() {
        AdminRequest req = AdminRequest.get("/config", "/config", false);
        return getJson(req).compose(body -> {
            JsonNode text = body.get("config");
            if (text == null || !text.isTextual()) {
                return Future.failedFuture(new KongTransportException(req.method().name(), req.path(),
                        "answer has no \"config\" string", null));
            }
            // A large Kong exports megabytes of YAML: parse it on a worker, not on the event loop.
            return vertx.executeBlocking(() -> parseExport(req, text.asText()), false);
        });
    }

    private static JsonNode parseExport(AdminRequest req, String yaml) {
        JsonNode doc;
        try {
            doc = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new KongTransportException(req.method().name(), req.path(),
                    "the exported configuration is not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (doc == null || !doc.isObject()) {
            throw new KongTransportException(req.method().name(), req.path(),
                    "the exported configuration is not a YAML mapping", null);
        }
        return doc;
    }

    /** The hash after a load; null when {@code /status} cannot be read (the load itself succeeded). */
    private Future<String> currentHash() {
        return status().map(KongStatus::configurationHash).otherwise((String) null);
    }

    private Future<JsonNode> getJson(AdminRequest req) {
        return executor.exchange(req).map(resp -> {
            WebEntityApi.requireSuccess(req.method(), req.path(), resp);
            if (resp.json() == null) {
                throw new KongTransportException(req.method().name(), req.path(), "empty answer", null);
            }
            return resp.json();
        });
    }

    @Override
    public void close() {
        web.close();
    }
}
