package io.catalogsync.masking.http;

import java.time.Duration;
import java.util.Objects;

/**
 * HTTP settings of the sidecar. {@link #toString()} hides the shared secret.
 *
 * @param host          address to bind (127.0.0.1 by default: the sidecar sits beside Kong in the same pod)
 * @param port          TCP port (0 picks a free one, for tests)
 * @param maxBodyBytes  request bodies above this get 413
 * @param sharedSecret  when not null, /v1/* require it in {@value SidecarVerticle#SECRET_HEADER}
 * @param ttl           lifetime of a token mapping in the store, refreshed whenever the token is minted again
 * @param readyTimeout  /readyz fails when the store does not answer PING within this
 * @param cpuThreads    worker threads for JSON parsing, scanning and rewriting (off the event loop)
 */
public record SidecarConfig(String host, int port, long maxBodyBytes, String sharedSecret, Duration ttl,
        Duration readyTimeout, int cpuThreads) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8085;
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(604800);
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(1);

    public SidecarConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("max body must be at least 1 byte, got " + maxBodyBytes);
        }
        if (sharedSecret != null && sharedSecret.isEmpty()) {
            throw new IllegalArgumentException("shared secret must not be empty when set");
        }
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.toSeconds() < 1) {
            throw new IllegalArgumentException("ttl must be at least 1 second, got " + ttl);
        }
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        if (readyTimeout.isZero() || readyTimeout.isNegative()) {
            throw new IllegalArgumentException("ready timeout must be positive, got " + readyTimeout);
        }
        if (cpuThreads < 1) {
            throw new IllegalArgumentException("cpu threads must be at least 1, got " + cpuThreads);
        }
    }

    public static SidecarConfig defaults() {
        return new SidecarConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, null, DEFAULT_TTL,
                DEFAULT_READY_TIMEOUT, Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    public SidecarConfig withPort(int newPort) {
        return new SidecarConfig(host, newPort, maxBodyBytes, sharedSecret, ttl, readyTimeout, cpuThreads);
    }

    public SidecarConfig withHost(String newHost) {
        return new SidecarConfig(newHost, port, maxBodyBytes, sharedSecret, ttl, readyTimeout, cpuThreads);
    }

    public SidecarConfig withSharedSecret(String secret) {
        return new SidecarConfig(host, port, maxBodyBytes, secret, ttl, readyTimeout, cpuThreads);
    }

    public SidecarConfig withMaxBodyBytes(long max) {
        return new SidecarConfig(host, port, max, sharedSecret, ttl, readyTimeout, cpuThreads);
    }

    public SidecarConfig withTtl(Duration newTtl) {
        return new SidecarConfig(host, port, maxBodyBytes, sharedSecret, newTtl, readyTimeout, cpuThreads);
    }

    @Override
    public String toString() {
        return "SidecarConfig[host=" + host + ", port=" + port + ", maxBodyBytes=" + maxBodyBytes
                + ", sharedSecret=" + (sharedSecret == null ? "<none>" : "****") + ", ttl=" + ttl
                + ", readyTimeout=" + readyTimeout + ", cpuThreads=" + cpuThreads + "]";
    }
}
