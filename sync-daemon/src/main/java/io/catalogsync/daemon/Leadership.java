package io.catalogsync.daemon;

/**
 * Who may write to Kong. Without leader election every replica writes ({@link #standalone}); with it, only the
 * holder of the Kubernetes Lease ({@link LeaseLeadership}).
 */
public interface Leadership extends WriteGate, AutoCloseable {

    /** This replica's identity (pod name by default). */
    String identity();

    /** The identity of the current leader as last observed, or null when unknown. */
    String leader();

    /** {@code standalone} (no election), {@code leader} or {@code standby}. */
    Role role();

    /** Starts taking part; {@code listener} hears every change of this replica's role. */
    void start(Listener listener);

    /** Stops taking part and gives the lease up if held, so that another replica takes over without waiting. */
    @Override
    void close();

    enum Role {
        STANDALONE, LEADER, STANDBY;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Called from a thread that is not an event loop; must not block for long. */
    @FunctionalInterface
    interface Listener {
        void roleChanged(Role role);
    }

    static Leadership standalone(String identity) {
        return new Leadership() {
            @Override
            public boolean writeAllowed() {
                return true;
            }

            @Override
            public String identity() {
                return identity;
            }

            @Override
            public String leader() {
                return identity;
            }

            @Override
            public Role role() {
                return Role.STANDALONE;
            }

            @Override
            public void start(Listener listener) {
            }

            @Override
            public void close() {
            }
        };
    }
}
