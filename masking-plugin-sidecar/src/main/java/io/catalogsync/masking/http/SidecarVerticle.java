package io.catalogsync.masking.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.catalogsync.masking.service.BodyCodec;
import io.catalogsync.masking.service.InvalidBodyException;
import io.catalogsync.masking.service.MaskingService;
import io.catalogsync.masking.service.MessageBody;
import io.catalogsync.masking.service.TooManyIdentifiersException;
import io.catalogsync.masking.store.MappingStore;
import io.catalogsync.masking.store.StoreUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's HTTP API (see {@code docs/masking.md}, "The Kong hook and the sidecar API"):
 * {@code POST /v1/mask}, {@code POST /v1/unmask}, {@code GET /healthz}, {@code GET /readyz}, {@code GET /metrics}.
 *
 * <p>The event loop only routes and writes: JSON parsing, scanning and rendering run on a worker pool. Request
 * bodies and originals are never logged, and no answer quotes a byte of the body back.
 *
 * <p>Limits: {@link SidecarConfig#maxBodyBytes()} (413), {@link SidecarConfig#maxIdentifiers()} (413, before
 * anything is stored), {@link SidecarConfig#idleTimeout()} (a connection silent that long is closed, whatever state
 * its request is in) and {@link SidecarConfig#requestTimeout()} (a body still arriving that long after its headers
 * gets 408 and the connection is closed: a client trickling a byte at a time never goes idle).
 */
