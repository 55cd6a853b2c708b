package io.catalogsync.masking.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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

    private NginxProcess(Path prefix, Process process) {
        this.prefix = prefix;
        this.process = process;
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

    /** Writes {@code conf} to the prefix, checks it with {@code nginx -t}, starts nginx and waits for the port. */
    public static NginxProcess start(Path binary, Path prefix, String conf, int port) {
        try {
            Files.createDirectories(prefix.resolve("logs"));
            Files.createDirectories(prefix.resolve("tmp"));
            Path confFile = Files.writeString(prefix.resolve("nginx.conf"), conf);
            List<String> base = List.of(binary.toString(), "-p", prefix.toString(), "-c", confFile.toString(),
                    "-e", prefix.resolve("logs/error.log").toString());
            Process check = new ProcessBuilder(concat(base, "-t")).redirectErrorStream(true).start();
            String checkOut = new String(check.getInputStream().readAllBytes());
            if (!check.waitFor(20, TimeUnit.SECONDS) || check.exitValue() != 0) {
                throw new IllegalStateException("nginx -t failed: " + checkOut);
            }
            Process p = new ProcessBuilder(concat(base, "-g", "daemon off;")).redirectErrorStream(true)
                    .redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
            NginxProcess nginx = new NginxProcess(prefix, p);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("nginx exited: " + nginx.errorLog());
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return nginx;
                } catch (IOException notYet) {
                    Thread.sleep(20);
                }
            }
            p.destroyForcibly();
            throw new IllegalStateException("nginx did not listen on " + port + ": " + nginx.errorLog());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
