package io.catalogsync.manifests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Real processes for the cross-checks: the programs started the way the manifests start them (their main class,
 * the container's args, the container's environment), and a real {@code redis-server}; all on 127.0.0.1.
 */
final class LocalProcesses {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LocalProcesses() {
    }

    /** A started process; {@link #close()} stops it and waits. */
    record Child(String name, Process process, Path log) implements AutoCloseable {

        String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "(no output: " + e.getMessage() + ")";
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code mainClass} in a new JVM on this test's class path, with exactly {@code env} (plus PATH and HOME,
     * nothing inherited: a developer's own KCS_* variables must not leak in).
     */
    static Child java(String name, String mainClass, List<String> args, Map<String, String> env, Path logDir)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return start(name, command, env, logDir);
    }

    static Child start(String name, List<String> command, Map<String, String> env, Path logDir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> e = pb.environment();
        Map<String, String> keep = new HashMap<>();
        for (String k : List.of("PATH", "HOME", "LANG")) {
            if (System.getenv(k) != null) {
                keep.put(k, System.getenv(k));
            }
        }
        e.clear();
        e.putAll(keep);
        e.putAll(env);
        Path log = logDir.resolve(name + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new Child(name, pb.start(), log);
    }

    /** The redis-server binary on PATH (the tests' dependency, installed by .ci/run), or null. */
    static Path redisServer() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, "redis-server");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** A throw-away redis-server on 127.0.0.1:{@code port}, with AUTH when {@code password} is not null. */
    static Child redis(int port, String password, Path logDir) throws IOException {
        List<String> command = new ArrayList<>(List.of(redisServer().toString(), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", logDir.toString()));
        if (password != null) {
            command.add("--requirepass");
            command.add(password);
        }
        Child redis = start("redis-" + port, command, Map.of(), logDir);
        await("redis-server on " + port, Duration.ofSeconds(10), () -> redisAnswers(port, password));
        return redis;
    }

    private static boolean redisAnswers(int port, String password) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            if (password != null) {
                out.write(("AUTH " + password + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            out.write("PING\r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64];
            StringBuilder sb = new StringBuilder();
            while (!sb.toString().contains("PONG")) {
                int n = in.read(buf);
                if (n < 0) {
                    return false;
                }
                sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
    }

    static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Status of GET {@code url}, or -1 while nothing listens. */
    static int status(String url) {
        try {
            return get(url).statusCode();
        } catch (UncheckedIOException e) {
            return -1;
        }
    }
}
