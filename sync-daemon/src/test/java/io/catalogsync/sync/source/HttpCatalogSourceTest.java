package io.catalogsync.sync.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.MultiMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on loopback that plays the catalog API. */
class HttpCatalogSourceTest {

    private static final String KEY = "s3cr3t-catalog-key-4711";

    private Vertx vertx;
    private HttpServer server;
    private int port;
    private final List<MultiMap> requestHeaders = new CopyOnWriteArrayList<>();
    private final List<String> requestUris = new CopyOnWriteArrayList<>();
    private final Map<String, Consumer<HttpServerRequest>> routes = new ConcurrentHashMap<>();

    static String service(String name) {
        return "{\"name\":\"" + name + "\",\"version\":\"v1\",\"endpoints\":[{\"protocol\":\"http\",\"host\":\""
                + name + ".internal\",\"port\":8080,\"path\":\"/api/*\",\"methods\":[\"GET\"]}],"
                + "\"metadata\":{\"rateLimit.minute\":\"100\"}}";
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(req -> {
                    requestHeaders.add(MultiMap.caseInsensitiveMultiMap().addAll(req.headers()));
                    requestUris.add(req.uri());
                    Consumer<HttpServerRequest> h = routes.get(req.path());
                    if (h == null) {
                        req.response().setStatusCode(404).end("{\"message\":\"Not found\"}");
                    } else {
                        h.accept(req);
                    }
                });
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        port = server.actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HttpCatalogSource source(String url) {
        return new HttpCatalogSource(vertx, new HttpCatalogSourceOptions().setUrl(url).setApiKey(KEY)
                .setReadTimeout(Duration.ofMillis(500)).setTotalTimeout(Duration.ofSeconds(5)).setMaxBytes(64 * 1024));
    }

    private static CatalogFetch get(CatalogSource s) throws Exception {
        return s.fetch().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static CatalogFetch.Failed failed(CatalogFetch f) {
        assertThat(f).isInstanceOf(CatalogFetch.Failed.class);
        CatalogFetch.Failed failed = (CatalogFetch.Failed) f;
        assertThat(failed.message()).doesNotContain(KEY);
        return failed;
    }

    @Test
    void sendsTheKeyAndUsesEtags() throws Exception {
        routes.put("/api/v1/services", req -> {
            if ("\"v1\"".equals(req.getHeader("If-None-Match"))) {
                req.response().setStatusCode(304).end();
            } else {
                req.response().putHeader("ETag", "\"v1\"").putHeader("Content-Type", "application/json")
                        .end("{\"items\":[" + service("billing") + "," + service("orders") + "]}");
            }
        });
        // A bare base URL gets the default services path.
        HttpCatalogSource s = source("http://127.0.0.1:" + port);
        CatalogFetch first = get(s);
        assertThat(first).isInstanceOfSatisfying(CatalogFetch.Fetched.class, f -> {
            assertThat(f.services()).extracting(x -> x.name()).containsExactly("billing", "orders");
            assertThat(f.etag()).isEqualTo("\"v1\"");
        });
        assertThat(requestHeaders.get(0).get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(requestHeaders.get(0).get("If-None-Match")).isNull();
        assertThat(get(s)).isEqualTo(new CatalogFetch.NotModified("\"v1\""));
        assertThat(requestHeaders.get(1).get("If-None-Match")).isEqualTo("\"v1\"");
    }

    @Test
    void followsRelativeAndAbsoluteNextLinks() throws Exception {
        routes.put("/catalog/services", req -> {
            String page = req.getParam("page");
            if (page == null) {
                req.response().end("{\"data\":[" + service("a") + "],\"next\":\"services?page=2\"}");
            } else if (page.equals("2")) {
                req.response().end("{\"data\":[" + service("b") + "],\"next\":\"http://127.0.0.1:" + port
                        + "/catalog/services?page=3\"}");
            } else {
                req.response().end("{\"data\":[" + service("c") + "],\"next\":null}");
            }
        });
        CatalogFetch f = get(source("http://127.0.0.1:" + port + "/catalog/services"));
        assertThat(f).isInstanceOfSatisfying(CatalogFetch.Fetched.class,
                x -> assertThat(x.services()).extracting(c -> c.name()).containsExactly("a", "b", "c"));
        assertThat(requestUris).containsExactly("/catalog/services", "/catalog/services?page=2", "/catalog/services?page=3");
        assertThat(requestHeaders).allSatisfy(h -> assertThat(h.get("Authorization")).isEqualTo("Bearer " + KEY));
    }

    @Test
    void aLoopingOrForeignNextLinkFails() throws Exception {
        routes.put("/loop", req -> req.response().end("{\"data\":[" + service("a") + "],\"next\":\"/loop\"}"));
        assertThat(failed(get(source("http://127.0.0.1:" + port + "/loop"))).message()).contains("loop back");
        routes.put("/away", req -> req.response().end("{\"data\":[],\"next\":\"http://catalog.example.com/x\"}"));
        assertThat(failed(get(source("http://127.0.0.1:" + port + "/away"))).message())
                .contains("another host").contains("catalog.example.com");
    }

    @Test
    void serverErrorsFail() throws Exception {
        routes.put("/api/v1/services", req -> req.response().setStatusCode(500).end("{\"message\":\"boom\"}"));
        CatalogFetch.Failed f = failed(get(source("http://127.0.0.1:" + port + "/api/v1/services")));
        assertThat(f.message()).contains("HTTP 500");
        assertThat(f.unavailable()).isTrue();
        routes.put("/api/v1/services", req -> req.response().setStatusCode(401).end());
        assertThat(failed(get(source("http://127.0.0.1:" + port + "/api/v1/services"))).message())
                .contains("HTTP 401").contains("API key");
    }

    @Test
    void truncatedJsonFailsNamingTheCause() throws Exception {
        routes.put("/api/v1/services", req -> req.response().end("[" + service("a") + ", {\"name\": \"b\", \"endp"));
        CatalogFetch.Failed f = failed(get(source("http://127.0.0.1:" + port + "/")));
        assertThat(f.unavailable()).isFalse();
        assertThat(f.message()).contains("catalog page 1").contains("invalid JSON");
    }

    @Test
    void anErrorObjectIsNotAnEmptyCatalog() throws Exception {
        routes.put("/api/v1/services", req -> req.response().end("{\"message\":\"maintenance\"}"));
        assertThat(get(source("http://127.0.0.1:" + port + "/"))).isInstanceOf(CatalogFetch.Failed.class);
    }

    @Test
    void oversizeResponsesFail() throws Exception {
        String big = "[" + String.join(",", java.util.Collections.nCopies(400, service("x"))) + "]";
        routes.put("/declared", req -> req.response().end(big));
        assertThat(failed(get(source("http://127.0.0.1:" + port + "/declared"))).message()).contains("larger than 65536");
        routes.put("/chunked", req -> {
            req.response().setChunked(true);
            for (int i = 0; i < 400; i++) {
                req.response().write((i == 0 ? "[" : ",") + service("x"));
            }
            req.response().end("]");
        });
        assertThat(failed(get(source("http://127.0.0.1:" + port + "/chunked"))).message()).contains("larger than 65536");
    }

    @Test
    void aSilentServerTimesOut() throws Exception {
        routes.put("/slow", req -> { });
        long start = System.nanoTime();
        CatalogFetch.Failed f = failed(get(source("http://127.0.0.1:" + port + "/slow")));
        assertThat(f.unavailable()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        // A server that starts answering and then stalls trips the read timeout too.
        routes.put("/stall", req -> req.response().setChunked(true).write("[" + service("a")));
        assertThat(failed(get(source("http://127.0.0.1:" + port + "/stall"))).unavailable()).isTrue();
    }

    @Test
    void nothingListeningFails() throws Exception {
        int closedPort = port;
        server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        CatalogFetch.Failed f = failed(get(source("http://127.0.0.1:" + closedPort + "/")));
        assertThat(f.unavailable()).isTrue();
        assertThat(f.message()).contains("127.0.0.1:" + closedPort);
    }

    @Test
    void rejectsCredentialsInTheUrl() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HttpCatalogSourceOptions()
                .setUrl("https://user:" + KEY + "@catalog.internal/"))
                .hasMessageContaining("must not carry credentials").hasMessageNotContaining(KEY);
    }
}
