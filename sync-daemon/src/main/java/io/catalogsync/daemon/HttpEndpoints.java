package io.catalogsync.daemon;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP port: {@code GET /healthz}, {@code GET /readyz}, {@code GET /metrics}, {@code GET /status},
 * {@code POST /sync}. Answers from the published {@link LoopState}; never blocks.
 */
final class HttpEndpoints extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);
    private static final String JSON = "application/json";
    /** Prometheus text exposition format 0.0.4, what {@link PrometheusMeterRegistry#scrape()} writes. */
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** How long /healthz waits for the sync loop's event loop to answer. */
    static final long LIVENESS_TIMEOUT_MS = 2_000;
    /** Timer, tags {@code method}, {@code uri}, {@code status}. */
    static final String HTTP_REQUESTS = "http.server.requests";
    private static final Set<String> KNOWN_PATHS = Set.of("/healthz", "/readyz", "/metrics", "/status", "/sync");
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
            "OPTIONS");

    private final DaemonOptions options;
    private final AtomicReference<LoopState> state;
    private final Leadership leadership;
    private final String leaseName;
    private final PrometheusMeterRegistry registry;
    private final LoopTimers clock;
    private HttpServer server;

    /** @param clock the loop's clock, which readiness measures "time since the last success" on */
    HttpEndpoints(DaemonOptions options, AtomicReference<LoopState> state, Leadership leadership,
                  PrometheusMeterRegistry registry, LoopTimers clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
        this.state = Objects.requireNonNull(state, "state");
        this.leadership = Objects.requireNonNull(leadership, "leadership");
        this.leaseName = options.lease() == null ? null : options.lease().namespace() + "/" + options.lease().leaseName();
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route().handler(this::timed);
        router.get("/healthz").handler(this::healthz);
        router.get("/readyz").handler(this::readyz);
        router.get("/metrics").handler(this::metrics);
        router.get("/status").handler(this::status);
        router.post("/sync").handler(this::sync);
        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(options.httpPort(), options.bindHost())
                .onSuccess(s -> {
                    server = s;
                    LOG.info("HTTP endpoints on {}:{} (/healthz /readyz /metrics /status, POST /sync)",
                            options.bindHost(), s.actualPort());
                });
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The port actually bound (differs from the option when that is 0). */
    int actualPort() {
        return server.actualPort();
    }

    /**
     * Times every request as {@value #HTTP_REQUESTS} ({@code http_server_requests_seconds}), labelled by endpoint,
     * which vertx-micrometer-metrics' {@code vertx_http_server_*} meters are not by default.
     * Tags are bounded: the five known paths or {@code other}, standard methods or {@code OTHER}.
     */
    private void timed(RoutingContext rc) {
        long t0 = System.nanoTime();
        String path = KNOWN_PATHS.contains(rc.normalizedPath()) ? rc.normalizedPath() : "other";
        String method = KNOWN_METHODS.contains(rc.request().method().name()) ? rc.request().method().name() : "OTHER";
        rc.addEndHandler(v -> Timer.builder(HTTP_REQUESTS)
                .tags("method", method, "uri", path, "status", String.valueOf(rc.response().getStatusCode()))
                .description("Requests to the daemon's HTTP endpoints")
                .register(registry).record(System.nanoTime() - t0, TimeUnit.NANOSECONDS));
        rc.next();
    }

    /**
     * Alive when this event loop answers and the sync loop's event loop answers a ping: a cycle that blocks an
     * event loop (a bug) makes the pod restart rather than hang. A long cycle does not: it never blocks.
     */
    private void healthz(RoutingContext rc) {
        vertx.eventBus().request(SyncLoop.PING_ADDRESS, null, new DeliveryOptions().setSendTimeout(LIVENESS_TIMEOUT_MS))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain").end("ok\n");
                    } else {
                        rc.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain")
                                .end("sync loop not answering within " + LIVENESS_TIMEOUT_MS + " ms\n");
                    }
                });
    }

    private void readyz(RoutingContext rc) {
        Readiness r = readiness();
        json(rc, r.ready() ? 200 : 503, new JsonObject().put("ready", r.ready()).put("reason", r.reason())
                .put("role", leadership.role().tag()).put("leader", leadership.leader()));
    }

    private void metrics(RoutingContext rc) {
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_TEXT).end(registry.scrape());
    }

    private void status(RoutingContext rc) {
        json(rc, 200, StatusJson.render(state.get(), leadership, leaseName, options, readiness()));
    }

    /**
     * 202 with {@code {"cycle": n, "state": "started"}} when idle; 202 with {@code "state": "queued"} when a cycle
     * runs (the request is remembered as one more cycle; further requests coalesce into that same cycle and get
     * its number with {@code "coalesced": true}); 503 while shutting down.
     */
    private void sync(RoutingContext rc) {
        vertx.eventBus().<JsonObject>request(SyncLoop.TRIGGER_ADDRESS, new JsonObject().put("trigger", "http"))
                .onSuccess(reply -> json(rc, 202, reply.body().put("role", leadership.role().tag())))
                .onFailure(e -> {
                    int code = e instanceof ReplyException re && re.failureCode() == 503 ? 503 : 500;
                    json(rc, code, new JsonObject().put("error", e.getMessage()));
                });
    }

    private Readiness readiness() {
        return Readiness.evaluate(state.get(), clock.now(), options.schedule().interval(), options.readyIntervals(),
                leadership);
    }

    private static void json(RoutingContext rc, int status, JsonObject body) {
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.encodePrettily());
    }
}
