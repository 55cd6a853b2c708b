package io.catalogsync.daemon;

import java.time.Duration;
import java.util.Objects;

/**
 * How the daemon runs (the reconcile itself is configured by the engine's settings).
 *
 * @param schedule        interval, jitter and backoff cap
 * @param bindHost        address the HTTP server binds ({@code 0.0.0.0} in a pod, {@code 127.0.0.1} in tests)
 * @param httpPort        port of /healthz, /readyz, /metrics, /status and POST /sync; 0 picks a free one
 * @param readyIntervals  /readyz answers 200 while a cycle synced within this many intervals
 * @param shutdownTimeout on SIGTERM, how long the cycle in flight may take to finish
 * @param dryRun          never write to Kong (plan every cycle)
 * @param identity        this replica's name: the lease holder identity, shown on /status
 * @param lease           leader election, or null to write from this replica unconditionally
 */
public record DaemonOptions(SyncSchedule schedule, String bindHost, int httpPort, int readyIntervals,
                            Duration shutdownTimeout, boolean dryRun, String identity, LeaseConfig lease) {

    public static final String DEFAULT_BIND_HOST = "0.0.0.0";
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_READY_INTERVALS = 3;
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);

    public DaemonOptions {
        Objects.requireNonNull(schedule, "schedule");
        if (bindHost == null || bindHost.isBlank()) {
            throw new IllegalArgumentException("--http-host: empty");
        }
        if (httpPort < 0 || httpPort > 65_535) {
            throw new IllegalArgumentException("--http-port must be 0..65535, was " + httpPort);
        }
        if (readyIntervals < 1 || readyIntervals > 1_000) {
            throw new IllegalArgumentException("--ready-intervals must be 1..1000, was " + readyIntervals);
        }
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("--shutdown-timeout must not be negative");
        }
        if (identity == null || identity.isBlank()) {
            throw new IllegalArgumentException("identity: empty");
        }
        if (lease != null && !lease.identity().equals(identity)) {
            throw new IllegalArgumentException("lease identity '" + lease.identity() + "' differs from identity '"
                    + identity + "'");
        }
    }
}
