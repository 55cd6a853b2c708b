package io.catalogsync.sync.read;

import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The targets of each owned upstream as last read, kept across the cycles of one daemon so that a no-op cycle
 * does not read one targets page per upstream (Kong OSS has no top-level {@code /targets}; at 10,000 services
 * those pages are 99 % of a no-op cycle's reads).
 *
 * <p>Each cycle reads the targets of: every upstream not cached (new, or whose targets or itself the daemon
 * wrote last cycle: {@link #invalidate}), and a rotating slice of the others, {@code 1/REFRESH_CYCLES} of them,
 * chosen by a stable hash of the upstream id. So a change made to targets behind the daemon's back (a deleted
 * target, a changed weight, an unowned target added to an owned upstream) is seen, and repaired, within
 * {@value #REFRESH_CYCLES} cycles (5 minutes at the default 30 s interval), while a no-op cycle reads a tenth of
 * the target pages. With at most {@value #READ_ALL_BELOW} upstreams every cycle reads all of them: the saving
 * would not be worth the delay. A failed cycle forgets everything ({@link #clear}).
 *
 * <p>Cycles never overlap, but completions arrive on the client's threads: access is synchronized.
 */
public final class TargetCache {

    /** Every upstream's targets are read at least once in this many cycles. */
    public static final int REFRESH_CYCLES = 10;

    /** Up to this many owned upstreams, every cycle reads every targets page. */
    public static final int READ_ALL_BELOW = 100;

    private final Map<String, List<Target>> byUpstream = new HashMap<>();
    private long cycle;

    /** The upstreams whose targets this cycle reads; the others come from {@link #cached}. Advances the rotation. */
    synchronized List<Upstream> toRead(List<Upstream> owned) {
        Rotation r = begin();
        List<Upstream> out = new ArrayList<>();
        for (Upstream u : owned) {
            if (owned.size() <= READ_ALL_BELOW || r.mustRead(u)) {
                out.add(u);
            }
        }
        r.end(owned);
        return out;
    }

    /**
     * One cycle's turn of the rotation, for a reader that meets the owned upstreams page by page ({@link #toRead}
     * in pieces): {@link Rotation#mustRead} as each arrives, {@link Rotation#end} once all are known. With at most
     * {@value #READ_ALL_BELOW} owned upstreams in all, the others are read too; only the end knows that.
     */
    synchronized Rotation begin() {
        return new Rotation(cycle++ % REFRESH_CYCLES);
    }

    final class Rotation {

        private final long slice;

        private Rotation(long slice) {
            this.slice = slice;
        }

        /** Not cached (new, or written to last cycle), or in this cycle's slice. */
        boolean mustRead(Upstream u) {
            synchronized (TargetCache.this) {
                return !byUpstream.containsKey(u.id()) || Math.floorMod(u.id().hashCode(), REFRESH_CYCLES) == slice;
            }
        }

        /** Forgets the upstreams that are no longer owned. */
        void end(List<Upstream> owned) {
            Set<String> present = new HashSet<>(Math.max(16, (int) (owned.size() / 0.75f) + 1));
            for (Upstream u : owned) {
                present.add(u.id());
            }
            synchronized (TargetCache.this) {
                byUpstream.keySet().retainAll(present);
            }
        }
    }

    synchronized void put(String upstreamId, List<Target> targets) {
        byUpstream.put(upstreamId, List.copyOf(targets));
    }

    /** The targets last read for an upstream; empty when never read. */
    synchronized List<Target> cached(String upstreamId) {
        return byUpstream.getOrDefault(upstreamId, List.of());
    }

    /** Upstreams whose targets (or themselves) were written: the next cycle reads them again. */
    public synchronized void invalidate(Collection<String> upstreamIds) {
        upstreamIds.forEach(byUpstream::remove);
    }

    public synchronized void clear() {
        byUpstream.clear();
    }

    synchronized int size() {
        return byUpstream.size();
    }
}
