package io.catalogsync.daemon;

/**
 * Whether this process may write to Kong at this instant. Asked before every write, so that a replica losing
 * its lease stops writing at once, even in the middle of a cycle.
 */
@FunctionalInterface
public interface WriteGate {

    /** Always open: a single replica without leader election. */
    WriteGate OPEN = () -> true;

    boolean writeAllowed();
}
