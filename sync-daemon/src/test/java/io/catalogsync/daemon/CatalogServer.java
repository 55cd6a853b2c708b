package io.catalogsync.daemon;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A catalog API on 127.0.0.1 for the daemon's tests: {@code GET /api/v1/services} with bearer-key check,
 * {@code ETag} / {@code If-None-Match}, and a switchable misbehaviour ({@link Mode}) to make it flap.
 */
final class CatalogServer implements AutoCloseable {

    /** How the next requests are answered. */
    enum Mode {
        /** 200 with the services (304 when the client's ETag matches). */
        OK,
        /** 500 with an HTML error page. */
        ERROR_500,
        /** Accepts the request and never answers. */
        TIMEOUT,
        /** 200 with the first half of the JSON document. */
        TRUNCATED,
        /** 200 with {@code []} and a fresh ETag. */
        EMPTY,
        /** 304, whatever the client sent. */
        NOT_MODIFIED
    }

    private volatile String apiKey;
    private final Map<String, JsonObject> services = new LinkedHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<HttpServerRequest> hanging = new ArrayList<>();
    private volatile Mode mode = Mode.OK;
    private long version = 1;
    private HttpServer server;

    private CatalogServer(String apiKey) {
        this.apiKey = apiKey;
    }

    static CatalogServer start(Vertx vertx, String apiKey) throws Exception {
        CatalogServer c = new CatalogServer(apiKey);
        c.server = vertx.createHttpServer().requestHandler(c::handle).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return c;
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/api/v1/services";
    }

    int requests() {
        return requests.get();
    }

    /** From now on, requests must carry this key (a rotated key: the client's old one gets 401). */
    void requireKey(String key) {
        apiKey = key;
    }

    void mode(Mode m) {
        mode = m;
    }

    synchronized void put(JsonObject service) {
        services.put(service.getString("name"), service);
        version++;
    }

    synchronized void remove(String name) {
        services.remove(name);
        version++;
    }

    synchronized List<String> names() {
        return List.copyOf(services.keySet());
    }

    private synchronized String etag() {
        return "\"catalog-v" + version + "\"";
    }

    private synchronized String body() {
        return new JsonObject().put("items", new JsonArray(new ArrayList<>(services.values()))).encode();
    }

    private void handle(HttpServerRequest req) {
        requests.incrementAndGet();
        if (!req.path().equals("/api/v1/services")) {
            req.response().setStatusCode(404).end();
            return;
        }
        if (apiKey != null && !("Bearer " + apiKey).equals(req.getHeader("Authorization"))) {
            req.response().setStatusCode(401).putHeader("Content-Type", "application/json")
                    .end("{\"error\":\"unauthorized\"}");
            return;
        }
        switch (mode) {
            case ERROR_500 -> req.response().setStatusCode(500).putHeader("Content-Type", "text/html")
                    .end("<html><body>Internal Server Error</body></html>");
            case TIMEOUT -> {
                synchronized (hanging) {
                    hanging.add(req);
                }
            }
            case TRUNCATED -> {
                String b = body();
                req.response().putHeader("Content-Type", "application/json").end(b.substring(0, b.length() / 2));
            }
            case EMPTY -> req.response().putHeader("Content-Type", "application/json")
                    .putHeader("ETag", "\"empty-" + System.nanoTime() + "\"").end("[]");
            case NOT_MODIFIED -> req.response().setStatusCode(304).putHeader("ETag", etag()).end();
            default -> {
                String etag = etag();
                if (etag.equals(req.getHeader("If-None-Match"))) {
                    req.response().setStatusCode(304).putHeader("ETag", etag).end();
                } else {
                    req.response().putHeader("Content-Type", "application/json").putHeader("ETag", etag).end(body());
                }
            }
        }
    }

    /** A catalog service with one endpoint on {@code host:port}. */
    static JsonObject service(String name, String host, int port) {
        return new JsonObject().put("name", name).put("version", "v1.0.0")
                .put("endpoints", new JsonArray().add(new JsonObject().put("protocol", "http").put("host", host)
                        .put("port", port).put("path", "/api/v1/*").put("methods", new JsonArray().add("GET"))))
                .put("metadata", new JsonObject().put("rateLimit.minute", "100").put("rateLimit.policy", "local"));
    }

    @Override
    public void close() {
        synchronized (hanging) {
            hanging.forEach(r -> r.connection().close());
            hanging.clear();
        }
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("catalog server did not stop", e);
        }
    }
}
