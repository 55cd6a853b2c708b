package io.catalogsync.cli;

import io.catalogsync.daemon.AuditLog;
import io.catalogsync.daemon.Daemon;
import io.catalogsync.daemon.DaemonOptions;
import io.catalogsync.daemon.LeaseConfig;
import io.catalogsync.daemon.LogSetup;
import io.catalogsync.daemon.ReconcilerCycleRunner;
import io.catalogsync.daemon.SyncSchedule;
import io.catalogsync.sync.MaskingHookSource;
import io.catalogsync.sync.source.CatalogSources;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * {@code run} without {@code --once}: resolves the daemon's settings on the same layers as every other setting
 * (flags > {@code KCS_*} environment > config file > defaults), sets up logging, starts the {@link Daemon} and
 * waits until it stops (SIGTERM).
 */
final class DaemonMode {

    /** Where Kubernetes mounts the pod's namespace with the service account. */
    static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    private DaemonMode() {
    }

    /** Applies {@code --log-format} and {@code --log-level}. */
    static void logging(Map<String, String> env, CommonOptions common, DaemonFlags f) {
        ConfigLayers l = Settings.layers(common, env);
        String format = l.string(f.logFormat, "--log-format", "logFormat", "text", "KCS_LOG_FORMAT");
        String level = l.string(f.logLevel, "--log-level", "logLevel", "INFO", "KCS_LOG_LEVEL");
        try {
            LogSetup.configure(LogSetup.Format.parse(format), level);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage());
        }
    }

    /** Runs the daemon until it is stopped; returns the exit code. */
    static int run(Map<String, String> env, CommonOptions common, Settings settings, DaemonFlags flags,
                   boolean dryRun, PrintWriter err) {
        DaemonOptions options = options(Settings.layers(common, env), flags, env, dryRun);
        String catalog = settings.requireCatalog();
        settings.requireKongAdmin();
        AuditLog audit = auditLog(Settings.layers(common, env), flags);
        Daemon daemon;
        try {
            daemon = Daemon.start(options, ReconcilerCycleRunner.factory(
                            vertx -> CatalogSources.create(vertx, catalog, settings.catalogSourceOptions()),
                            settings.kongAdminOptions(),
                            settings.translateOptions(MaskingHookSource.load().orElse(null)),
                            settings.reconcileOptions(dryRun), audit),
                    Daemon.inClusterKubernetes());
        } catch (IllegalStateException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return ExitCodes.UNAVAILABLE;
        }
        daemon.stopOnSigterm();
        return daemon.awaitTermination();
    }

    /** {@code --audit-log FILE|-} opened for appending, or null when not set. */
    static AuditLog auditLog(ConfigLayers l, DaemonFlags f) {
        String target = l.string(f.auditLog, "--audit-log", "auditLog", null, "KCS_AUDIT_LOG");
        try {
            return target == null || target.isBlank() ? null : AuditLog.open(target);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage());
        }
    }

    /** The daemon's own settings. */
    static DaemonOptions options(ConfigLayers l, DaemonFlags f, Map<String, String> env, boolean dryRun) {
        Duration interval = l.duration(f.syncInterval, "--sync-interval", "syncInterval",
                SyncSchedule.DEFAULT_INTERVAL, "KCS_SYNC_INTERVAL", "SYNC_INTERVAL");
        double jitter = l.decimal(f.syncJitter, "--sync-jitter", "syncJitter", SyncSchedule.DEFAULT_JITTER, 0.0, 0.5,
                "KCS_SYNC_JITTER");
        Duration backoffMax = l.duration(f.backoffMax, "--backoff-max", "backoffMax",
                interval.compareTo(SyncSchedule.DEFAULT_BACKOFF_MAX) > 0 ? interval : SyncSchedule.DEFAULT_BACKOFF_MAX,
                "KCS_BACKOFF_MAX");

        HostPort alias = HostPort.agree(HostPort.parse(f.metricsAddr, "--metrics-addr"),
                HostPort.parse(f.healthAddr, "--health-addr"));
        String host = l.string(firstNonNull(f.httpHost, alias == null ? null : alias.host()), "--http-host",
                "httpHost", DaemonOptions.DEFAULT_BIND_HOST, "KCS_HTTP_HOST");
        if (alias != null && f.httpHost != null && alias.host() != null && !alias.host().equals(f.httpHost)) {
            throw new SettingsException("--http-host " + f.httpHost + " and " + alias.flag() + " " + alias.text()
                    + " disagree: the daemon serves everything on one address");
        }
        if (alias != null && f.httpPort != null && !String.valueOf(alias.port()).equals(f.httpPort.trim())) {
            throw new SettingsException("--http-port " + f.httpPort + " and " + alias.flag() + " " + alias.text()
                    + " disagree: the daemon serves everything on one port");
        }
        int port = l.integer(firstNonNull(f.httpPort, alias == null ? null : String.valueOf(alias.port())),
                "--http-port", "httpPort", DaemonOptions.DEFAULT_HTTP_PORT, 0, 65_535, "KCS_HTTP_PORT");
        int readyIntervals = l.integer(f.readyIntervals, "--ready-intervals", "readyIntervals",
                DaemonOptions.DEFAULT_READY_INTERVALS, 1, 1_000, "KCS_READY_INTERVALS");
        Duration shutdownTimeout = l.duration(f.shutdownTimeout, "--shutdown-timeout", "shutdownTimeout",
                DaemonOptions.DEFAULT_SHUTDOWN_TIMEOUT, "KCS_SHUTDOWN_TIMEOUT");

        String identity = l.string(f.leaderIdentity, "--leader-identity", "leaderElection.identity", hostName(),
                "KCS_LEADER_IDENTITY", "POD_NAME", "HOSTNAME");
        boolean elect = l.bool(f.leaderElect, "--leader-elect", "leaderElection.enabled", false, "KCS_LEADER_ELECT");
        try {
            LeaseConfig lease = null;
            if (elect) {
                lease = new LeaseConfig(
                        l.string(f.leaseName, "--lease-name", "leaderElection.leaseName", LeaseConfig.DEFAULT_LEASE_NAME,
                                "KCS_LEASE_NAME"),
                        l.string(f.leaseNamespace, "--lease-namespace", "leaderElection.namespace", podNamespace(),
                                "KCS_LEASE_NAMESPACE", "POD_NAMESPACE"),
                        identity,
                        l.duration(f.leaseDuration, "--lease-duration", "leaderElection.leaseDuration",
                                LeaseConfig.DEFAULT_LEASE_DURATION, "KCS_LEASE_DURATION"),
                        l.duration(f.leaseRenewDeadline, "--lease-renew-deadline", "leaderElection.renewDeadline",
                                LeaseConfig.DEFAULT_RENEW_DEADLINE, "KCS_LEASE_RENEW_DEADLINE"),
                        l.duration(f.leaseRetryPeriod, "--lease-retry-period", "leaderElection.retryPeriod",
                                LeaseConfig.DEFAULT_RETRY_PERIOD, "KCS_LEASE_RETRY_PERIOD"));
            }
            return new DaemonOptions(new SyncSchedule(interval, jitter, backoffMax), host, port, readyIntervals,
                    shutdownTimeout, dryRun, identity, lease);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage());
        }
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "kong-catalog-sync";
        }
    }

    private static String podNamespace() {
        try {
            if (Files.isReadable(SERVICE_ACCOUNT_NAMESPACE)) {
                String ns = Files.readString(SERVICE_ACCOUNT_NAMESPACE).trim();
                if (!ns.isEmpty()) {
                    return ns;
                }
            }
        } catch (IOException e) {
            // Not in a pod, or not readable: fall through to the default.
        }
        return "default";
    }

    /** {@code [host]:port} as the replaced deployment's {@code --metrics-addr :8080} took it. */
    record HostPort(String host, int port, String flag, String text) {

        static HostPort parse(String text, String flag) {
            if (text == null) {
                return null;
            }
            String t = text.trim();
            int colon = t.lastIndexOf(':');
            if (colon < 0) {
                throw new SettingsException(flag + ": \"" + text + "\" is not [HOST]:PORT, e.g. :8080");
            }
            String host = t.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(t.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new SettingsException(flag + ": \"" + text + "\" is not [HOST]:PORT, e.g. :8080");
            }
            if (port < 0 || port > 65_535) {
                throw new SettingsException(flag + ": port " + port + " is out of range 0..65535");
            }
            return new HostPort(host.isEmpty() ? null : host, port, flag, text);
        }

        /** One of the two, or an error when both are given and differ. */
        static HostPort agree(HostPort a, HostPort b) {
            if (a == null || b == null) {
                return a != null ? a : b;
            }
            if (a.port() != b.port() || !Objects.equals(a.host(), b.host())) {
                throw new SettingsException(a.flag() + " " + a.text() + " and " + b.flag() + " " + b.text()
                        + " disagree: the daemon serves metrics and health on one port");
            }
            return a;
        }
    }
}
