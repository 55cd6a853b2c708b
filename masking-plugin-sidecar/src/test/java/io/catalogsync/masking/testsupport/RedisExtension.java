package io.catalogsync.masking.testsupport;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a {@link RedisTarget} parameter: {@code REDIS_URL} when set, else a {@code redis-server} from PATH
 * (or /usr/bin) started on a free loopback port for the whole test run, else a Testcontainers Redis when a
 * Docker engine exists, else the test is skipped with the reason.
 */
public final class RedisExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RedisExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RedisTarget.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Holder holder = extensionContext.getRoot().getStore(NS)
                .getOrComputeIfAbsent("shared-redis", k -> new Holder(startShared()), Holder.class);
        return holder.target;
    }

    /** The redis-server binary, or skips the test with the reason. */
    public static Path redisServerOrSkip() {
        Optional<Path> binary = ExternalTools.find("redis-server", "/usr/bin/redis-server");
        Assumptions.assumeTrue(binary.isPresent(), "redis-server is not installed (apt-get install redis-server)");
        return binary.get();
    }

    private static RedisTarget startShared() {
        String external = System.getenv("REDIS_URL");
        if (external != null && !external.isBlank()) {
            return new RedisTarget(external, "REDIS_URL", null);
        }
        Optional<Path> binary = ExternalTools.find("redis-server", "/usr/bin/redis-server");
        if (binary.isPresent()) {
            RedisServerProcess p = RedisServerProcess.start(binary.get());
            return new RedisTarget(p.url(), "local redis-server " + binary.get(), p);
        }
        return ContainerRedis.startOrSkip();
    }

    /** Stops the shared server at the end of the run. */
    private static final class Holder implements AutoCloseable {
        final RedisTarget target;

        Holder(RedisTarget target) {
            this.target = target;
        }

        @Override
        public void close() {
            if (target.process() != null) {
                target.process().close();
            }
            ContainerRedis.stopIfStarted();
        }
    }
}
