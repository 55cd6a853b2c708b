package io.catalogsync.masking.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A throw-away CA and a server certificate for 127.0.0.1 (IP subject alternative name, so FULL verification
 * passes), generated with the openssl command line.
 */
public record TlsFiles(Path dir, Path caCert, Path serverCert, Path serverKey, Path otherCaCert) {

    public static TlsFiles generate(Path openssl) {
        try {
            Path dir = Files.createTempDirectory("kcs-tls-");
            Path ext = Files.writeString(dir.resolve("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
            exec(openssl, dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                    "-days", "2", "-subj", "/CN=kcs-test-ca");
            exec(openssl, dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out",
                    "other.crt", "-days", "2", "-subj", "/CN=kcs-unrelated-ca");
            exec(openssl, dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                    "-subj", "/CN=127.0.0.1");
            exec(openssl, dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", ext.toString());
            return new TlsFiles(dir, dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"),
                    dir.resolve("other.crt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** redis-server options for a TLS listener with these files. */
    public List<String> redisArgs() {
        return List.of("--tls-cert-file", serverCert.toString(), "--tls-key-file", serverKey.toString(),
                "--tls-ca-cert-file", caCert.toString(), "--tls-auth-clients", "no");
    }

    private static void exec(Path openssl, Path dir, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(openssl.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
