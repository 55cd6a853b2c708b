package io.catalogsync.kong.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The emulator as its own process ({@code scripts/kong-emulator}), as a user or a benchmark starts it. */
class KongEmulatorMainTest {

    @Test
    void exitsAtOnceWithAReasonWhenItsPortIsTaken() throws Exception {
        // The test holds the port for the whole check: the emulator can never get it.
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Process p = emulator("--port", Integer.toString(taken.getLocalPort()));
            boolean exited = p.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            assertThat(exited).as("the emulator exits instead of hanging on a port it could not bind").isTrue();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).isEqualTo(69);
            assertThat(err).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
            assertThat(out).as("no admin URL is printed for a server that is not listening").isEmpty();
        }
    }

    @Test
    void printsTheUrlItListensOnWhenGivenPortZero() throws Exception {
        Process p = emulator("--port", "0");
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            assertThat(line).matches("http://127\\.0\\.0\\.1:[1-9][0-9]*");
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static Process emulator(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), KongEmulatorMain.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }
}
