package io.catalogsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catalogsync.daemon.DaemonOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The daemon's settings: flags > KCS_* environment > config file > defaults, aliases, and errors that name the setting. */
class DaemonModeTest {

    @TempDir
    Path dir;

    private static DaemonFlags flags(String... args) {
        DaemonFlags f = new DaemonFlags();
        new CommandLine(f).parseArgs(args);
        return f;
    }

    private DaemonOptions resolve(Map<String, String> env, String yaml, String... args) throws Exception {
        Path config = null;
        if (yaml != null) {
            config = dir.resolve("config.yaml");
            Files.writeString(config, yaml);
        }
        return DaemonMode.options(ConfigLayers.load(env, config), flags(args), env, false);
    }

    @Test
    void defaults() throws Exception {
        DaemonOptions o = resolve(Map.of("HOSTNAME", "pod-7"), null);
        assertThat(o.schedule().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.schedule().jitter()).isEqualTo(0.1);
        assertThat(o.schedule().backoffMax()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.bindHost()).isEqualTo("0.0.0.0");
        assertThat(o.httpPort()).isEqualTo(8080);
        assertThat(o.readyIntervals()).isEqualTo(3);
        assertThat(o.shutdownTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.lease()).isNull();
        assertThat(o.identity()).isEqualTo("pod-7");
        assertThat(o.dryRun()).isFalse();
    }

    @Test
    void flagsBeatEnvironmentBeatsConfigFile() throws Exception {
        String yaml = "syncInterval: 10s\nhttpPort: 9000\nreadyIntervals: 5\nleaderElection:\n  enabled: true\n"
                + "  leaseName: from-file\n  namespace: platform\n";
        Map<String, String> env = Map.of("KCS_SYNC_INTERVAL", "20s", "POD_NAME", "pod-a");
        DaemonOptions o = resolve(env, yaml, "--sync-interval=5s");
        assertThat(o.schedule().interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.httpPort()).isEqualTo(9000);
        assertThat(o.readyIntervals()).isEqualTo(5);
        assertThat(o.lease().leaseName()).isEqualTo("from-file");
        assertThat(o.lease().namespace()).isEqualTo("platform");
        assertThat(o.lease().identity()).isEqualTo("pod-a");
        assertThat(o.identity()).isEqualTo("pod-a");

        assertThat(resolve(env, yaml).schedule().interval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(resolve(Map.of(), yaml).schedule().interval()).isEqualTo(Duration.ofSeconds(10));
        // The replaced deployment's variable, and a plain number of seconds.
        assertThat(resolve(Map.of("SYNC_INTERVAL", "45"), null).schedule().interval()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void leaderElectionFromFlagsAndEnvironment() throws Exception {
        DaemonOptions o = resolve(Map.of("POD_NAMESPACE", "kong", "POD_NAME", "sync-0"), null, "--leader-elect",
                "--lease-duration", "4s", "--lease-renew-deadline", "3s", "--lease-retry-period", "1s");
        assertThat(o.lease().namespace()).isEqualTo("kong");
        assertThat(o.lease().leaseName()).isEqualTo("kong-catalog-sync");
        assertThat(o.lease().identity()).isEqualTo("sync-0");
        assertThat(o.lease().leaseDuration()).isEqualTo(Duration.ofSeconds(4));
        assertThat(resolve(Map.of("KCS_LEADER_ELECT", "true", "KCS_LEADER_IDENTITY", "me"), null).lease().identity())
                .isEqualTo("me");
        assertThatThrownBy(() -> resolve(Map.of(), null, "--leader-elect", "--lease-duration", "5s",
                "--lease-renew-deadline", "5s"))
                .isInstanceOf(SettingsException.class).hasMessageContaining("--lease-renew-deadline")
                .hasMessageContaining("--lease-duration");
        assertThatThrownBy(() -> resolve(Map.of(), null, "--leader-elect", "--lease-name", "Not_A_Name"))
                .isInstanceOf(SettingsException.class).hasMessageContaining("--lease-name");
    }

    @Test
    void theReplacedDeploymentsAddressFlagsAreAliasesOfTheOnePort() throws Exception {
        DaemonOptions o = resolve(Map.of(), null, "--metrics-addr", ":9090");
        assertThat(o.httpPort()).isEqualTo(9090);
        assertThat(o.bindHost()).isEqualTo("0.0.0.0");
        o = resolve(Map.of(), null, "--metrics-addr", "127.0.0.1:9091", "--health-addr", "127.0.0.1:9091");
        assertThat(o.bindHost()).isEqualTo("127.0.0.1");
        assertThat(o.httpPort()).isEqualTo(9091);
        assertThat(resolve(Map.of(), null, "--health-addr", ":8081", "--http-port", "8081").httpPort()).isEqualTo(8081);

        assertThatThrownBy(() -> resolve(Map.of(), null, "--metrics-addr", ":9090", "--health-addr", ":9091"))
                .isInstanceOf(SettingsException.class).hasMessageContaining("one port");
        assertThatThrownBy(() -> resolve(Map.of(), null, "--metrics-addr", ":9090", "--http-port", "8080"))
                .isInstanceOf(SettingsException.class).hasMessageContaining("--http-port");
        assertThatThrownBy(() -> resolve(Map.of(), null, "--metrics-addr", "9090"))
                .isInstanceOf(SettingsException.class).hasMessageContaining("--metrics-addr");
    }

    @Test
    void aPlainRedisPasswordStopsTheDaemonWithoutBeingRepeated() {
        String secret = "redisPw-S3cr3t-91c3e0";
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = Main.run(new String[] {"run", "--catalog", "/nonexistent/catalog.yaml", "--kong-admin",
                        "http://127.0.0.1:9", "--kong-redis-host", "redis.internal"},
                Map.of("KCS_KONG_REDIS_PASSWORD", secret, "KCS_HTTP_HOST", "127.0.0.1"),
                new java.io.PrintWriter(out), new java.io.PrintWriter(err));
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("vault reference").doesNotContain(secret);
        assertThat(out.toString()).doesNotContain(secret);
    }

    @Test
    void badValuesNameTheSettingAndWhereItCameFrom() {
        assertThatThrownBy(() -> resolve(Map.of("KCS_SYNC_INTERVAL", "often"), null))
                .isInstanceOf(SettingsException.class).hasMessageContaining("KCS_SYNC_INTERVAL");
        assertThatThrownBy(() -> resolve(Map.of(), "httpPort: 70000\n"))
                .isInstanceOf(SettingsException.class).hasMessageContaining("httpPort");
        assertThatThrownBy(() -> resolve(Map.of(), null, "--sync-jitter", "0.9"))
                .isInstanceOf(SettingsException.class).hasMessageContaining("--sync-jitter");
        assertThatThrownBy(() -> resolve(Map.of(), null, "--sync-interval", "10ms"))
                .isInstanceOf(SettingsException.class).hasMessageContaining("--sync-interval");
        assertThatThrownBy(() -> resolve(Map.of(), null, "--sync-interval", "10m", "--backoff-max", "1m"))
                .isInstanceOf(SettingsException.class).hasMessageContaining("--backoff-max");
    }
}
