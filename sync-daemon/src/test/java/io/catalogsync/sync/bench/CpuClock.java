package io.catalogsync.sync.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * CPU time the benchmark thread spent in its operations, beside JMH's wall-clock score. On a machine whose cores
 * are shared with other work, wall time per operation grows with the load while CPU time per operation does not:
 * MB/s per CPU second is the "per core" figure the targets speak of. JMH sums both counters over the measurement
 * iterations ({@link AuxCounters.Type#EVENTS}), so {@code cpuNanos / ops} is the CPU time of one operation.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuClock {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.ThreadMXBean ALLOCATION = (com.sun.management.ThreadMXBean) THREADS;
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public long cpuNanos;
    public long processCpuNanos;
    /** Bytes the benchmark thread allocated in its operations (set-up invocations excluded, unlike -prof gc). */
    public long allocatedBytes;
    public long ops;
    private long started;
    private long processStarted;
    private long allocatedBefore;

    void start() {
        processStarted = PROCESS.getProcessCpuTime();
        allocatedBefore = ALLOCATION.getCurrentThreadAllocatedBytes();
        started = THREADS.getCurrentThreadCpuTime();
    }

    void stop() {
        cpuNanos += THREADS.getCurrentThreadCpuTime() - started;
        processCpuNanos += PROCESS.getProcessCpuTime() - processStarted;
        allocatedBytes += ALLOCATION.getCurrentThreadAllocatedBytes() - allocatedBefore;
        ops++;
    }
}
