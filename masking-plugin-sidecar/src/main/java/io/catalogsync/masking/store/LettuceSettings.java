package io.catalogsync.masking.store;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Translates {@link RedisStoreOptions} into the Lettuce objects both modes need. */
final class LettuceSettings {

    private static final Duration FIRST_RECONNECT_DELAY = Duration.ofMillis(50);

    private LettuceSettings() {
    }

    static RedisURI uri(RedisStoreOptions options, RedisStoreOptions.Endpoint endpoint) {
        RedisURI.Builder b = RedisURI.Builder.redis(endpoint.host(), endpoint.port())
                .withSsl(options.tls())
                .withTimeout(options.commandTimeout())
                .withClientName("kcs-masking-sidecar");
        if (options.tls()) {
            b.withVerifyPeer(switch (options.tlsVerify()) {
                case FULL -> SslVerifyMode.FULL;
                case CA -> SslVerifyMode.CA;
                case NONE -> SslVerifyMode.NONE;
            });
        }
        if (options.database() != 0) {
            b.withDatabase(options.database());
        }
        if (options.password() != null) {
            if (options.username() != null) {
                b.withAuthentication(options.username(), options.password());
            } else {
                b.withPassword(options.password().toCharArray());
            }
        }
        return b.build();
    }

    static SocketOptions socketOptions(RedisStoreOptions options) {
        return SocketOptions.builder().connectTimeout(options.connectTimeout()).keepAlive(true).build();
    }

    static TimeoutOptions timeoutOptions(RedisStoreOptions options) {
        return TimeoutOptions.enabled(options.commandTimeout());
    }

    /** The CA file, when given, replaces the JVM trust store; without TLS there is nothing to set. */
    static SslOptions sslOptions(RedisStoreOptions options) {
        SslOptions.Builder b = SslOptions.builder().jdkSslProvider().handshakeTimeout(options.connectTimeout());
        if (options.caFile() != null) {
            b.trustManager(options.caFile().toFile());
        }
        return b.build();
    }

    /** Reconnects start fast and back off up to the configured bound, so a restarted Redis is found quickly. */
    static ClientResources resources(RedisStoreOptions options) {
        return ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(FIRST_RECONNECT_DELAY, options.reconnectMaxDelay(), 2,
                        TimeUnit.MILLISECONDS))
                .build();
    }
}
