package io.catalogsync.masking.testsupport;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/** Last resort when neither REDIS_URL nor a redis-server binary exists: Redis in a container, if Docker runs. */
final class ContainerRedis {

    private static GenericContainer<?> container;

    private ContainerRedis() {
    }

    static synchronized RedisTarget startOrSkip() {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        Assumptions.assumeTrue(docker, "no REDIS_URL, no redis-server on PATH and no Docker engine for "
                + "Testcontainers: skipping the Redis test");
        if (container == null) {
            container = new GenericContainer<>("redis:7.2-alpine").withExposedPorts(6379);
            container.start();
        }
        return new RedisTarget("redis://" + container.getHost() + ":" + container.getMappedPort(6379),
                "Testcontainers redis:7.2-alpine", null);
    }

    static synchronized void stopIfStarted() {
        if (container != null) {
            container.stop();
            container = null;
        }
    }
}
