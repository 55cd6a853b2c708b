package io.catalogsync.sync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The engine JVM's CPU time split by kind of thread, from Linux's {@code /proc/self/task/<tid>/stat} (utime +
 * stime, in clock ticks of 10 ms): the Vert.x event loops (the client and the reconcile), the garbage collector, the
 * JIT compilers, and the rest. The process total alone does not say whether a change saved the event loop's work
 * or only moved the collector's. Empty where {@code /proc} is not there.
 */
final class ThreadCpu {

    private static final double TICK_S = 0.01;

    private ThreadCpu() {
    }

    /** Clock ticks so far per kind of thread (threads that ended since are not counted). */
    static Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return out;
        }
        try (Stream<Path> s = Files.list(tasks)) {
            s.forEach(t -> {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    // pid (comm) state ... ; comm may hold spaces and parentheses: split after the last ')'.
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String comm = stat.substring(open + 1, close);
                    String[] f = stat.substring(close + 2).split(" ");
                    // Fields 14 and 15 of stat (utime, stime) are at 11 and 12 after the state field.
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    out.merge(kind(comm), ticks, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // The thread ended between the listing and the read.
                }
            });
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    private static String kind(String comm) {
        if (comm.startsWith("vert.x-eventloo")) {
            return "event loops";
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread")) {
            return "GC";
        }
        if (comm.contains("CompilerThre")) {
            return "JIT";
        }
        if (comm.startsWith("vert.x-worker")) {
            return "workers";
        }
        return "other";
    }

    /** "event loops 1.23 s, GC 0.40 s, ..." between two snapshots. */
    static String between(Map<String, Long> before, Map<String, Long> after) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f s", e.getKey(), d * TICK_S));
        }
        return b.toString();
    }
}
