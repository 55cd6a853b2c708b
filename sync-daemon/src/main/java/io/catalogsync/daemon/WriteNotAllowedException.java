package io.catalogsync.daemon;

import io.catalogsync.kong.admin.KongException;

/**
 * A write to Kong refused before it was sent, because this replica does not hold the leader lease (it never
 * had it, or just lost it). Not retryable: retrying cannot bring the lease back, and the next cycle re-plans.
 */
public final class WriteNotAllowedException extends KongException {

    WriteNotAllowedException(String method, String path) {
        super(method, path, "write refused: this replica does not hold the leader lease", null);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
