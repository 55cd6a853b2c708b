package io.catalogsync.daemon;

import io.catalogsync.sync.CycleResult;
import io.vertx.core.Future;

/**
 * One reconcile cycle as the daemon drives it. The daemon never runs two at once; the runner only has to do
 * one cycle per call and report how it went. A failed future means the cycle could not even report (a bug
 * or an unexpected exception); ordinary failures (catalog down, Kong unreachable) come back as a
 * {@link CycleResult} with {@link CycleResult.Outcome#FAILED}.
 */
@FunctionalInterface
public interface CycleRunner {

    Future<CycleResult> run(CycleRequest request);
}
