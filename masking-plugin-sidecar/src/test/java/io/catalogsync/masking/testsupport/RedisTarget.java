package io.catalogsync.masking.testsupport;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * A Redis the tests can talk to: a local process (which tests may also stop and restart), an external server
 * from {@code REDIS_URL}, or a Testcontainers container.
 */
public record RedisTarget(String url, String origin, RedisServerProcess process) {

    public Optional<RedisServerProcess> controllable() {
        return Optional.ofNullable(process);
    }

    /** The local process, or skips the test: an external Redis cannot be stopped by the test. */
    public RedisServerProcess requireProcess() {
        Assumptions.assumeTrue(process != null, "needs a redis-server the test controls; this one is " + origin);
        return process;
    }
}
