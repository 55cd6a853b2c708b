package io.catalogsync.sync.bench;

import io.catalogsync.kong.admin.KongRequestListener;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every Admin API request the engine's client makes (each retry counts), told by the client itself: writes
 * (POST, PUT, PATCH, DELETE), reads per path template, failures, and the time from first to last write.
 */
final class RequestTally implements KongRequestListener {

    private final LongAdder writes = new LongAdder();
    /** {@code POST /schemas/plugins/validate}: Kong judging a plugin configuration, neither a write nor a list read. */
    private final LongAdder validations = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final Map<String, LongAdder> reads = new ConcurrentHashMap<>();
    private volatile long firstWrite;
    private volatile long lastWrite;

    @Override
    public void onRequest(String method, String pathTemplate, int status, Duration duration) {
        requests.increment();
        nanos.add(duration.toNanos());
        if (status == 0 || status >= 400) {
            failed.increment();
        }
        if ("/schemas/plugins/validate".equals(pathTemplate)) {
            validations.increment();
            return;
        }
        switch (method) {
            case "POST", "PUT", "PATCH", "DELETE" -> {
                long now = System.nanoTime();
                synchronized (this) {
                    if (firstWrite == 0) {
                        firstWrite = now - duration.toNanos();
                    }
                    lastWrite = now;
                }
                writes.increment();
            }
            default -> reads.computeIfAbsent(pathTemplate, k -> new LongAdder()).increment();
        }
    }

    synchronized void reset() {
        writes.reset();
        validations.reset();
        failed.reset();
        nanos.reset();
        requests.reset();
        reads.clear();
        firstWrite = 0;
        lastWrite = 0;
    }

    long writes() {
        return writes.sum();
    }

    long validations() {
        return validations.sum();
    }

    long failed() {
        return failed.sum();
    }

    long reads() {
        return reads.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<String, Long> readsByPath() {
        Map<String, Long> out = new TreeMap<>();
        reads.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Mean time of one request as the client saw it, in milliseconds. */
    double meanMs() {
        return requests.sum() == 0 ? 0 : nanos.sum() / 1e6 / requests.sum();
    }

    /** From the start of the first write to the end of the last, in seconds. */
    synchronized double writePhaseS() {
        return firstWrite == 0 ? 0 : (lastWrite - firstWrite) / 1e9;
    }
}
