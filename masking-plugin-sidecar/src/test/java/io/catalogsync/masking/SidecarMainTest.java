package io.catalogsync.masking;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.masking.store.RedisStoreOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SidecarMainTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        CommandLine cli = SidecarMain.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static SidecarMain parse(String... args) {
        SidecarMain main = new SidecarMain();
        new CommandLine(main).parseArgs(args);
        return main;
    }

    @Test
    void badSettingsExitWith64NamingTheFlag(@TempDir Path dir) throws Exception {
        assertThat(run("--port", "abc").code()).isEqualTo(64);
        Result size = run("--dev-random-key", "--redis-url", "memory:", "--max-body", "ten");
        assertThat(size.code()).isEqualTo(64);
        assertThat(size.err()).contains("--max-body must be a size");
        Result url = run("--dev-random-key", "--redis-url", "http://cache:6379");
        assertThat(url.code()).isEqualTo(64);
        assertThat(url.err()).contains("unsupported redis URL scheme 'http'");
        Result ttl = run("--dev-random-key", "--redis-url", "memory:", "--ttl", "soon");
        assertThat(ttl.err()).contains("--ttl must be a duration");
        Path shortKey = Files.writeString(dir.resolve("key"), "short\n");
        Result key = run("--redis-url", "memory:", "--shared-secret", "s", "--hmac-key-file", shortKey.toString());
        assertThat(key.code()).isEqualTo(64);
        assertThat(key.err()).contains("at least 16 bytes").doesNotContain("short");
        Result verify = run("--dev-random-key", "--redis-url", "rediss://h:1", "--redis-tls-verify", "maybe");
        assertThat(verify.err()).contains("full, ca, none");
    }

    @Test
    void helpListsFlagsAndExitCodesButNoSecrets() {
        Result help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--redis-url", "--redis-cluster", "--redis-password", "--hmac-key-file",
                "--shared-secret", "--ttl", "--max-body", "--port", "--host", "64", "KCS_MASKING_REDIS_PASSWORD");
    }

    @Test
    void flagsBuildTheStoreOptions(@TempDir Path dir) throws Exception {
        SidecarMain main = parse("--redis-url", "rediss://user:urlpass@a.example:6380,b.example:6381",
                "--redis-cluster", "--redis-password", "flagpass", "--redis-tls-verify", "ca",
                "--redis-command-timeout", "750ms", "--redis-key-prefix", "x:");
        RedisStoreOptions o = main.storeOptions();
        assertThat(o.mode()).isEqualTo(RedisStoreOptions.Mode.CLUSTER);
        assertThat(o.password()).isEqualTo("flagpass");
        assertThat(o.username()).isEqualTo("user");
        assertThat(o.tlsVerify()).isEqualTo(RedisStoreOptions.TlsVerify.CA);
        assertThat(o.commandTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(o.keyPrefix()).isEqualTo("x:");
        assertThat(o.toString()).doesNotContain("flagpass", "urlpass");
        main.sharedSecret = "s";
        assertThat(main.sidecarConfig().ttl()).isEqualTo(Duration.ofSeconds(604800));
        assertThat(main.sidecarConfig().maxBodyBytes()).isEqualTo(1048576);
        assertThat(main.sidecarConfig().host()).isEqualTo("127.0.0.1");
        assertThat(main.sidecarConfig().port()).isEqualTo(8085);

        Path key = Files.writeString(dir.resolve("hmac"), "0123456789abcdef0123456789abcdef\n");
        assertThat(parse("--hmac-key-file", key.toString()).hmacKey()).hasSize(32);
        assertThat(SidecarMain.duration("--ttl", "7d")).isEqualTo(Duration.ofDays(7));
        assertThat(SidecarMain.size("--max-body", "512k")).isEqualTo(524288);
    }

    @Test
    void withoutASharedSecretTheSidecarDoesNotStartUnlessToldToRunOpen() throws Exception {
        // /v1/unmask would restore any token minted in the last TTL for anything that reaches the port
        SidecarMain noSecret = parse("--port", "0", "--redis-url", "memory:", "--dev-random-key");
        try (SidecarMain.Running running = noSecret.start()) {
            throw new AssertionError("started without a shared secret, on port " + running.sidecar().port());
        } catch (IllegalArgumentException expected) {
            assertThat(expected).hasMessageContaining("shared secret is required");
        }
        Result refused = run("--port", "0", "--redis-url", "memory:", "--dev-random-key");
        assertThat(refused.code()).isEqualTo(64);
        assertThat(refused.err()).contains("--shared-secret", "KCS_MASKING_SHARED_SECRET", "--insecure-no-shared-secret");
        assertThat(run("--port", "0", "--redis-url", "memory:", "--dev-random-key", "--shared-secret", "s",
                "--insecure-no-shared-secret").err()).contains("exclude each other");

        SidecarMain open = parse("--port", "0", "--redis-url", "memory:", "--dev-random-key",
                "--insecure-no-shared-secret");
        try (SidecarMain.Running running = open.start()) {
            HttpResponse<String> unmask = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + running.sidecar().port() + "/v1/unmask"))
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unmask.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void limitsComeFromFlagsAndTheEnvironmentDefaults() {
        SidecarMain main = parse("--shared-secret", "s", "--max-identifiers", "123", "--idle-timeout", "90s",
                "--request-timeout", "2s");
        assertThat(main.sidecarConfig().maxIdentifiers()).isEqualTo(123);
        assertThat(main.sidecarConfig().idleTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(main.sidecarConfig().requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        SidecarMain defaults = parse("--shared-secret", "s");
        assertThat(defaults.sidecarConfig().maxIdentifiers()).isEqualTo(5000);
        assertThat(defaults.sidecarConfig().idleTimeout()).isEqualTo(Duration.ofSeconds(75));
        Result bad = run("--dev-random-key", "--redis-url", "memory:", "--shared-secret", "s", "--max-identifiers", "0");
        assertThat(bad.code()).isEqualTo(64);
        assertThat(bad.err()).contains("--max-identifiers");
        assertThat(run("--help").out()).contains("--max-identifiers", "KCS_MASKING_MAX_IDENTIFIERS", "--idle-timeout",
                "--request-timeout", "--insecure-no-shared-secret");
    }

    @Test
    void startsOnTheGivenPortWithTheInMemoryStore() throws Exception {
        SidecarMain main = parse("--port", "0", "--redis-url", "memory:", "--dev-random-key", "--shared-secret", "s");
        try (SidecarMain.Running running = main.start()) {
            HttpClient client = HttpClient.newHttpClient();
            int port = running.sidecar().port();
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> unauthorized = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v1/mask")).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unauthorized.statusCode()).isEqualTo(401);
        }
    }
}
