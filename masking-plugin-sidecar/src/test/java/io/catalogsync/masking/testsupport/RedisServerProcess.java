package io.catalogsync.masking.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} child process on 127.0.0.1 with its own temp dir, no persistence. It can be stopped
 * and started again on the same port (fault tests). Killed on JVM exit if a test forgets.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Path binary;
    private final Path dir;
    private final int port;
    private final boolean tls;
    private final List<String> extraArgs;
    private Process process;
    private int starts;

    private RedisServerProcess(Path binary, Path dir, int port, boolean tls, List<String> extraArgs) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        this.tls = tls;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Plain TCP server on a free port. */
    public static RedisServerProcess start(Path binary, String... extraArgs) {
        return startOnFreePort(binary, false, List.of(extraArgs), FreePorts::free);
    }

    /**
     * A server on a port from {@code ports}: redis-server cannot bind port 0 and report it, so when the chosen
     * port was taken in the meantime (redis exits with "Address already in use") it starts again on another.
     * Started means redis itself logged that it is ready, never merely that something answers on the port.
     */
    public static RedisServerProcess startOnFreePort(Path binary, boolean tls, List<String> extraArgs,
                                                     java.util.function.IntSupplier ports) {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return start(binary, ports.getAsInt(), tls, extraArgs);
            } catch (IllegalStateException e) {
                if (e.getMessage() == null || !e.getMessage().contains("Address already in use")) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    /**
     * Starts a server on {@code port}; with {@code tls} the port is the TLS port and {@code extraArgs} must carry
     * the certificate options.
     */
    public static RedisServerProcess start(Path binary, int port, boolean tls, List<String> extraArgs) {
        Path dir;
        try {
            dir = Files.createTempDirectory("kcs-redis-" + port + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RedisServerProcess p = new RedisServerProcess(binary, dir, port, tls, extraArgs);
        try {
            p.start();
        } catch (RuntimeException e) {
            TempDirs.deleteQuietly(dir);
            throw e;
        }
        return p;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public String url() {
        return (tls ? "rediss" : "redis") + "://127.0.0.1:" + port;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts (again) on the same port and waits until it accepts connections. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        if (tls) {
            cmd.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port)));
        } else {
            cmd.addAll(List.of("--port", Integer.toString(port)));
        }
        cmd.addAll(List.of("--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--protected-mode", "no"));
        cmd.addAll(extraArgs);
        Path log = dir.resolve("redis-" + (++starts) + ".log");
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + started.exitValue() + ": "
                        + readQuietly(log));
            }
            if (readQuietly(log).contains("Ready to accept connections") && accepts()) {
                return;
            }
            sleep(20);
        }
        started.destroyForcibly();
        throw new IllegalStateException("redis-server did not start within " + START_TIMEOUT + ": "
                + readQuietly(log));
    }

    /** Stops the server (SIGKILL: a crash, as in a failed node) and waits for the port to close. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (accepts() && System.nanoTime() < deadline) {
            sleep(20);
        }
    }

    /** Pauses the process (SIGSTOP): connections stay open but nothing answers. */
    public synchronized void pause() {
        signal("STOP");
    }

    public synchronized void resume() {
        signal("CONT");
    }

    private void signal(String sig) {
        try {
            new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String log() {
        return readQuietly(dir.resolve("redis-" + starts + ".log"));
    }

    private static String readQuietly(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            resume();
        }
        stop();
        TempDirs.deleteQuietly(dir);
    }
}
