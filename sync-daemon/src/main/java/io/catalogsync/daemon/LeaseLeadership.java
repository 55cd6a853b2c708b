package io.catalogsync.daemon;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a Kubernetes {@code Lease} with fabric8's {@code LeaderElector}.
 *
 * <p>Writes are allowed only while this replica leads <em>and</em> less than the renew deadline has passed since
 * its last successful renewal, measured on this JVM's monotonic clock from the moment the renewal was sent. The
 * second condition does not wait for the elector to notice: if the API server stops answering, writes stop when
 * the deadline passes, which is before the lease can expire for the other replicas
 * ({@code renewDeadline < leaseDuration}, checked by {@link LeaseConfig}).
 *
 * <p>fabric8's elector does not take part again once it stopped leading, so a new one is started after each
 * loss, until {@link #close()}. The elector blocks on HTTP calls: it runs on its own thread, never on an event
 * loop.
 */
public final class LeaseLeadership implements Leadership {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseLeadership.class);

    private final KubernetesClient client;
    private final LeaseConfig config;
    private final ScheduledExecutorService executor;
    private volatile boolean leading;
    private volatile long renewedAtNanos;
    private volatile boolean everRenewed;
    private volatile String leader;
    private volatile boolean closed;
    private volatile CompletableFuture<?> election;
    private volatile Listener listener = role -> { };

    public LeaseLeadership(KubernetesClient client, LeaseConfig config) {
        this.client = Objects.requireNonNull(client, "client");
        this.config = Objects.requireNonNull(config, "config");
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kcs-leader-election");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public boolean writeAllowed() {
        return leading && everRenewed
                && System.nanoTime() - renewedAtNanos < config.renewDeadline().toNanos();
    }

    @Override
    public String identity() {
        return config.identity();
    }

    @Override
    public String leader() {
        return leader;
    }

    @Override
    public Role role() {
        return writeAllowed() ? Role.LEADER : Role.STANDBY;
    }

    @Override
    public void start(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        LOG.info("Leader election on lease {}/{} as '{}' (lease {}, renew deadline {}, retry {})",
                config.namespace(), config.leaseName(), config.identity(), Durations.format(config.leaseDuration()),
                Durations.format(config.renewDeadline()), Durations.format(config.retryPeriod()));
        executor.execute(this::elect);
    }

    private void elect() {
        if (closed) {
            return;
        }
        var electionConfig = new LeaderElectionConfigBuilder()
                .withName(config.leaseName())
                .withLock(new RenewTrackingLock(new LeaseLock(config.namespace(), config.leaseName(), config.identity())))
                .withLeaseDuration(config.leaseDuration())
                .withRenewDeadline(config.renewDeadline())
                .withRetryPeriod(config.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startedLeading, () -> demote("lost"), this::newLeader))
                .build();
        CompletableFuture<?> running = new LeaderElectorBuilder(client, executor).withConfig(electionConfig).build().start();
        election = running;
        running.whenComplete((v, failure) -> {
            demote("lost");
            if (!closed) {
                // fabric8's elector is single-use: after losing the lease, join again with a fresh one.
                LOG.info("Leader election round ended{}; joining again",
                        failure == null ? "" : " (" + failure.getClass().getSimpleName() + ")");
                executor.schedule(this::elect, config.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private synchronized void startedLeading() {
        if (!leading && !closed) {
            leading = true;
            LOG.info("This replica ('{}') now leads lease {}/{}: writing to Kong", config.identity(),
                    config.namespace(), config.leaseName());
            listener.roleChanged(Role.LEADER);
        }
    }

    private synchronized void demote(String how) {
        if (leading) {
            leading = false;
            if ("lost".equals(how)) {
                LOG.warn("This replica ('{}') lost lease {}/{}: writes to Kong stopped", config.identity(),
                        config.namespace(), config.leaseName());
            } else {
                LOG.info("This replica ('{}') gives lease {}/{} up: writes to Kong stopped", config.identity(),
                        config.namespace(), config.leaseName());
            }
            listener.roleChanged(Role.STANDBY);
        }
    }

    private void newLeader(String identity) {
        leader = identity;
        LOG.info("Leader of lease {}/{} is now '{}'", config.namespace(), config.leaseName(), identity);
    }

    /**
     * Stops taking part. The gate closes first, then the elector is cancelled, which releases a held lease
     * (fabric8 writes an empty holder) so that a standby replica acquires it on its next retry instead of
     * waiting out the lease duration. Call from a thread that may block, never an event loop.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        demote("released");
        CompletableFuture<?> running = election;
        try {
            if (running != null) {
                // On the elector's own thread, so the release does not race a renewal in progress.
                executor.submit(() -> running.cancel(true))
                        .get(config.renewDeadline().toMillis() + 5_000, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Could not release lease {}/{} cleanly ({}); it expires after {}", config.namespace(),
                    config.leaseName(), e.getClass().getSimpleName(), Durations.format(config.leaseDuration()));
        } finally {
            executor.shutdownNow();
        }
    }

    /** Records when a write of the lease naming this replica as holder succeeded. */
    private final class RenewTrackingLock implements Lock {

        private final Lock delegate;

        RenewTrackingLock(Lock delegate) {
            this.delegate = delegate;
        }

        @Override
        public LeaderElectionRecord get(KubernetesClient client) {
            return delegate.get(client);
        }

        @Override
        public void create(KubernetesClient client, LeaderElectionRecord record) {
            long sentAt = System.nanoTime();
            delegate.create(client, record);
            written(record, sentAt);
        }

        @Override
        public void update(KubernetesClient client, LeaderElectionRecord record) {
            long sentAt = System.nanoTime();
            delegate.update(client, record);
            written(record, sentAt);
        }

        private void written(LeaderElectionRecord record, long sentAt) {
            if (config.identity().equals(record.getHolderIdentity())) {
                renewedAtNanos = sentAt;
                everRenewed = true;
            } else {
                everRenewed = false;
            }
        }

        @Override
        public String identity() {
            return delegate.identity();
        }

        @Override
        public String describe() {
            return delegate.describe();
        }
    }
}
