package io.catalogsync.sync.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Kong emulator ({@code KongEmulatorMain}, from kong-admin-client's test-jar on this classpath) as a separate
 * JVM on 127.0.0.1 and a free port, the way Kong is a separate server for the daemon. Its CPU time is read from
 * the operating system, so a cycle's cost can be split between the engine and the emulator.
 */
final class KongProcess implements AutoCloseable {

    private final Process process;
    final String adminUrl;

    private KongProcess(Process process, String adminUrl) {
        this.process = process;
        this.adminUrl = adminUrl;
    }

    static KongProcess start(int latencyMs, String heap) throws IOException {
        return start(latencyMs, heap, false);
    }

    static KongProcess start(int latencyMs, String heap, boolean dbless) throws IOException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Xmx" + heap,
                "-Dlogback.configurationFile=emulator/logback-emulator.xml",
                "-cp", System.getProperty("java.class.path"),
                "io.catalogsync.kong.emulator.KongEmulatorMain", "--port", "0", "--latency-ms", Integer.toString(latencyMs)));
        if (dbless) {
            cmd.add("--dbless");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String url = out.readLine();
        if (url == null || !url.startsWith("http://127.0.0.1:")) {
            p.destroyForcibly();
            throw new IOException("the Kong emulator did not start (first line: " + url + ")");
        }
        return new KongProcess(p, url.trim());
    }

    long pid() {
        return process.pid();
    }

    /** User + system CPU time the emulator's JVM has used so far. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
