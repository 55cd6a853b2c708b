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
 * @param maxIdentifiers  a request holding more distinct identifiers gets 413 and nothing is stored: one body
 *                      must not be able to fill the store with mappings kept for the TTL
 * @param idleTimeout   a connection with no byte in or out for this long is closed (idle keep-alive connections
 *                      and half-sent requests alike)
 * @param requestTimeout  a request whose body has not arrived whole this long after its headers is answered 408
 *                      and its connection closed (a body trickling in a byte at a time defeats the idle timeout)
 */
public record SidecarConfig(String host, int port, long maxBodyBytes, String sharedSecret, Duration ttl,
        Duration readyTimeout, int cpuThreads, int maxIdentifiers, Duration idleTimeout, Duration requestTimeout) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8085;
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(604800);
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(1);
    /**
     * Far above a real conversation (the 8 KiB bodies of the benchmark hold 20), far below the ~76,000 distinct IPs
     * a 1 MiB body can hold: at about 200 bytes of Redis memory per mapping, one request stores at most ~1 MB.
     */
    public static final int DEFAULT_MAX_IDENTIFIERS = 5000;
    /**
     * Longer than the 60 s for which the Kong hook keeps an idle connection in its pool ({@code setkeepalive(60000)}
     * in masking-hook.lua): nginx then always closes a pooled connection first, and never reuses one the sidecar
     * is closing at the same instant.
     */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(75);
    /** The hook sends a whole body of at most 1 MiB over loopback at once; ten seconds is generous. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

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
        if (maxIdentifiers < 1) {
            throw new IllegalArgumentException("max identifiers must be at least 1, got " + maxIdentifiers);
        }
        requirePositive("idle timeout", idleTimeout);
        requirePositive("request timeout", requestTimeout);
    }

    private static void requirePositive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.toMillis() < 1) {
            throw new IllegalArgumentException(what + " must be at least 1 ms, got " + d);
        }
    }

    public static SidecarConfig defaults() {
        return new SidecarConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, null, DEFAULT_TTL,
                DEFAULT_READY_TIMEOUT, Math.max(2, Runtime.getRuntime().availableProcessors()),
                DEFAULT_MAX_IDENTIFIERS, DEFAULT_IDLE_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    public SidecarConfig withPort(int newPort) {
        return new SidecarConfig(host, newPort, maxBodyBytes, sharedSecret, ttl, readyTimeout, cpuThreads,
                maxIdentifiers, idleTimeout, requestTimeout);
    }

    public SidecarConfig withHost(String newHost) {
        return new SidecarConfig(newHost, port, maxBodyBytes, sharedSecret, ttl, readyTimeout, cpuThreads,
                maxIdentifiers, idleTimeout, requestTimeout);
    }

    public SidecarConfig withSharedSecret(String secret) {
        return new SidecarConfig(host, port, maxBodyBytes, secret, ttl, readyTimeout, cpuThreads,
                maxIdentifiers, idleTimeout, requestTimeout);
    }

    public SidecarConfig withMaxBodyBytes(long max) {
        return new SidecarConfig(host, port, max, sharedSecret, ttl, readyTimeout, cpuThreads,
                maxIdentifiers, idleTimeout, requestTimeout);
    }

    public SidecarConfig withTtl(Duration newTtl) {
        return new SidecarConfig(host, port, maxBodyBytes, sharedSecret, newTtl, readyTimeout, cpuThreads,
                maxIdentifiers, idleTimeout, requestTimeout);
    }

    public SidecarConfig withMaxIdentifiers(int max) {
        return new SidecarConfig(host, port, maxBodyBytes, sharedSecret, ttl, readyTimeout, cpuThreads,
                max, idleTimeout, requestTimeout);
    }

    public SidecarConfig withIdleTimeout(Duration timeout) {
        return new SidecarConfig(host, port, maxBodyBytes, sharedSecret, ttl, readyTimeout, cpuThreads,
                maxIdentifiers, timeout, requestTimeout);
    }

    public SidecarConfig withRequestTimeout(Duration timeout) {
        return new SidecarConfig(host, port, maxBodyBytes, sharedSecret, ttl, readyTimeout, cpuThreads,
                maxIdentifiers, idleTimeout, timeout);
    }

    @Override
    public String toString() {
        return "SidecarConfig[host=" + host + ", port=" + port + ", maxBodyBytes=" + maxBodyBytes
                + ", sharedSecret=" + (sharedSecret == null ? "<none>" : "****") + ", ttl=" + ttl
                + ", readyTimeout=" + readyTimeout + ", cpuThreads=" + cpuThreads + ", maxIdentifiers=" + maxIdentifiers
                + ", idleTimeout=" + idleTimeout + ", requestTimeout=" + requestTimeout + "]";
    }
}
