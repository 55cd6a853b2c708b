package io.catalogsync.masking.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catalogsync.masking.testsupport.ExternalTools;
import io.catalogsync.masking.testsupport.FreePorts;
import io.catalogsync.masking.testsupport.RedisExtension;
import io.catalogsync.masking.testsupport.RedisServerProcess;
import io.catalogsync.masking.testsupport.TempDirs;
import io.catalogsync.masking.testsupport.TlsFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** AUTH (requirepass and ACL users) and TLS (rediss://) against real redis-server processes. */
class RedisAuthTlsStoreTest {

    private static final String PASSWORD = "Pa55-word-never-logged";
    private static final Map<String, String> ONE = Map.of("[[AWS:IPV4:0000000000000001]]", "203.0.113.1");

    private static void roundTrip(RedisStoreOptions options) throws Exception {
        try (MappingStore store = MappingStores.create(options)) {
            assertThat(StandaloneRedisStoreTest.get(store.putAll(ONE, Duration.ofMinutes(1))).collisions()).isEmpty();
            assertThat(StandaloneRedisStoreTest.get(store.getAll(ONE.keySet()))).isEqualTo(ONE);
        }
    }

    private static StoreUnavailableException failure(RedisStoreOptions options) {
        try (MappingStore store = MappingStores.create(options)) {
            try {
                StandaloneRedisStoreTest.get(store.putAll(ONE, Duration.ofMinutes(1)));
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(StoreUnavailableException.class);
                return (StoreUnavailableException) e.getCause();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            throw new AssertionError("expected the store call to fail");
        }
    }

    @Test
    void requirepassAndAclUsers() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start(RedisExtension.redisServerOrSkip(),
                "--requirepass", PASSWORD)) {
            String url = "redis://127.0.0.1:" + redis.port();
            roundTrip(RedisStoreOptions.fromUrl("redis://" + PASSWORD + "@127.0.0.1:" + redis.port()).build());
            roundTrip(RedisStoreOptions.fromUrl(url).password(PASSWORD).build());

            // Generous connect timeouts: the refusal comes at once, but on a loaded machine a 1 s bound can expire
            // first and report "not connected" instead of Redis' own NOAUTH.
            // Every attempt without the password fails as "store unavailable" (fail secure). Under CPU load Lettuce
            // can lose a race in its own handshake ("RedisHandshakeHandler not registered") before Redis' answer is
            // read, so Redis' NOAUTH must show in the message of one of three fresh attempts, not necessarily the
            // first: a store that dropped the cause would fail all three.
            List<String> noAuthMessages = new ArrayList<>();
            for (int attempt = 0; attempt < 3; attempt++) {
                String m = failure(RedisStoreOptions.fromUrl(url).connectTimeout(Duration.ofSeconds(5)).build())
                        .getMessage();
                noAuthMessages.add(m);
                if (m.contains("NOAUTH")) {
                    break;
                }
            }
            assertThat(noAuthMessages).anySatisfy(m -> assertThat(m).contains("NOAUTH"));
            StoreUnavailableException wrong = failure(RedisStoreOptions.fromUrl(url).password("wrong-" + PASSWORD)
                    .connectTimeout(Duration.ofSeconds(5)).build());
            assertThat(wrong.getMessage()).doesNotContain(PASSWORD);

            // an ACL user limited to the sidecar's key prefix (as an ElastiCache RBAC user would be)
            Path cli = ExternalTools.find("redis-cli", "/usr/bin/redis-cli").orElse(null);
            Assumptions.assumeTrue(cli != null, "redis-cli is needed to create the ACL user");
            Process acl = new ProcessBuilder(cli.toString(), "-p", Integer.toString(redis.port()), "--no-auth-warning",
                    "-a", PASSWORD, "ACL", "SETUSER", "masker", "on", ">masker-secret", "~kcs:mask:*", "+@connection",
                    "+set", "+get", "+expire")
                    .redirectErrorStream(true).start();
            String aclOut = new String(acl.getInputStream().readAllBytes());
            acl.waitFor();
            assertThat(aclOut.trim()).isEqualTo("OK");
            roundTrip(RedisStoreOptions.fromUrl("redis://masker:masker-secret@127.0.0.1:" + redis.port()).build());
            StoreUnavailableException outsidePrefix = failure(RedisStoreOptions
                    .fromUrl("redis://masker:masker-secret@127.0.0.1:" + redis.port()).keyPrefix("other:").build());
            assertThat(outsidePrefix.kind()).isEqualTo(StoreUnavailableException.Kind.COMMAND);
            assertThat(outsidePrefix.getMessage()).contains("NOPERM").doesNotContain("masker-secret");
        }
    }

    /** A TLS redis-server, or skips: a redis-server built without TLS refuses the --tls-* options. */
    private static RedisServerProcess startTlsOrSkip(Path server, TlsFiles tls, List<String> args) {
        try {
            return RedisServerProcess.startOnFreePort(server, true, args, FreePorts::free);
        } catch (IllegalStateException e) {
            TempDirs.deleteQuietly(tls.dir());
            Assumptions.assumeTrue(false, "this redis-server has no TLS support: " + e.getMessage());
            throw e;
        }
    }

    @Test
    void tlsWithCustomCaAndEachVerifyMode() throws Exception {
        Path server = RedisExtension.redisServerOrSkip();
        Path openssl = ExternalTools.find("openssl", "/usr/bin/openssl").orElse(null);
        Assumptions.assumeTrue(openssl != null, "openssl is needed to make test certificates");
        TlsFiles tls = TlsFiles.generate(openssl);
        RedisServerProcess redis = startTlsOrSkip(server, tls, tls.redisArgs());
        try {
            String url = "rediss://127.0.0.1:" + redis.port();
            roundTrip(RedisStoreOptions.fromUrl(url).caFile(tls.caCert()).build());
            roundTrip(RedisStoreOptions.fromUrl(url).caFile(tls.caCert()).tlsVerify(RedisStoreOptions.TlsVerify.CA)
                    .build());
            roundTrip(RedisStoreOptions.fromUrl(url).tlsVerify(RedisStoreOptions.TlsVerify.NONE).build());

            StoreUnavailableException untrusted = failure(RedisStoreOptions.fromUrl(url).caFile(tls.otherCaCert())
                    .connectTimeout(Duration.ofSeconds(2)).build());
            assertThat(untrusted.kind()).isEqualTo(StoreUnavailableException.Kind.CONNECTION);
            StoreUnavailableException jvmTrust = failure(RedisStoreOptions.fromUrl(url)
                    .connectTimeout(Duration.ofSeconds(2)).build());
            assertThat(jvmTrust.kind()).isEqualTo(StoreUnavailableException.Kind.CONNECTION);
            // plain TCP against the TLS port does not get through either
            assertThat(failure(RedisStoreOptions.fromUrl("redis://127.0.0.1:" + redis.port())
                    .connectTimeout(Duration.ofSeconds(1)).commandTimeout(Duration.ofSeconds(1)).build()))
                    .isNotNull();
        } finally {
            redis.close();
            TempDirs.deleteQuietly(tls.dir());
        }
    }

    @Test
    void tlsWithPasswordTogether() throws Exception {
        Path server = RedisExtension.redisServerOrSkip();
        Path openssl = ExternalTools.find("openssl", "/usr/bin/openssl").orElse(null);
        Assumptions.assumeTrue(openssl != null, "openssl is needed to make test certificates");
        TlsFiles tls = TlsFiles.generate(openssl);
        List<String> args = new java.util.ArrayList<>(tls.redisArgs());
        args.addAll(List.of("--requirepass", PASSWORD));
        try (RedisServerProcess redis = startTlsOrSkip(server, tls, args)) {
            roundTrip(RedisStoreOptions.fromUrl("rediss://:" + PASSWORD + "@127.0.0.1:" + redis.port())
                    .caFile(tls.caCert()).build());
            assertThatThrownBy(() -> RedisStoreOptions.fromUrl("rediss://127.0.0.1:" + redis.port())
                    .caFile(tls.caCert()).username("someone").build()).hasMessageContaining("without a password");
        } finally {
            TempDirs.deleteQuietly(tls.dir());
        }
    }
}
