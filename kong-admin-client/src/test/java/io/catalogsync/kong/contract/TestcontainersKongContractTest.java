package io.catalogsync.kong.contract;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The contract against real Kong 3.4.2 in containers: one with PostgreSQL 15 (migrations bootstrapped before
 * {@code kong start}) for the DB cases, one with {@code KONG_DATABASE=off} for the DB-less cases. Disabled, with
 * the reason in the report, where there is no Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersKongContractTest extends KongContract {

    private static final DockerImageName KONG_IMAGE = DockerImageName.parse("kong:3.4.2");
    private static final int ADMIN_PORT = 8001;
    private static final Network NETWORK = Network.newNetwork();

    @Container
    private static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer(DockerImageName.parse("postgres:15"))
            .withNetwork(NETWORK)
            .withNetworkAliases("kong-db")
            .withDatabaseName("kong")
            .withUsername("kong")
            .withPassword("kong");

    @Container
    private static final GenericContainer<?> KONG_DB = kong()
            .withNetwork(NETWORK)
            .dependsOn(POSTGRES)
            .withEnv("KONG_DATABASE", "postgres")
            .withEnv("KONG_PG_HOST", "kong-db")
            .withEnv("KONG_PG_USER", "kong")
            .withEnv("KONG_PG_PASSWORD", "kong")
            .withEnv("KONG_PG_DATABASE", "kong")
            // The image's entrypoint only runs `exec "$@"` for a custom command: bootstrap the schema, then run
            // Kong in the foreground (KONG_NGINX_DAEMON=off) so the container lives as long as Kong.
            .withCommand("sh", "-c", "kong migrations bootstrap && kong start");

    @Container
    private static final GenericContainer<?> KONG_DBLESS = kong()
            .withEnv("KONG_DATABASE", "off");

    private static GenericContainer<?> kong() {
        return new GenericContainer<>(KONG_IMAGE)
                .withEnv("KONG_ADMIN_LISTEN", "0.0.0.0:" + ADMIN_PORT)
                .withEnv("KONG_NGINX_DAEMON", "off")
                .withEnv("KONG_ADMIN_ACCESS_LOG", "/dev/stdout")
                .withEnv("KONG_ADMIN_ERROR_LOG", "/dev/stderr")
                .withExposedPorts(ADMIN_PORT)
                // Publish the Admin API on the loopback interface only.
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                        new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(ADMIN_PORT))))
                .waitingFor(Wait.forHttp("/status").forPort(ADMIN_PORT).forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(3)));
    }

    @Override
    protected Targets openTargets(Vertx vertx) {
        return Targets.both(endpoint(KONG_DB), endpoint(KONG_DBLESS));
    }

    private static KongEndpoint endpoint(GenericContainer<?> kong) {
        return new KongEndpoint("http://" + kong.getHost() + ":" + kong.getMappedPort(ADMIN_PORT), null);
    }
}