public final class SidecarVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(SidecarVerticle.class);

    public static final String SECRET_HEADER = "X-KCS-Masking-Secret";
    /** Response media type of the framed format the Kong hook asks for with {@code Accept}. */
    public static final String SPLIT_MEDIA_TYPE = "application/vnd.kcs.mask-split";
    public static final String BODY_LENGTH_HEADER = "X-KCS-Body-Length";
    public static final String TOKEN_COUNT_HEADER = "X-KCS-Token-Count";

    private final SidecarConfig config;
    private final MaskingService service;
    private final MappingStore store;
    private final PrometheusMeterRegistry registry;
    private final WorkerExecutor cpu;
    private final byte[] secretDigest;
    private HttpServer server;

    private enum BodyKind { JSON, TEXT }

    private enum Endpoint {
        MASK, UNMASK;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SidecarVerticle(SidecarConfig config, MaskingService service, MappingStore store,
            PrometheusMeterRegistry registry, WorkerExecutor cpu) {
        this.config = config;
        this.service = service;
        this.store = store;
        this.registry = registry;
        this.cpu = cpu;
        this.secretDigest = config.sharedSecret() == null ? null : sha256(config.sharedSecret());
        for (Endpoint e : Endpoint.values()) {
            for (String reason : new String[] {"store", "internal"}) {
                failSecure(e, reason); // registered up front so alerts see 0
            }
        }
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/healthz").handler(ctx -> json(ctx, 200, statusBody("up")));
        router.get("/readyz").handler(this::ready);
        // rendering every meter is not free: off the event loop like the masking work
        router.get("/metrics").handler(ctx -> cpu.executeBlocking(registry::scrape, false)
                .onSuccess(text -> ctx.response()
                        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                        .end(text))
                .onFailure(ctx::fail));
        for (Endpoint endpoint : Endpoint.values()) {
            String path = "/v1/" + endpoint.tag();
            // Two routes on one path: the first refuses bad secrets and media types before a byte of the body is
            // read (vertx-web only allows user handlers after the body handler within one route).
            router.post(path)
                    .handler(ctx -> startTimer(ctx, endpoint))
                    .handler(this::deadline)
                    .handler(this::authorize)
                    .handler(this::checkMediaType)
                    .failureHandler(this::failure);
            router.post(path)
                    .handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()))
                    .handler(ctx -> handle(ctx, endpoint))
                    .failureHandler(this::failure);
        }
        return vertx.createHttpServer(new HttpServerOptions()
                        .setHost(config.host())
                        .setPort(config.port())
                        .setCompressionSupported(false)
                        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, config.idleTimeout().toMillis()))
                        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS))
                .requestHandler(router)
                .listen()
                .onSuccess(s -> {
                    server = s;
                    LOG.info("masking sidecar listening on {}:{} ({}; store: {})", config.host(), s.actualPort(),
                            config, store.describe());
                });
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The bound port (useful with port 0). */
    public int actualPort() {
        return server.actualPort();
    }

    // ------------------------------------------------------------------ handlers

    private void startTimer(RoutingContext ctx, Endpoint endpoint) {
        Timer.Sample sample = Timer.start(registry);
        ctx.addEndHandler(ignored -> sample.stop(Timer.builder("kcs.masking.http.requests")
                .description("Mask/unmask requests by endpoint and HTTP status")
                .tag("endpoint", endpoint.tag())
                .tag("status", Integer.toString(ctx.response().getStatusCode()))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)));
        ctx.next();
    }

    /** Answers 408 and closes the connection when the body has not arrived whole within the request timeout. */
    private void deadline(RoutingContext ctx) {
        long millis = config.requestTimeout().toMillis();
        long timer = vertx.setTimer(millis, id -> {
            if (ctx.request().isEnded() || ctx.response().ended()) {
                return; // the body is in: what remains (the store) has its own timeouts
            }
            ctx.response().putHeader("Connection", "close");
            error(ctx, 408, "request_timeout", "the request body did not arrive within " + millis + " ms")
                    .onComplete(ignored -> ctx.request().connection().close());
        });
        ctx.addEndHandler(ignored -> vertx.cancelTimer(timer));
        ctx.next();
    }

    private void authorize(RoutingContext ctx) {
        if (secretDigest != null) {
            String given = ctx.request().getHeader(SECRET_HEADER);
            // Digests have equal length, so MessageDigest.isEqual compares in constant time whatever was sent.
            if (given == null || !MessageDigest.isEqual(secretDigest, sha256(given))) {
                error(ctx, 401, "unauthorized", "missing or wrong " + SECRET_HEADER + " header");
                return;
            }
        }
        ctx.next();
    }

    private void checkMediaType(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        String problem = mediaTypeProblem(contentType);
        if (problem != null) {
            error(ctx, 415, "unsupported_media_type", problem);
            return;
        }
        ctx.put("kind", bodyKind(contentType));
        ctx.next();
    }

    private void handle(RoutingContext ctx, Endpoint endpoint) {
        BodyKind kind = ctx.get("kind");
        Buffer buffer = ctx.body().buffer();
        byte[] bytes = buffer == null ? new byte[0] : buffer.getBytes();
        boolean split = wantsSplit(ctx.request().getHeader("Accept"));
        cpu.executeBlocking(() -> decode(bytes, kind), false)
                .compose(body -> Future.fromCompletionStage(endpoint == Endpoint.MASK
                        ? service.mask(body).thenApply(r -> new Outcome(r.body(), r.tokens(), null))
                        : service.unmask(body).thenApply(r -> new Outcome(r.body(), r.restored(), r.unknown())),
                        context))
                .compose(outcome -> cpu.executeBlocking(() -> render(outcome, split), false))
                .onSuccess(rendered -> {
                    var response = ctx.response().setStatusCode(200)
                            .putHeader("Content-Type", rendered.contentType())
                            .putHeader("Cache-Control", "no-store");
                    rendered.headers().forEach(response::putHeader);
                    response.end(Buffer.buffer(rendered.bytes()));
                })
                .onFailure(failure -> reject(ctx, endpoint, failure));
    }

    private void ready(RoutingContext ctx) {
        Future.fromCompletionStage(store.ping(), context)
                .timeout(config.readyTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .onSuccess(v -> json(ctx, 200, statusBody("ready")))
                .onFailure(e -> {
                    ObjectNode body = statusBody("not_ready");
                    body.put("reason", "store did not answer PING within " + config.readyTimeout().toMillis()
                            + " ms (" + StoreUnavailableException.from(e).kind().tag() + ")");
                    json(ctx, 503, body);
                });
    }

    private void failure(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        if (ctx.failure() instanceof HttpClosedException) {
            // the client went away (or the request timeout closed it) mid-body: nobody to answer, nothing wrong here
            LOG.debug("connection closed before {} was read whole", ctx.normalizedPath());
            return;
        }
        int status = ctx.statusCode();
        if (status == 413) {
            error(ctx, 413, "body_too_large", "request body exceeds " + config.maxBodyBytes() + " bytes");
        } else if (status == 400) {
            error(ctx, 400, "bad_request", "malformed request");
        } else {
            LOG.error("unexpected failure in {} (status {}): {}", ctx.normalizedPath(), status,
                    ctx.failure() == null ? "-" : sanitized(ctx.failure()));
            error(ctx, status > 0 ? status : 500, "internal", "internal error");
        }
    }

    private void reject(RoutingContext ctx, Endpoint endpoint, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof InvalidBodyException invalid) {
            error(ctx, 400, invalid.field() == null ? "bad_json" : "bad_body", invalid.getMessage());
        } else if (cause instanceof TooManyIdentifiersException tooMany) {
            error(ctx, 413, "too_many_identifiers", "the body holds more than " + tooMany.limit()
                    + " distinct identifiers (--max-identifiers); nothing was stored or masked");
        } else if (cause instanceof StoreUnavailableException unavailable) {
            failSecure(endpoint, "store").increment();
            ctx.response().putHeader("Retry-After", "1");
            error(ctx, 503, "store_unavailable", "mapping store unavailable (" + unavailable.kind().tag()
                    + "); nothing was masked");
        } else {
            failSecure(endpoint, "internal").increment();
            LOG.error("{} failed unexpectedly: {}", endpoint.tag(), sanitized(cause));
            error(ctx, 500, "internal", "internal error; nothing was masked");
        }
    }

    private Counter failSecure(Endpoint endpoint, String reason) {
        return Counter.builder("kcs.masking.fail.secure.rejections")
                .description("Requests refused without a body because masking could not complete")
                .tag("endpoint", endpoint.tag())
                .tag("reason", reason)
                .register(registry);
    }

    // ------------------------------------------------------------------ bodies

    private record Outcome(MessageBody body, Map<String, String> tokens, Set<String> unknown) {
    }

    private record Rendered(String contentType, Map<String, String> headers, byte[] bytes) {
    }

    private static MessageBody decode(byte[] bytes, BodyKind kind) {
        if (kind == BodyKind.JSON) {
            return new MessageBody.Json(BodyCodec.parse(bytes));
        }
        try {
            return new MessageBody.Text(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            throw new InvalidBodyException(null, "text body is not valid UTF-8");
        }
    }

    /**
     * Default: {@code {"body": <JSON value or string>, "tokens": {token: original}}} (unmask adds
     * {@code "unknown_tokens"}). With {@code Accept: application/vnd.kcs.mask-split}: the body's own bytes,
     * then the token map form-encoded, split at {@value #BODY_LENGTH_HEADER} — the Kong hook reads that without
     * a JSON library and without re-encoding the body.
     */
    private static Rendered render(Outcome outcome, boolean split) {
        byte[] body = outcome.body() instanceof MessageBody.Json j ? BodyCodec.write(j.json())
                : ((MessageBody.Text) outcome.body()).text().getBytes(StandardCharsets.UTF_8);
        if (split) {
            byte[] form = FormEncoding.encode(outcome.tokens()).getBytes(StandardCharsets.US_ASCII);
            byte[] all = new byte[body.length + form.length];
            System.arraycopy(body, 0, all, 0, body.length);
            System.arraycopy(form, 0, all, body.length, form.length);
            return new Rendered(SPLIT_MEDIA_TYPE, Map.of(BODY_LENGTH_HEADER, Integer.toString(body.length),
                    TOKEN_COUNT_HEADER, Integer.toString(outcome.tokens().size())), all);
        }
        ObjectNode root = BodyCodec.mapper().createObjectNode();
        if (outcome.body() instanceof MessageBody.Json j) {
            root.set("body", j.json());
        } else {
            root.set("body", TextNode.valueOf(((MessageBody.Text) outcome.body()).text()));
        }
        ObjectNode tokens = root.putObject("tokens");
        outcome.tokens().forEach(tokens::put);
        if (outcome.unknown() != null) {
            ArrayNode unknown = root.putArray("unknown_tokens");
            outcome.unknown().forEach(unknown::add);
        }
        return new Rendered("application/json", Map.of(), BodyCodec.write(root));
    }

    static String mediaTypeProblem(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "Content-Type is required: application/json or text/plain";
        }
        String[] parts = contentType.split(";");
        if (bodyKind(contentType) == null) {
            return "Content-Type " + parts[0].trim() + " is not supported: use application/json or text/plain";
        }
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].trim().split("=", 2);
            if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")) {
                String charset = kv[1].trim().replace("\"", "").toLowerCase(Locale.ROOT);
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    return "charset " + charset + " is not supported: bodies must be UTF-8";
                }
            }
        }
        return null;
    }

    private static BodyKind bodyKind(String contentType) {
        String main = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (main.equals("application/json") || (main.startsWith("application/") && main.endsWith("+json"))) {
            return BodyKind.JSON;
        }
        if (main.equals("text/plain")) {
            return BodyKind.TEXT;
        }
        return null;
    }

    private static boolean wantsSplit(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains(SPLIT_MEDIA_TYPE);
    }

    // ------------------------------------------------------------------ helpers

    private static ObjectNode statusBody(String status) {
        ObjectNode body = BodyCodec.mapper().createObjectNode();
        body.put("status", status);
        return body;
    }

    private static Future<Void> error(RoutingContext ctx, int status, String code, String message) {
        ObjectNode body = BodyCodec.mapper().createObjectNode();
        body.put("error", code);
        body.put("message", message);
        return json(ctx, status, body);
    }

    private static Future<Void> json(RoutingContext ctx, int status, ObjectNode body) {
        if (ctx.response().ended()) {
            return Future.succeededFuture();
        }
        return ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(Buffer.buffer(BodyCodec.write(body)));
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /**
     * Exceptions are logged by class and where they were thrown, without their message: a message could quote
     * part of a body in a library we call.
     */
    private static String sanitized(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        return t.getClass().getName() + (trace.length > 0 ? " at " + trace[0] : "");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
