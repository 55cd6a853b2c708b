package io.catalogsync.daemon;

import java.time.Duration;
import java.util.Objects;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease.
 *
 * @param leaseName     the Lease object's name
 * @param namespace     its namespace
 * @param identity      this replica's holder identity (the pod name)
 * @param leaseDuration how long a lease is valid after its last renewal: how long the others wait before taking
 *                      over from a leader that vanished without releasing it
 * @param renewDeadline how long the leader keeps trying to renew before it gives up leading; this replica also
 *                      stops writing once this much time has passed since its last successful renewal
 * @param retryPeriod   how often candidates try to acquire, and the leader renews
 */
public record LeaseConfig(String leaseName, String namespace, String identity, Duration leaseDuration,
                          Duration renewDeadline, Duration retryPeriod) {

    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);
    public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);
    public static final String DEFAULT_LEASE_NAME = "kong-catalog-sync";

    public LeaseConfig {
        requireName(leaseName, "--lease-name");
        requireName(namespace, "--lease-namespace");
        if (identity == null || identity.isBlank()) {
            throw new IllegalArgumentException("--leader-identity: empty (set it, or POD_NAME / HOSTNAME)");
        }
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        Objects.requireNonNull(renewDeadline, "renewDeadline");
        Objects.requireNonNull(retryPeriod, "retryPeriod");
        if (retryPeriod.isZero() || retryPeriod.isNegative()) {
            throw new IllegalArgumentException("--lease-retry-period must be positive, was " + Durations.format(retryPeriod));
        }
        // The same ordering client-go's leaderelection.NewLeaderElector enforces: a leader must give up before
        // its lease can expire for the others, and must get more than one renewal attempt in before that.
        if (renewDeadline.compareTo(leaseDuration) >= 0) {
            throw new IllegalArgumentException("--lease-renew-deadline (" + Durations.format(renewDeadline)
                    + ") must be shorter than --lease-duration (" + Durations.format(leaseDuration) + ")");
        }
        if (retryPeriod.compareTo(renewDeadline) >= 0) {
            throw new IllegalArgumentException("--lease-retry-period (" + Durations.format(retryPeriod)
                    + ") must be shorter than --lease-renew-deadline (" + Durations.format(renewDeadline) + ")");
        }
    }

    private static void requireName(String value, String flag) {
        // Kubernetes object names and namespaces: RFC 1123 DNS subdomain / label.
        if (value == null || !value.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            throw new IllegalArgumentException(flag + ": '" + value + "' is not a valid Kubernetes name");
        }
    }
}
