package io.catalogsync.kong.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An in-process Kong Admin API (3.4 semantics by default) on 127.0.0.1 for tests and local runs.
 * Behaviour is written from Kong's own source: see {@code docs/kong-emulator.md} for what is
 * modelled and where each rule comes from. Faults ({@link #faults()}) apply to every request until
 * cleared; every request is logged ({@link #requests()}).
 */
public final class KongEmulator implements AutoCloseable {
  private static final String TOKEN_HEADER = "Kong-Admin-Token";

  private final Vertx vertx;
  private final EmulatorOptions options;
  private final AdminApi api;
  private final FaultInjector faults = new FaultInjector();
  private final List<RecordedRequest> log = new ArrayList<>();
  private final AtomicLong writes = new AtomicLong();
  private final java.util.Set<io.vertx.core.http.HttpConnection> connections =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile String adminToken;
  private volatile Consumer<Map<String, TreeMap<String, ObjectNode>>> afterWrite;
  private HttpServer server;

  private KongEmulator(Vertx vertx, EmulatorOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.api = new AdminApi(options);
    this.adminToken = options.adminToken();
  }

  /** Starts an emulator on 127.0.0.1 and a free port. */
  public static Future<KongEmulator> start(Vertx vertx, EmulatorOptions options) {
    return start(vertx, options, 0);
  }

  /** Starts an emulator on 127.0.0.1:{@code port} (0 = a free port). */
  public static Future<KongEmulator> start(Vertx vertx, EmulatorOptions options, int port) {
    KongEmulator emulator = new KongEmulator(vertx, options == null ? EmulatorOptions.defaults() : options);
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .connectionHandler(c -> {
          emulator.connections.add(c);
          c.closeHandler(v -> emulator.connections.remove(c));
        })
        .requestHandler(emulator::onRequest)
        .listen()
        .map(s -> {
          emulator.server = s;
          return emulator;
        });
  }

  public int port() {
    return server.actualPort();
  }

  public String adminUrl() {
    return "http://127.0.0.1:" + port();
  }

  public EmulatorOptions options() {
    return options;
  }

  /** Removes every entity (DB-less: back to the empty configuration and the all-zero hash). */
  public void reset() {
    api.reset();
  }

  /**
   * Kong restarted without its database, in place: every entity is gone and every open connection is closed,
   * while the listening socket stays bound. Tests used to close the emulator and bind a new one to the same
   * port, which races with any other socket the OS hands that port to in between (a BindException under load).
   */
  public void restartEmpty() {
    api.reset();
    dropConnections();
  }

  /** Closes every open client connection (as a Kong restart does); the server keeps listening. */
  public void dropConnections() {
    for (io.vertx.core.http.HttpConnection c : List.copyOf(connections)) {
      c.close();
    }
  }

  /**
   * From now on every request must carry {@code token} in {@code Kong-Admin-Token} (null: none required), as
   * after a Kong restart with another admin token; open connections are closed like a restart would.
   */
  public void requireAdminToken(String token) {
    this.adminToken = token;
    dropConnections();
  }

  /**
   * From now on {@code GET /} also lists {@code name} in {@code plugins.available_on_server}, as a Kong with a custom
   * plugin installed (whose DAOs, if any, a client cannot know). Nothing else of the plugin is modelled.
   */
  public void reportCustomPlugin(String name) {
    api.reportCustomPlugin(name);
  }

  public FaultInjector faults() {
    return faults;
  }

  /** A copy of the request log, oldest first. */
  public List<RecordedRequest> requests() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /**
   * Calls {@code listener} after every write that changed the state (a 2xx answer), before the answer is
   * sent, with a copy of every entity by collection ({@code "routes"}, {@code "plugins"}...) and id, as
   * stored (foreign keys as {@code {"id": ...}}): a test can check an invariant at every instant a client could observe.
   * Writes are handled one at a time, so each copy is a state Kong could have been in. {@code null}
   * removes it.
   */
  public void afterEachWrite(Consumer<Map<String, TreeMap<String, ObjectNode>>> listener) {
    afterWrite = listener;
  }

  /**
   * {@link #afterEachWrite} with each collection as a list: the observer sees the state after every write that
   * changed it (a refused write leaves the state it already saw). Null removes it.
   */
  public void afterEveryWrite(Consumer<Map<String, List<ObjectNode>>> observer) {
    afterEachWrite(observer == null ? null : state -> observer.accept(lists(state)));
  }

  /** A copy of everything the emulator holds now: collection -> entities as stored. */
  public Map<String, List<ObjectNode>> state() {
    return lists(api.snapshot());
  }

  private static Map<String, List<ObjectNode>> lists(Map<String, TreeMap<String, ObjectNode>> state) {
    Map<String, List<ObjectNode>> lists = new java.util.LinkedHashMap<>();
    state.forEach((k, v) -> lists.put(k, new ArrayList<>(v.values())));
    return lists;
  }

  public void clearRequests() {
    synchronized (log) {
      log.clear();
    }
    writes.set(0);
  }

  /**
   * POST/PUT/PATCH/DELETE requests that reached the Admin API logic since the last
   * {@link #clearRequests()}, whatever their status. Requests answered by an injected fault (error,
   * timeout, drop) are not counted: they never touched the state.
   */
  public long writeCount() {
    return writes.get();
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** Stops and waits (up to 10 s); meant for test threads, never for an event loop. */
  @Override
  public void close() {
    try {
      stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("kong emulator did not stop cleanly", e);
    }
  }

  private void onRequest(HttpServerRequest req) {
    req.body().onComplete(ar -> {
      Buffer buf = ar.succeeded() ? ar.result() : Buffer.buffer();
      FaultInjector.Decision d = faults.decide(isWrite(req.method().name(), req.path()),
          buf.length() == 0 ? null : buf.toString());
      Duration delay = options.latency().plus(d.latency());
      if (delay.isZero()) {
        answer(req, buf, d);
      } else {
        vertx.setTimer(Math.max(1, delay.toMillis()), t -> answer(req, buf, d));
      }
    });
  }

  private void answer(HttpServerRequest req, Buffer buf, FaultInjector.Decision d) {
    String body = buf.length() == 0 ? null : buf.toString();
    String path = req.path();
    String query = req.query();
    switch (d.action()) {
      case DROP -> {
        record(req, path, query, body, 0, "drop");
        req.connection().close();
        return;
      }
      case TIMEOUT -> {
        record(req, path, query, body, 0, "timeout");
        return;
      }
      case ERROR -> {
        record(req, path, query, body, d.status(), "error");
        String msg = d.status() >= 500 ? "An unexpected error occurred" : "injected fault";
        send(req, ApiResponse.message(d.status(), msg));
        return;
      }
      default -> {
      }
    }
    int pathFault = faults.pathStatus(path);
    if (pathFault != 0) {
      record(req, path, query, body, pathFault, "error");
      send(req, ApiResponse.message(pathFault, "An unexpected error occurred"));
      return;
    }
    int tagFault = faults.tagFilteredListStatus();
    if (tagFault != 0 && req.method().name().equals("GET") && query != null
        && java.util.Arrays.stream(query.split("&")).anyMatch(p -> p.startsWith("tags="))) {
      record(req, path, query, body, tagFault, "tag-filtered list");
      send(req, ApiResponse.message(tagFault, "An unexpected error occurred"));
      return;
    }
    ApiResponse res;
    String token = adminToken;
    if (token != null && !token.equals(req.getHeader(TOKEN_HEADER))) {
      res = ApiResponse.message(401, "Invalid credentials. Token or User credentials required");
    } else {
      ApiRequest ar = ApiRequest.of(req.method().name(), path, query, req.getHeader("Content-Type"), body);
      try {
        res = api.handle(ar);
      } catch (RuntimeException e) {
        res = ApiResponse.message(500, "An unexpected error occurred");
      }
      if (isWrite(req.method().name(), path)) {
        writes.incrementAndGet();
        Consumer<Map<String, TreeMap<String, ObjectNode>>> listener = afterWrite;
        if (listener != null && res.status() >= 200 && res.status() < 300) {
          listener.accept(api.snapshot());
        }
      }
    }
    record(req, path, query, body, res.status(), null);
    send(req, res);
  }

  private void record(HttpServerRequest req, String path, String query, String body, int status, String fault) {
    synchronized (log) {
      log.add(new RecordedRequest(req.method().name(), path, query, body, status, Instant.now(), fault));
    }
  }

  /**
   * Whether a request may change the state: POST, PUT, PATCH, DELETE, except {@code POST /schemas/.../validate},
   * which stores nothing (as {@link RecordedRequest#isWrite}); write faults and write counts leave it out.
   */
  private static boolean isWrite(String method, String path) {
    if (method.equals("POST") && path != null && path.startsWith("/schemas/") && path.endsWith("/validate")) {
      return false;
    }
    return method.equals("POST") || method.equals("PUT") || method.equals("PATCH") || method.equals("DELETE");
  }

  private static void send(HttpServerRequest req, ApiResponse res) {
    var response = req.response().setStatusCode(res.status());
    response.putHeader("Server", "kong/" + "emulator");
    if (res.body() == null) {
      response.end();
      return;
    }
    response.putHeader("Content-Type", res.contentType());
    response.end(res.body());
  }
}
