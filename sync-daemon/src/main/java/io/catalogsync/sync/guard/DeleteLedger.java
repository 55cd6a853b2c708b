package io.catalogsync.sync.guard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The deletions this process made recently, for the {@link DeleteBudget}. Lives as long as the reconciler (the
 * daemon's whole life; one cycle for the CLI). Cycles never overlap, but the daemon's HTTP side may read it, so
 * access is synchronised.
 */
public final class DeleteLedger {

    private record Entry(Instant at, int count) {
    }

    private final Clock clock;
    private final Deque<Entry> entries = new ArrayDeque<>();

    public DeleteLedger(Clock clock) {
        this.clock = clock;
    }

    /** Deletions made within the last {@code window}. */
    public synchronized int spent(Duration window) {
        Instant since = clock.instant().minus(window);
        while (!entries.isEmpty() && entries.peekFirst().at().isBefore(since)) {
            entries.pollFirst();
        }
        return entries.stream().mapToInt(Entry::count).sum();
    }

    /** Records deletions Kong accepted. */
    public synchronized void record(int deletions) {
        if (deletions > 0) {
            entries.addLast(new Entry(clock.instant(), deletions));
        }
    }
}
