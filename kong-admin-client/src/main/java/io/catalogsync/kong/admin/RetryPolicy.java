package io.catalogsync.kong.admin;

/** Which failures of one request may be retried. */
enum RetryPolicy {

    /**
     * GET, PUT, PATCH, DELETE, and POST creates carrying their own id: 5xx, 429, timeouts and every connection or
     * transport failure.
     */
    IDEMPOTENT,

    /**
     * Only failures where the request provably never reached Kong (connection refused, connect timeout). Used
     * for DB-less {@code POST /config}: loading the same declarative configuration twice gives the same state, but
     * a retry after a read timeout could race a slow first load that is still being applied, so only a request
     * that was never sent is repeated.
     */
    CONNECT_FAILURE_ONLY,

    /** {@code POST} creates without an id: a blind retry could create twice. */
    NEVER
}
