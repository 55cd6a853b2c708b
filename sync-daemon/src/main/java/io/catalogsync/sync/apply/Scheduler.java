package io.catalogsync.sync.apply;

import io.catalogsync.sync.plan.Operation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * Runs operations as soon as everything they wait for is done, with at most {@code parallelism} in flight.
 * There are no per-type barriers: a route is written as soon as its own service is, while other services are
 * still being written. A failed operation skips everything that (transitively) waits for it.
 *
 * <p>Completions arrive on whatever thread the client completes futures on, so state changes happen under
 * this object's lock; operations are started outside it.
 */
final class Scheduler {

    static final class Node {
        final Operation op;
        final List<Node> dependents = new ArrayList<>();
        int waitingFor;
        boolean finished;

        Node(Operation op) {
            this.op = op;
        }

        void mustWaitFor(Node other) {
            if (other != this && !other.dependents.contains(this)) {
                other.dependents.add(this);
                waitingFor++;
            }
        }
    }

    /** Why a dependent is skipped when {@code failed} fails. */
    interface SkipReason {
        String of(Node failed, Node dependent);
    }

    private final int parallelism;
    private final Function<Operation, Future<Void>> executor;
    private final SkipReason skipReason;
    private final Deque<Node> ready = new ArrayDeque<>();
    private final List<Operation> applied = new ArrayList<>();
    private final List<ApplyResult.FailedOperation> failed = new ArrayList<>();
    private final List<ApplyResult.SkippedOperation> skipped = new ArrayList<>();
    private final Promise<ApplyResult> done = Promise.promise();
    private int total;
    private int finished;
    private int inFlight;
    private boolean pumping;

    Scheduler(int parallelism, Function<Operation, Future<Void>> executor, SkipReason skipReason) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        this.parallelism = parallelism;
        this.executor = executor;
        this.skipReason = skipReason;
    }

    Future<ApplyResult> run(List<Node> nodes) {
        synchronized (this) {
            total = nodes.size();
            for (Node n : nodes) {
                if (n.waitingFor == 0) {
                    ready.add(n);
                }
            }
            if (total == 0) {
                done.complete(ApplyResult.EMPTY);
                return done.future();
            }
            if (ready.isEmpty()) {
                // Only a dependency cycle gets here; the parent relation has none, but never hang on one.
                throw new IllegalStateException("no operation can start: dependency cycle among " + total);
            }
        }
        pump();
        return done.future();
    }

    private void pump() {
        synchronized (this) {
            if (pumping) {
                return;
            }
            pumping = true;
        }
        while (true) {
            Node next;
            synchronized (this) {
                if (ready.isEmpty() || inFlight >= parallelism) {
                    pumping = false;
                    break;
                }
                next = ready.poll();
                inFlight++;
            }
            start(next);
        }
    }

    private void start(Node node) {
        Future<Void> f;
        try {
            f = executor.apply(node.op);
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        f.onComplete(ar -> {
            synchronized (this) {
                inFlight--;
                if (ar.succeeded()) {
                    applied.add(node.op);
                    finish(node);
                    for (Node d : node.dependents) {
                        if (!d.finished && --d.waitingFor == 0) {
                            ready.add(d);
                        }
                    }
                } else {
                    failed.add(Failures.failed(node.op, ar.cause()));
                    finish(node);
                    skipDependents(node);
                }
            }
            pump();
        });
    }

    /** Skips every operation that transitively waits for {@code root}. Called under the lock. */
    private void skipDependents(Node root) {
        Deque<Node> work = new ArrayDeque<>(root.dependents);
        while (!work.isEmpty()) {
            Node d = work.poll();
            if (d.finished) {
                continue;
            }
            skipped.add(new ApplyResult.SkippedOperation(d.op, skipReason.of(root, d)));
            finish(d);
            ready.remove(d);
            work.addAll(d.dependents);
        }
    }

    private void finish(Node n) {
        n.finished = true;
        finished++;
        if (finished == total) {
            done.complete(new ApplyResult(applied, failed, skipped));
        }
    }
}
