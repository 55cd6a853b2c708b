package io.catalogsync.cli;

import picocli.CommandLine.Option;

/**
 * The daemon's flags on {@code run} (without {@code --once}). Values are kept as text and resolved with the other
 * layers by {@link DaemonMode}; docs/operations-daemon.md lists every one with its variable and config key.
 */
public final class DaemonFlags {

    @Option(names = "--sync-interval", paramLabel = "DURATION",
            description = "Time between cycles, e.g. 30s (default: 30s; env: KCS_SYNC_INTERVAL, SYNC_INTERVAL).")
    String syncInterval;

    @Option(names = "--sync-jitter", paramLabel = "FRACTION",
            description = "Random share of each delay added or removed, 0..0.5 (default: 0.1; env: KCS_SYNC_JITTER).")
    String syncJitter;

    @Option(names = "--backoff-max", paramLabel = "DURATION",
            description = "Longest wait after failed cycles (default: 5m; env: KCS_BACKOFF_MAX).")
    String backoffMax;

    @Option(names = "--http-host", paramLabel = "ADDRESS",
            description = "Address of the HTTP port (default: 0.0.0.0; env: KCS_HTTP_HOST).")
    String httpHost;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Port of /healthz, /readyz, /metrics, /status and POST /sync (default: 8080; env: KCS_HTTP_PORT).")
    String httpPort;

    @Option(names = "--metrics-addr", paramLabel = "[HOST]:PORT",
            description = "Alias of --http-host/--http-port, as the replaced deployment spelled it (e.g. :8080).")
    String metricsAddr;

    @Option(names = "--health-addr", paramLabel = "[HOST]:PORT",
            description = "Alias of --http-host/--http-port: health and metrics share one port.")
    String healthAddr;

    @Option(names = "--ready-intervals", paramLabel = "N",
            description = "/readyz is 200 while a cycle synced within N intervals (default: 3; env: KCS_READY_INTERVALS).")
    String readyIntervals;

    @Option(names = "--shutdown-timeout", paramLabel = "DURATION",
            description = "On SIGTERM, how long the cycle in flight may take (default: 20s; env: KCS_SHUTDOWN_TIMEOUT).")
    String shutdownTimeout;

    @Option(names = "--audit-log", paramLabel = "FILE|-",
            description = "Append one JSON line per write (entity, operation, fields before and after, Kong's "
                    + "answer; secrets redacted) to FILE, or stderr for - (env: KCS_AUDIT_LOG). Off by default.")
    String auditLog;

    @Option(names = "--log-format", paramLabel = "text|json",
            description = "Log format on stderr (default: text; env: KCS_LOG_FORMAT).")
    String logFormat;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "TRACE, DEBUG, INFO, WARN or ERROR (default: INFO; env: KCS_LOG_LEVEL).")
    String logLevel;

    @Option(names = "--leader-elect", arity = "0..1", paramLabel = "BOOL",
            description = "Elect a leader on a Kubernetes Lease; only the leader writes (env: KCS_LEADER_ELECT).")
    Boolean leaderElect;

    @Option(names = "--lease-name", paramLabel = "NAME",
            description = "The Lease (default: kong-catalog-sync; env: KCS_LEASE_NAME).")
    String leaseName;

    @Option(names = "--lease-namespace", paramLabel = "NAMESPACE",
            description = "Namespace of the Lease (default: the pod's; env: KCS_LEASE_NAMESPACE, POD_NAMESPACE).")
    String leaseNamespace;

    @Option(names = "--leader-identity", paramLabel = "NAME",
            description = "This replica's identity (default: the host name; env: KCS_LEADER_IDENTITY, POD_NAME, HOSTNAME).")
    String leaderIdentity;

    @Option(names = "--lease-duration", paramLabel = "DURATION",
            description = "How long others wait for a vanished leader (default: 15s; env: KCS_LEASE_DURATION).")
    String leaseDuration;

    @Option(names = "--lease-renew-deadline", paramLabel = "DURATION",
            description = "Leader stops writing when it could not renew for this long (default: 10s; "
                    + "env: KCS_LEASE_RENEW_DEADLINE).")
    String leaseRenewDeadline;

    @Option(names = "--lease-retry-period", paramLabel = "DURATION",
            description = "How often to try to acquire or renew (default: 2s; env: KCS_LEASE_RETRY_PERIOD).")
    String leaseRetryPeriod;
}
