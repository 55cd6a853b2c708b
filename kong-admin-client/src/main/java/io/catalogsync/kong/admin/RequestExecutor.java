package io.catalogsync.kong.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link AdminRequest}s: one attempt at a time under the in-flight cap, each bounded by the request
 * timeout and reported to the {@link KongRequestListener}, retried on a {@code vertx.setTimer} backoff as the
 * request's {@link RetryPolicy} allows. Never blocks; the returned future completes on a Vert.x thread.
 *
 * <p>The result is Kong's last answer whatever its status (callers decide what a 404 means); the future fails
 * only with a {@link KongTransportException} when the last attempt got no usable answer.
 */
final class RequestExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(RequestExecutor.class);
    private static final String TOKEN_HEADER = "Kong-Admin-Token";

    private final Vertx vertx;
    private final WebClient web;
    private final AdminUris uris;
    private final String adminToken;
    private final KongRequestListener listener;
    private final InFlightLimiter limiter;
    private final Backoff backoff;
    private final int maxRetries;
    private final long requestTimeoutMillis;
    private final long connectTimeoutMillis;

    RequestExecutor(Vertx vertx, WebClient web, AdminUris uris, KongAdminOptions options, Backoff backoff) {
        this.vertx = vertx;
        this.web = web;
        this.uris = uris;
        this.adminToken = options.getAdminToken();
        this.listener = options.getListener();
        this.limiter = new InFlightLimiter(options.getMaxInFlight());
        this.backoff = backoff;
        this.maxRetries = options.getMaxRetries();
        this.requestTimeoutMillis = options.getRequestTimeout().toMillis();
        this.connectTimeoutMillis = options.getConnectTimeout().toMillis();
    }

    InFlightLimiter limiter() {
        return limiter;
    }

    Future<KongResponse> exchange(AdminRequest req) {
        return attempt(req, null, 0);
    }

    /**
     * Like {@link #exchange(AdminRequest)}, but a 2xx answer's body is read by {@code reader} straight into
     * {@link KongResponse#value()}, without a {@link JsonNode} tree; other answers keep their tree for
     * {@link ErrorMapper}.
     */
    Future<KongResponse> exchange(AdminRequest req, BodyReader<?> reader) {
        return attempt(req, reader, 0);
    }

    /**
     * The value {@code reader} read from a 2xx answer, or the {@link KongException} for Kong's last answer when it
     * is not a 2xx ({@link ErrorMapper#fromResponse}).
     */
    <V> Future<V> read(AdminRequest req, BodyReader<V> reader) {
        return exchange(req, reader).map(resp -> {
            if (!resp.success()) {
                throw ErrorMapper.fromResponse(req.method().name(), req.path(), resp);
            }
            @SuppressWarnings("unchecked") // parse put what this reader returned there
            V value = (V) resp.value();
            return value;
        });
    }

    /** Reads a 2xx body in one pass, into what the caller needs (a list page's records). */
    interface BodyReader<V> {

        /**
         * @param body a parser over the body (no token read yet; nothing when the body is empty)
         * @throws IOException when the body is not JSON: an unusable answer, retried like one
         * @throws KongException when it is JSON of a shape the caller cannot use: final, not retried
         */
        V read(JsonParser body, int status) throws IOException;
    }

    private Future<KongResponse> attempt(AdminRequest req, BodyReader<?> reader, int attempt) {
        return limiter.acquire()
                .compose(v -> sendOnce(req, reader))
                .transform(ar -> {
                    if (ar.failed() && ar.cause() instanceof Final f) {
                        return Future.failedFuture(f.getCause());
                    }
                    if (ar.succeeded()) {
                        KongResponse resp = ar.result();
                        if (retryableStatus(resp.status()) && req.retry() == RetryPolicy.IDEMPOTENT
                                && attempt < maxRetries) {
                            OptionalLong delay = backoff.delayMillis(attempt, resp.retryAfter());
                            if (delay.isPresent()) {
                                return retryLater(req, reader, attempt, delay.getAsLong(),
                                        "status " + resp.status());
                            }
                            LOG.debug("{} {}: Retry-After {} s is longer than the maximum retry delay; not retrying",
                                    req.method(), req.pathTemplate(), resp.retryAfter());
                        }
                        return Future.succeededFuture(resp);
                    }
                    KongTransportException failure = ErrorMapper.transport(req.method().name(), req.path(), ar.cause());
                    boolean allowed = req.retry() == RetryPolicy.IDEMPOTENT
                            || (req.retry() == RetryPolicy.CONNECT_FAILURE_ONLY && ErrorMapper.neverSent(failure));
                    if (allowed && attempt < maxRetries) {
                        long delay = backoff.delayMillis(attempt, null).orElse(0);
                        return retryLater(req, reader, attempt, delay, failure.getMessage());
                    }
                    return Future.failedFuture(failure);
                });
    }

    private Future<KongResponse> retryLater(AdminRequest req, BodyReader<?> reader, int attempt, long delayMillis,
                                            String why) {
        LOG.debug("{} {} failed ({}); retry {} of {} in {} ms", req.method(), req.pathTemplate(), why, attempt + 1,
                maxRetries, delayMillis);
        Promise<Void> wait = Promise.promise();
        if (delayMillis <= 0) {
            wait.complete();
        } else {
            vertx.setTimer(delayMillis, id -> wait.complete());
        }
        return wait.future().compose(v -> attempt(req, reader, attempt + 1));
    }

    static boolean retryableStatus(int status) {
        return status == 429 || status >= 500;
    }

    /** One attempt; holds an in-flight slot until it completes, however it completes. */
    private Future<KongResponse> sendOnce(AdminRequest req, BodyReader<?> reader) {
        long start = System.nanoTime();
        Promise<HttpResponse<ResponseBody>> promise = Promise.promise();
        Future<HttpResponse<ResponseBody>> sent;
        try {
            HttpRequest<ResponseBody> http = web.request(req.method(), uris.port(), uris.host(), uris.requestUri(req))
                    .as(ResponseBody.CODEC)
                    .ssl(uris.tls())
                    // No per-request connect timeout: Vert.x 5 arms a timer with it for every request that waits
                    // for a pooled connection (at the in-flight cap, most wait for the one just answered), and
                    // cancels it from another event loop, where it stays queued until that loop wakes: ~10,000
                    // live timers, contexts and leases during a cycle at 10,000 services (RequestTimersTest). The
                    // TCP connect is bounded by the client's connect timeout (ClientOptionsFactory), the wait
                    // for a connection by the timer below, which bounds the whole attempt.
                    // Closes the connection when Kong goes quiet; the timer below bounds the whole attempt.
                    .idleTimeout(Math.max(requestTimeoutMillis, req.minTimeoutMillis()))
                    .putHeader("Accept", "application/json");
            if (adminToken != null) {
                http.putHeader(TOKEN_HEADER, adminToken);
            }
            if (req.body() != null) {
                http.putHeader("Content-Type", "application/json");
                sent = http.sendBuffer(req.body());
            } else {
                sent = http.send();
            }
        } catch (RuntimeException e) {
            sent = Future.failedFuture(e);
        }
        long bound = connectTimeoutMillis + Math.max(requestTimeoutMillis, req.minTimeoutMillis());
        long timer = vertx.setTimer(bound, id -> promise.tryFail(
                new TimeoutException("no complete response within " + bound + " ms")));
        sent.onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                promise.tryComplete(ar.result());
            } else {
                promise.tryFail(ar.cause());
            }
        });
        return promise.future().transform(ar -> {
            limiter.release();
            int status = ar.succeeded() ? ar.result().statusCode() : 0;
            report(req, status, Duration.ofNanos(System.nanoTime() - start));
            if (ar.failed()) {
                return Future.failedFuture(ar.cause());
            }
            return parse(req, reader, ar.result());
        });
    }

    private Future<KongResponse> parse(AdminRequest req, BodyReader<?> reader, HttpResponse<ResponseBody> http) {
        int status = http.statusCode();
        boolean success = status >= 200 && status < 300;
        ResponseBody body = http.body();
        boolean hasBody = body != null && body.length() > 0;
        JsonNode json = null;
        Object value = null;
        try {
            if (reader != null && success) {
                try (JsonParser p = body != null ? body.parser() : KongJson.MAPPER.createParser(new byte[0])) {
                    value = reader.read(p, status);
                }
            } else if (hasBody && !(req.skipSuccessBody() && success)) {
                json = body.tree();
            }
        } catch (IOException e) {
            if (success) {
                // A 2xx we cannot read is as good as no answer: a proxy's error page, a truncated body.
                String type = http.getHeader("Content-Type");
                return Future.failedFuture(new KongTransportException(req.method().name(), req.path(),
                        "status " + status + " with a body that is not JSON (Content-Type " + type + ")", null));
            }
            // Error statuses may legitimately come without JSON (nginx's HTML 415): map by status alone.
        } catch (KongException e) {
            return Future.failedFuture(new Final(e));
        }
        return Future.succeededFuture(new KongResponse(status, http.statusMessage(), json,
                http.getHeader("Retry-After"), value));
    }

    /** A reader's verdict on an answer it got: the same answer again would get it again, so it is not retried. */
    private static final class Final extends RuntimeException {

        Final(KongException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private void report(AdminRequest req, int status, Duration duration) {
        try {
            listener.onRequest(req.method().name(), req.pathTemplate(), status, duration);
        } catch (RuntimeException e) {
            LOG.warn("Kong request listener failed: {}", e.toString());
        }
    }
}
