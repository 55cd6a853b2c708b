package io.catalogsync.masking.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Assumptions;

/**
 * A real nginx with the Lua module (Debian {@code nginx} + {@code libnginx-mod-http-lua}) in the foreground,
 * with its own prefix directory, configuration, pid and logs, listening on loopback only.
 */
public final class NginxProcess implements AutoCloseable {

    public static final Path MODULES = Path.of("/usr/lib/nginx/modules");
    public static final Path NDK_MODULE = MODULES.resolve("ndk_http_module.so");
    public static final Path LUA_MODULE = MODULES.resolve("ngx_http_lua_module.so");

    private final Path prefix;
    private final Process process;
    private final int port;

    private NginxProcess(Path prefix, Process process, int port) {
        this.prefix = prefix;
        this.process = process;
        this.port = port;
    }

    /** The nginx binary, or skips the test saying what is missing. */
    public static Path binaryOrSkip() {
        Optional<Path> nginx = ExternalTools.find("nginx", "/usr/sbin/nginx");
        Assumptions.assumeTrue(nginx.isPresent(), "nginx is not installed (apt-get install nginx)");
        Assumptions.assumeTrue(Files.exists(NDK_MODULE) && Files.exists(LUA_MODULE),
                "the nginx Lua module is not installed (apt-get install libnginx-mod-http-lua)");
        return nginx.get();
    }

    /** Directives every test configuration starts with: modules, pid, logs and temp paths inside the prefix. */
    public static String preamble(Path prefix) {
        boolean root = "root".equals(System.getProperty("user.name"));
        return "load_module " + NDK_MODULE + ";\n"
                + "load_module " + LUA_MODULE + ";\n"
                // as root, workers would run as nobody and could not write into the test's private temp dir
                + (root ? "user root;\n" : "")
                + "worker_processes 1;\n"
                + "error_log " + prefix.resolve("logs/error.log") + " info;\n"
                + "pid " + prefix.resolve("logs/nginx.pid") + ";\n"
                + "events { worker_connections 256; }\n";
    }

    /** Temp paths of the http block, inside the prefix. */
    public static String httpTempPaths(Path prefix) {
        StringBuilder b = new StringBuilder();
        for (String kind : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            b.append("  ").append(kind).append("_temp_path ").append(prefix.resolve("tmp/" + kind)).append(";\n");
        }
        b.append("  access_log ").append(prefix.resolve("logs/access.log")).append(";\n");
        return b.toString();
    }

    private static final int PORT_ATTEMPTS = 5;

    /**
     * Writes the configuration {@code confForPort} makes for a free port, checks it with {@code nginx -t}, starts
     * nginx and waits until nginx itself says it is up: the pid file it writes once its listening sockets are
     * bound holds this process's pid. A port that answers proves nothing (another process may hold it), so it is
     * never the signal. When the port was taken between choosing and binding (nginx exits with "Address already
     * in use"), it starts again on another port.
     */
    public static NginxProcess start(Path binary, Path prefix, IntFunction<String> confForPort) {
        return start(binary, prefix, confForPort, FreePorts::free);
    }

    /** As {@link #start(Path, Path, IntFunction)}, with the ports to try coming from {@code ports}. */
    static NginxProcess start(Path binary, Path prefix, IntFunction<String> confForPort, IntSupplier ports) {
        String lastFailure = "";
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            int port = ports.getAsInt();
            try {
                NginxProcess nginx = tryStart(binary, prefix, confForPort.apply(port), port);
                if (nginx != null) {
                    return nginx;
                }
                lastFailure = "port " + port + " was taken";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("nginx could not bind a free port in " + PORT_ATTEMPTS + " attempts: "
                + lastFailure);
    }

    /** Starts nginx on {@code port}; null when the port turned out to be taken. */
    private static NginxProcess tryStart(Path binary, Path prefix, String conf, int port)
            throws IOException, InterruptedException {
        Files.createDirectories(prefix.resolve("logs"));
        Files.createDirectories(prefix.resolve("tmp"));
        Path pidFile = prefix.resolve("logs/nginx.pid");
        Files.deleteIfExists(pidFile);
        Files.deleteIfExists(prefix.resolve("logs/error.log"));
        Path confFile = Files.writeString(prefix.resolve("nginx.conf"), conf);
        List<String> base = List.of(binary.toString(), "-p", prefix.toString(), "-c", confFile.toString(),
                "-e", prefix.resolve("logs/error.log").toString());
        Process check = new ProcessBuilder(concat(base, "-t")).redirectErrorStream(true).start();
        String checkOut = new String(check.getInputStream().readAllBytes());
        if (!check.waitFor(20, TimeUnit.SECONDS) || check.exitValue() != 0) {
            if (checkOut.contains("Address already in use")) {
                return null;
            }
            throw new IllegalStateException("nginx -t failed: " + checkOut);
        }
        Process p = new ProcessBuilder(concat(base, "-g", "daemon off;")).redirectErrorStream(true)
                .redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        NginxProcess nginx = new NginxProcess(prefix, p, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String expectedPid = Long.toString(p.pid());
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                p.waitFor(5, TimeUnit.SECONDS);
                String log = nginx.errorLog();
                if (log.contains("Address already in use")) {
                    return null;
                }
                throw new IllegalStateException("nginx exited with " + p.exitValue() + ": " + log);
            }
            if (Files.exists(pidFile) && expectedPid.equals(Files.readString(pidFile).trim())) {
                return nginx;
            }
            Thread.sleep(20);
        }
        p.destroyForcibly();
        throw new IllegalStateException("nginx (pid " + expectedPid + ") wrote no pid file within 30 s: "
                + nginx.errorLog());
    }

    /** The port this nginx listens on. */
    public int port() {
        return port;
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> all = new java.util.ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    public String errorLog() {
        try {
            Path log = prefix.resolve("logs/error.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: fast shutdown of master and worker
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
