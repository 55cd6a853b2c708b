package io.catalogsync.sync.read;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Maps items to Admin API calls with at most {@code parallelism} in flight, keeping the order of the items;
 * fails on the first failure. Calls that complete synchronously do not deepen the stack (a pump loop starts
 * the next calls). Items can also be fed while the calls run ({@link #feed}): the targets of an upstream are read
 * as soon as its page of upstreams arrives, not after the last page.
 */
public final class Bounded<T, R> {

    private final List<T> items = new ArrayList<>();
    private final int parallelism;
    private final Function<T, Future<R>> call;
    private final List<R> results = new ArrayList<>();
    private final Promise<List<R>> promise = Promise.promise();
    private int next;
    private int inFlight;
    private int done;
    private boolean failed;
    private boolean pumping;
    private boolean closed;

    private Bounded(int parallelism, Function<T, Future<R>> call) {
        this.parallelism = Math.max(1, parallelism);
        this.call = call;
    }

    public static <T, R> Future<List<R>> map(List<T> items, int parallelism, Function<T, Future<R>> call) {
        if (items.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        Bounded<T, R> b = new Bounded<>(parallelism, call);
        items.forEach(b::add);
        b.close();
        return b.promise.future();
    }

    /** Calls fed one by one ({@link #add}) until {@link #close}; {@link #result} lists their results in that order. */
    public static <T, R> Bounded<T, R> feed(int parallelism, Function<T, Future<R>> call) {
        return new Bounded<>(parallelism, call);
    }

    /** One more item; its call starts now if fewer than {@code parallelism} are in flight. */
    public void add(T item) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("no item can be added once closed");
            }
            items.add(item);
            results.add(null);
        }
        pump();
    }

    /** No more items: {@link #result} completes once every call has. */
    public void close() {
        boolean complete;
        synchronized (this) {
            closed = true;
            complete = !failed && done == items.size();
        }
        if (complete) {
            promise.tryComplete(results());
        }
    }

    /** Stops taking and starting calls: {@link #result} fails with {@code cause} (the first failure wins). */
    public void fail(Throwable cause) {
        synchronized (this) {
            closed = true;
            failed = true;
        }
        promise.tryFail(cause);
    }

    public Future<List<R>> result() {
        return promise.future();
    }

    private synchronized List<R> results() {
        return new ArrayList<>(results);
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
            T item;
            synchronized (this) {
                if (failed || next >= items.size() || inFlight >= parallelism) {
                    pumping = false;
                    return;
                }
                i = next++;
                item = items.get(i);
                inFlight++;
            }
            Future<R> f;
            try {
                f = call.apply(item);
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
                complete = ++done == items.size() && closed;
            }
        }
        if (cause != null) {
            promise.tryFail(cause);
        } else if (complete) {
            promise.tryComplete(results());
        } else {
            pump();
        }
    }
}
