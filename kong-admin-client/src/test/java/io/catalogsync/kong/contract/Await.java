package io.catalogsync.kong.contract;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for client futures from the JUnit thread (never from an event loop). */
final class Await {

    /** Long enough for a slow live Kong, short enough that a hang fails the case rather than the build. */
    private static final long SECONDS = 30;

    private Await() {
    }

    static <T> T result(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected success, got " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        } catch (TimeoutException e) {
            throw new AssertionError("future did not complete in " + SECONDS + " s", e);
        }
    }

    /** The failure of a future that must fail, checked to be of the given type. */
    static <E extends Throwable> E failure(Future<?> future, Class<E> type) {
        Throwable t;
        try {
            Object value = future.toCompletionStage().toCompletableFuture().get(SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("expected " + type.getSimpleName() + ", got success: " + value);
        } catch (ExecutionException e) {
            t = e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        } catch (TimeoutException e) {
            throw new AssertionError("future did not complete in " + SECONDS + " s", e);
        }
        if (!type.isInstance(t)) {
            throw new AssertionError("expected " + type.getSimpleName() + ", got " + t, t);
        }
        return type.cast(t);
    }
}
