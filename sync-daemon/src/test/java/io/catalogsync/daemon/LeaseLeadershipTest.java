package io.catalogsync.daemon;

import static io.catalogsync.daemon.DaemonLoopTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Leader election on a Lease in fabric8's CRUD mock API server: one writer at a time, handover on release,
 * takeover after a leader vanishes, and the write gate closing on the old leader before anyone else may write.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LeaseLeadershipTest {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration RENEW = Duration.ofMillis(1500);
    private static final Duration RETRY = Duration.ofMillis(500);

    private KubeMock kube;
    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();
    private final AtomicBoolean sampling = new AtomicBoolean(true);
    private final AtomicInteger overlaps = new AtomicInteger();

    @BeforeEach
    void startKube() {
        kube = new KubeMock();
    }

    @AfterEach
    void stop() throws Exception {
        sampling.set(false);
        for (AutoCloseable c : toClose) {
            c.close();
        }
        kube.close();
    }

    private LeaseLeadership candidate(String identity, KubernetesClient client, List<Leadership.Role> roles) {
        LeaseLeadership l = new LeaseLeadership(client, new LeaseConfig("kcs-test", "default", identity, LEASE, RENEW,
                RETRY));
        toClose.add(l);
        l.start(roles::add);
        return l;
    }

    /** Counts instants at which both may write: must stay 0. */
    private void watchForOverlap(Leadership a, Leadership b) {
        Thread t = new Thread(() -> {
            while (sampling.get()) {
                if (a.writeAllowed() && b.writeAllowed()) {
                    overlaps.incrementAndGet();
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "overlap-watch");
        t.setDaemon(true);
        t.start();
    }

    @Test
    void oneLeaderAtATimeAndAHandoverOnRelease() {
        KubernetesClient ca = kube.client();
        KubernetesClient cb = kube.client();
        toClose.add(ca);
        toClose.add(cb);
        List<Leadership.Role> rolesA = new CopyOnWriteArrayList<>();
        List<Leadership.Role> rolesB = new CopyOnWriteArrayList<>();
        LeaseLeadership a = candidate("replica-a", ca, rolesA);
        waitFor(a::writeAllowed, 5_000);
        LeaseLeadership b = candidate("replica-b", cb, rolesB);
        watchForOverlap(a, b);

        waitFor(() -> "replica-a".equals(b.leader()), 5_000);
        // Several lease periods: a keeps renewing, b keeps standing by.
        sleep(3 * LEASE.toMillis() / 2);
        assertThat(a.writeAllowed()).isTrue();
        assertThat(b.writeAllowed()).isFalse();
        assertThat(b.role()).isEqualTo(Leadership.Role.STANDBY);
        Lease lease = ca.leases().inNamespace("default").withName("kcs-test").get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-a");

        // fabric8 releases by writing a 1 s lease duration (a merge patch leaves the holder name in place), and
        // candidates retry every retry period plus up to 120 % jitter: b takes over within the lease duration
        // of 2 s plus at most one jittered retry.
        long t0 = System.nanoTime();
        a.close();
        assertThat(a.writeAllowed()).isFalse();
        long bound = LEASE.toMillis() + Math.round(RETRY.toMillis() * 1.2);
        waitFor(b::writeAllowed, bound);
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(tookMs).as("takeover after release").isLessThan(bound);
        assertThat(b.leader()).isEqualTo("replica-b");
        assertThat(rolesA).containsExactly(Leadership.Role.LEADER, Leadership.Role.STANDBY);
        assertThat(rolesB).containsExactly(Leadership.Role.LEADER);
        assertThat(overlaps.get()).isZero();
    }

    @Test
    void aLeaderCutOffFromTheApiServerStopsWritingBeforeTheOtherTakesOver() {
        KubernetesClient ca = kube.client();
        KubernetesClient cb = kube.client();
        toClose.add(cb);
        List<Leadership.Role> rolesA = new CopyOnWriteArrayList<>();
        LeaseLeadership a = candidate("replica-a", ca, rolesA);
        waitFor(a::writeAllowed, 5_000);
        LeaseLeadership b = candidate("replica-b", cb, new CopyOnWriteArrayList<>());
        watchForOverlap(a, b);
        waitFor(() -> "replica-a".equals(b.leader()), 5_000);

        // a can no longer renew (and does not release): it must stop writing within the renew deadline, and b
        // may take over only once the lease expired.
        long t0 = System.nanoTime();
        ca.close();
        waitFor(() -> !a.writeAllowed(), RENEW.toMillis() + 300);
        long gateClosedMs = (System.nanoTime() - t0) / 1_000_000;
        waitFor(b::writeAllowed, LEASE.toMillis() + 3 * RETRY.toMillis() + 1_000);
        long takeoverMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(gateClosedMs).isLessThanOrEqualTo(RENEW.toMillis() + 300);
        assertThat(takeoverMs).isGreaterThan(gateClosedMs);
        assertThat(overlaps.get()).isZero();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
