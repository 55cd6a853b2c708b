package io.catalogsync.sync.read;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Maps items to Admin API calls with at most {@code parallelism} in flight, keeping the order of the items;
 * fails on the first failure. Calls that complete synchronously do not deepen the stack (a pump loop starts
 * the next calls).
 */
public final class Bounded<T, R> {

    private final List<T> items;
    private final int parallelism;
    private final Function<T, Future<R>> call;
    private final List<R> results;
    private final Promise<List<R>> promise = Promise.promise();
    private int next;
    private int inFlight;
    private int done;
    private boolean failed;
    private boolean pumping;

    private Bounded(List<T> items, int parallelism, Function<T, Future<R>> call) {
        this.items = List.copyOf(items);
        this.parallelism = Math.max(1, parallelism);
        this.call = call;
        this.results = new ArrayList<>(Collections.nCopies(items.size(), null));
    }

    public static <T, R> Future<List<R>> map(List<T> items, int parallelism, Function<T, Future<R>> call) {
        if (items.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        Bounded<T, R> b = new Bounded<>(items, parallelism, call);
        b.pump();
        return b.promise.future();
    }

    private void pump() {
        synchronized (this) {
            if (pumping) {
                return;
            }
            pumping = true;
        }
        while (true) {
            int i;
            synchronized (this) {
                if (failed || next >= items.size() || inFlight >= parallelism) {
                    pumping = false;
                    return;
                }
                i = next++;
                inFlight++;
            }
            Future<R> f;
            try {
                f = call.apply(items.get(i));
            } catch (RuntimeException e) {
                f = Future.failedFuture(e);
            }
            f.onComplete(ar -> completed(i, ar.succeeded() ? ar.result() : null, ar.cause()));
        }
    }

    private void completed(int i, R result, Throwable cause) {
        boolean complete = false;
        synchronized (this) {
            inFlight--;
            if (failed) {
                return;
            }
            if (cause != null) {
                failed = true;
            } else {
                results.set(i, result);
                complete = ++done == items.size();
            }
        }
        if (cause != null) {
            promise.fail(cause);
        } else if (complete) {
            promise.complete(results);
        } else {
            pump();
        }
    }
}
