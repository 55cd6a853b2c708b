package io.catalogsync.kong.admin;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;

/**
 * A non-blocking semaphore for requests in flight. {@link #acquire()} returns a future that completes when a
 * slot is free; {@link #release()} hands the slot straight to the oldest waiter. The monitor only guards a
 * counter and a queue (callers may sit on different event loops), it is never held while waiting.
 */
final class InFlightLimiter {

    private final int max;
    private final ArrayDeque<Promise<Void>> waiting = new ArrayDeque<>();
    private int inFlight;

    InFlightLimiter(int max) {
        this.max = max;
    }

    Future<Void> acquire() {
        Promise<Void> promise;
        synchronized (this) {
            if (inFlight < max) {
                inFlight++;
                return Future.succeededFuture();
            }
            promise = Promise.promise();
            waiting.add(promise);
        }
        return promise.future();
    }

    void release() {
        Promise<Void> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
                return;
            }
        }
        // The slot passes to the waiter without going through the counter, so nobody can jump the queue.
        next.complete();
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int queued() {
        return waiting.size();
    }
}
