package io.catalogsync.manifests;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A catalog API on 127.0.0.1 ({@code GET /api/v1/services}, Bearer key required), whose answer the test changes
 * between cycles: a JSON body, or an HTTP error status.
 */
final class CatalogServer implements AutoCloseable {

    private final HttpServer server;
    private final String apiKey;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String body = "[]";

    CatalogServer(String apiKey) throws IOException {
        this.apiKey = apiKey;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/api/v1/services", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "" : auth);
            int code = ("Bearer " + this.apiKey).equals(auth) ? status : 401;
            byte[] bytes = (code == 200 ? body : "{\"error\":\"status " + code + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(code, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void serve(String json) {
        this.body = json;
        this.status = 200;
    }

    void fail(int httpStatus) {
        this.status = httpStatus;
    }

    /** The Authorization header of every request so far. */
    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
