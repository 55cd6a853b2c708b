package io.catalogsync.masking.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * nginx is "started" when nginx says so, not when something answers on the port: a port another process holds
 * must never be mistaken for nginx (the suite used to take any answer on the port for a started nginx).
 */
class NginxProcessTest {

    @Test
    void aPortHeldByAnotherProcessIsNotMistakenForNginxAndAnotherPortIsTried() throws Exception {
        Path binary = NginxProcess.binaryOrSkip();
        Path prefix = Files.createTempDirectory("kcs-nginx-test-");
        try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Deque<Integer> ports = new ArrayDeque<>(List.of(squatter.getLocalPort(), FreePorts.free()));
            List<Integer> tried = new java.util.ArrayList<>();
            try (NginxProcess nginx = NginxProcess.start(binary, prefix, p -> conf(prefix, p), () -> {
                int p = ports.isEmpty() ? FreePorts.free() : ports.pop();
                tried.add(p);
                return p;
            })) {
                assertThat(tried.get(0)).isEqualTo(squatter.getLocalPort());
                assertThat(nginx.port()).isNotEqualTo(squatter.getLocalPort());
                // The server on the port it reports is nginx itself: it answers with the body this config sets.
                assertThat(get(nginx.port())).contains("nginx-under-test");
            }
        } finally {
            TempDirs.deleteQuietly(prefix);
        }
    }

    private static String conf(Path prefix, int port) {
        return NginxProcess.preamble(prefix) + "http {\n" + NginxProcess.httpTempPaths(prefix)
                + "  server {\n    listen 127.0.0.1:" + port + ";\n"
                + "    location / { return 200 \"nginx-under-test\"; }\n  }\n}\n";
    }

    private static String get(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET / HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
