package io.catalogsync.masking;

import io.catalogsync.masking.http.JvmMeters;
import io.catalogsync.masking.http.Sidecar;
import io.catalogsync.masking.http.SidecarConfig;
import io.catalogsync.masking.store.MappingStore;
import io.catalogsync.masking.store.MappingStores;
import io.catalogsync.masking.store.RedisStoreOptions;
import io.catalogsync.masking.token.TokenMinter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scripts/masking-sidecar}: runs the masking sidecar until SIGTERM. */
@Command(name = "masking-sidecar", mixinStandardHelpOptions = true, version = "kong-catalog-sync masking sidecar",
        exitCodeOnInvalidInput = SidecarMain.EXIT_USAGE,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM/SIGINT", "1:could not start (port in use, bad TLS files, ...)",
                "64:invalid flags or settings"},
        description = {"Masks AWS identifiers in request bodies (any JSON, or text) for the Kong pre-function hook.",
                "Secrets are best given through the environment: flags show up in the process list."})
public final class SidecarMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SidecarMain.class);
    static final int EXIT_USAGE = 64;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", defaultValue = SidecarConfig.DEFAULT_HOST,
            description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8085", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--redis-url", defaultValue = "${env:KCS_MASKING_REDIS_URL:-redis://127.0.0.1:6379}",
            description = {"redis://[user:pass@]host:port[/db], rediss://... (TLS), "
                    + "redis-cluster://host:port,host:port, rediss-cluster://..., or memory: (demo only).",
                    "Env KCS_MASKING_REDIS_URL. Default: redis://127.0.0.1:6379"},
            showDefaultValue = Visibility.NEVER)
    String redisUrl;

    @Option(names = "--redis-cluster", description = "Treat the hosts of a redis:// or rediss:// URL as cluster "
            + "seed nodes (ElastiCache cluster mode enabled).")
    boolean redisCluster;

    @Option(names = "--redis-username", defaultValue = "${env:KCS_MASKING_REDIS_USERNAME}",
            description = "ACL user (env KCS_MASKING_REDIS_USERNAME); overrides the URL's.",
            showDefaultValue = Visibility.NEVER)
    String redisUsername;

    @Option(names = "--redis-password", defaultValue = "${env:KCS_MASKING_REDIS_PASSWORD}",
            description = "AUTH password or ElastiCache AUTH token (env KCS_MASKING_REDIS_PASSWORD); overrides "
                    + "the URL's.", showDefaultValue = Visibility.NEVER)
    String redisPassword;

    @Option(names = "--redis-tls-verify", defaultValue = "full",
            description = "TLS peer check for rediss://: full (chain and host name), ca (chain only), none. "
                    + "Default: ${DEFAULT-VALUE}.")
    String redisTlsVerify;

    @Option(names = "--redis-ca-file", description = "PEM file of the CA(s) to trust for rediss:// instead of "
            + "the JVM trust store.")
    Path redisCaFile;

    @Option(names = "--redis-command-timeout", defaultValue = "2s",
            description = "Redis command timeout, e.g. 500ms, 2s (default: ${DEFAULT-VALUE}).")
    String redisCommandTimeout;

    @Option(names = "--redis-connect-timeout", defaultValue = "2s",
            description = "Redis connect timeout (default: ${DEFAULT-VALUE}).")
    String redisConnectTimeout;

    @Option(names = "--redis-reconnect-max-delay", defaultValue = "2s",
            description = "Longest pause between reconnect attempts (default: ${DEFAULT-VALUE}).")
    String redisReconnectMaxDelay;

    @Option(names = "--redis-key-prefix", defaultValue = RedisStoreOptions.DEFAULT_KEY_PREFIX,
            description = "Prefix of the mapping keys (default: ${DEFAULT-VALUE}).")
    String redisKeyPrefix;

    @Option(names = "--hmac-key-file", description = "File holding the token HMAC key (at least 16 bytes; "
            + "trailing newline ignored). Else env KCS_MASKING_HMAC_KEY. Every replica needs the same key.")
    Path hmacKeyFile;

    @Option(names = "--dev-random-key", description = "Use a random HMAC key (demo only: tokens change on "
            + "restart and differ between replicas).")
    boolean devRandomKey;

    @Option(names = "--shared-secret", defaultValue = "${env:KCS_MASKING_SHARED_SECRET}",
            description = "Required: /v1/mask and /v1/unmask refuse requests without this value in the "
                    + "X-KCS-Masking-Secret header (env KCS_MASKING_SHARED_SECRET; the Kong hook sends it).",
            showDefaultValue = Visibility.NEVER)
    String sharedSecret;

    @Option(names = "--insecure-no-shared-secret", description = "Run without a shared secret (local demos only): "
            + "then anything that reaches the port can mask, and unmask any token minted within the TTL.")
    boolean insecureNoSharedSecret;

    @Option(names = "--max-identifiers", defaultValue = "${env:KCS_MASKING_MAX_IDENTIFIERS:-5000}",
            description = "A body with more distinct identifiers gets 413 and nothing is stored "
                    + "(env KCS_MASKING_MAX_IDENTIFIERS; default: 5000).", showDefaultValue = Visibility.NEVER)
    String maxIdentifiers;

    @Option(names = "--idle-timeout", defaultValue = "75s",
            description = "Close a connection with no traffic for this long; keep it above the hook's 60 s "
                    + "keep-alive (default: ${DEFAULT-VALUE}).")
    String idleTimeout;

    @Option(names = "--request-timeout", defaultValue = "10s",
            description = "Answer 408 and close the connection when a request body has not arrived whole this long "
                    + "after its headers (default: ${DEFAULT-VALUE}).")
    String requestTimeout;

    @Option(names = "--ttl", defaultValue = "604800s",
            description = "Lifetime of a token mapping, refreshed when minted again (default: 604800s = 7d).")
    String ttl;

    @Option(names = "--max-body", defaultValue = "1m",
            description = "Largest request body, bytes or with k/m suffix; larger gets 413 (default: 1m).")
    String maxBody;

    @Option(names = "--ready-timeout", defaultValue = "1s",
            description = "/readyz fails when Redis does not answer PING within this (default: ${DEFAULT-VALUE}).")
    String readyTimeout;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: bad settings exit with 64 and a message naming the flag. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SidecarMain());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("masking-sidecar: " + e.getMessage());
            commandLine.getErr().flush();
            return e instanceof IllegalArgumentException ? EXIT_USAGE : 1;
        });
        return cli;
    }

    /** Settings from the flags; throws IllegalArgumentException naming the bad flag. */
    RedisStoreOptions storeOptions() {
        String url = redisUrl;
        if (redisCluster) {
            String lower = url.trim().toLowerCase(Locale.ROOT);
            if (lower.startsWith("redis://")) {
                url = "redis-cluster://" + url.trim().substring("redis://".length());
            } else if (lower.startsWith("rediss://")) {
                url = "rediss-cluster://" + url.trim().substring("rediss://".length());
            } else if (!lower.startsWith("redis-cluster://") && !lower.startsWith("rediss-cluster://")) {
                throw new IllegalArgumentException("--redis-cluster needs a redis:// or rediss:// URL");
            }
        }
        RedisStoreOptions.Builder b = RedisStoreOptions.fromUrl(url);
        if (redisUsername != null && !redisUsername.isEmpty()) {
            b.username(redisUsername);
        }
        if (redisPassword != null && !redisPassword.isEmpty()) {
            b.password(redisPassword);
        }
        b.tlsVerify(RedisStoreOptions.TlsVerify.parse(redisTlsVerify));
        if (redisCaFile != null) {
            if (!Files.isReadable(redisCaFile)) {
                throw new IllegalArgumentException("--redis-ca-file " + redisCaFile + " is not readable");
            }
            b.caFile(redisCaFile);
        }
        b.commandTimeout(duration("--redis-command-timeout", redisCommandTimeout));
        b.connectTimeout(duration("--redis-connect-timeout", redisConnectTimeout));
        b.reconnectMaxDelay(duration("--redis-reconnect-max-delay", redisReconnectMaxDelay));
        b.keyPrefix(redisKeyPrefix);
        return b.build();
    }

    /**
     * The HTTP settings. A shared secret is required unless {@code --insecure-no-shared-secret} says otherwise:
     * without one, {@code /v1/unmask} restores any token minted within the TTL for whoever reaches the port.
     */
    SidecarConfig sidecarConfig() {
        long maxBodyBytes = size("--max-body", maxBody);
        Duration ttlValue = duration("--ttl", ttl);
        Duration ready = duration("--ready-timeout", readyTimeout);
        int identifiers = count("--max-identifiers", maxIdentifiers);
        Duration idle = duration("--idle-timeout", idleTimeout);
        Duration request = duration("--request-timeout", requestTimeout);
        boolean hasSecret = sharedSecret != null && !sharedSecret.isEmpty();
        if (hasSecret && insecureNoSharedSecret) {
            throw new IllegalArgumentException("--shared-secret (or KCS_MASKING_SHARED_SECRET) and "
                    + "--insecure-no-shared-secret exclude each other");
        }
        if (!hasSecret && !insecureNoSharedSecret) {
            throw new IllegalArgumentException("a shared secret is required: --shared-secret or env "
                    + "KCS_MASKING_SHARED_SECRET, the value the Kong hook sends (or --insecure-no-shared-secret for a "
                    + "local demo: /v1/unmask then restores any token for anyone who reaches the port)");
        }
        if (!hasSecret) {
            LOG.warn("--insecure-no-shared-secret: /v1/mask and /v1/unmask are open to anything that reaches "
                    + "{}:{}", host, port);
        }
        return new SidecarConfig(host, port, maxBodyBytes, hasSecret ? sharedSecret : null, ttlValue, ready,
                Math.max(2, Runtime.getRuntime().availableProcessors()), identifiers, idle, request);
    }

    byte[] hmacKey() {
        if (devRandomKey) {
            if (hmacKeyFile != null) {
                throw new IllegalArgumentException("--dev-random-key and --hmac-key-file exclude each other");
            }
            LOG.warn("--dev-random-key: tokens change on restart and differ between replicas; demo use only");
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return key;
        }
        byte[] key;
        String source;
        if (hmacKeyFile != null) {
            try {
                key = trimTrailingWhitespace(Files.readAllBytes(hmacKeyFile));
            } catch (IOException e) {
                throw new IllegalArgumentException("--hmac-key-file " + hmacKeyFile + " cannot be read: "
                        + e.getClass().getSimpleName());
            }
            source = "--hmac-key-file";
        } else {
            String env = System.getenv("KCS_MASKING_HMAC_KEY");
            if (env == null || env.isEmpty()) {
                throw new IllegalArgumentException("an HMAC key is required: --hmac-key-file FILE or env "
                        + "KCS_MASKING_HMAC_KEY (or --dev-random-key for a demo)");
            }
            key = env.getBytes(StandardCharsets.UTF_8);
            source = "KCS_MASKING_HMAC_KEY";
        }
        if (key.length < 16) {
            throw new IllegalArgumentException(source + ": the HMAC key must be at least 16 bytes, got "
                    + key.length + " (e.g. openssl rand -hex 32)");
        }
        return key;
    }

    /** A started sidecar with everything it owns; {@link #close()} stops it. */
    record Running(Vertx vertx, Sidecar sidecar, JvmMeters jvmMeters) implements AutoCloseable {
        @Override
        public void close() {
            try {
                // One after the other from this thread: a future chained onto a Vert.x that is closing itself
                // may never be completed.
                sidecar.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("shutdown did not finish cleanly: {}", e.getClass().getSimpleName());
            } finally {
                jvmMeters.close();
            }
        }
    }

    /** Validates the settings and starts the sidecar; IllegalArgumentException names a bad flag. */
    Running start() throws Exception {
        RedisStoreOptions storeOptions = storeOptions();
        SidecarConfig config = sidecarConfig();
        byte[] key = hmacKey();
        TokenMinter minter = new TokenMinter(key);
        Arrays.fill(key, (byte) 0);

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmMeters jvmMeters = new JvmMeters(registry);
        LOG.info("store settings: {}", storeOptions);
        MappingStore store = MappingStores.create(storeOptions);
        Vertx vertx = Vertx.vertx();
        try {
            Sidecar sidecar = Sidecar.start(vertx, config, store, minter, registry)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            sidecar.store().ping().whenComplete((v, e) -> {
                if (e != null) {
                    LOG.warn("store does not answer yet; /readyz reports 503 and requests fail secure until it does");
                }
            });
            return new Running(vertx, sidecar, jvmMeters);
        } catch (Exception e) {
            vertx.close();
            jvmMeters.close();
            throw new StartupException("could not start: " + rootMessage(e), e);
        }
    }

    /** Start-up failed for a reason other than the flags (port in use, unreadable TLS files, ...). */
    static final class StartupException extends Exception {
        StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public Integer call() throws Exception {
        Running running;
        try {
            running = start();
        } catch (StartupException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("masking-sidecar: " + e.getMessage());
            err.flush();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down");
            running.close();
            stopped.countDown();
        }, "kcs-masking-shutdown"));
        stopped.await();
        return 0;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    private static byte[] trimTrailingWhitespace(byte[] bytes) {
        int n = bytes.length;
        while (n > 0 && (bytes[n - 1] == '\n' || bytes[n - 1] == '\r' || bytes[n - 1] == ' '
                || bytes[n - 1] == '\t')) {
            n--;
        }
        return Arrays.copyOf(bytes, n);
    }

    /** {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 7d}, or plain seconds. */
    static Duration duration(String flag, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.replaceAll("[smhd]$", ""));
            return switch (v.charAt(v.length() - 1)) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(flag + " must be a duration like 500ms, 2s, 5m, 7d; got '" + value
                    + "'");
        }
    }

    /** A whole number of at least 1. */
    static int count(String flag, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be a whole number of at least 1; got '" + value + "'");
    }

    /** Bytes, or with a k/m suffix (binary: 1m = 1048576). */
    static long size(String flag, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("k")) {
                return Long.parseLong(v.substring(0, v.length() - 1)) * 1024;
            }
            if (v.endsWith("m")) {
                return Long.parseLong(v.substring(0, v.length() - 1)) * 1024 * 1024;
            }
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a size like 1048576, 512k, 1m; got '" + value + "'");
        }
    }
}
