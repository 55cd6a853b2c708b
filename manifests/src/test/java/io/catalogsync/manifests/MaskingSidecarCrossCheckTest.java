package io.catalogsync.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.manifests.Rendered.Target;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * Runs the masking sidecar exactly as the Kong pod's {@code masking-sidecar} container is configured (main class of
 * the image, the container's args, the container's environment resolved from its ConfigMap and Secret references)
 * against a real redis-server, and checks what the manifests rely on: the flags exist, every KCS_* variable takes
 * effect, the probe paths answer on the container port, and every {@code kcs_masking_*} metric an alert or a
 * dashboard panel uses is in its {@code /metrics} (scraped live, healthy and with Redis gone).
 *
 * <p>Only what cannot be the same on a test machine is substituted, and each substitution is named: the bind
 * address (127.0.0.1 instead of 0.0.0.0), the port (a free one), the Redis address (the local server; in prod the
 * ElastiCache {@code rediss://} scheme becomes {@code redis://}, since the local server has no TLS), and the Secret
 * values (made up here; AUTH in prod is real: the local server requires the password).
 */
class MaskingSidecarCrossCheckTest {

    private static final String MAIN_CLASS = "io.catalogsync.masking.SidecarMain";
    /** What the downward API would give as metadata.name. */
    static final String POD_NAME = "kong-catalog-sync-7d9f8b6c5d-x2k4q";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"DEV", "PROD"})
    void theSidecarRunsAsTheKongPodConfiguresIt(Target target) throws Exception {
        assumeTrue(LocalProcesses.redisServer() != null, "redis-server is not on PATH (.ci/run installs it)");
        Rendered r = Rendered.of(target);
        ObjectNode kong = r.get("Deployment", OverlayRenderTest.KONG);
        JsonNode container = Rendered.container(kong, OverlayRenderTest.SIDECAR_CONTAINER);

        Map<String, String> secrets = Map.of(
                "kong-masking-credentials/hmac-key", "0123456789abcdef0123456789abcdef",
                "kong-masking-credentials/shared-secret", "hook-and-sidecar-share-this",
                "kong-masking-credentials/redis-auth-token", "elasticache-auth-token-for-test");
        Map<String, String> env = environment(r, container, secrets);
        assertThat(env).containsKeys("KCS_MASKING_REDIS_URL", "KCS_MASKING_HMAC_KEY", "KCS_MASKING_SHARED_SECRET");

        // Every KCS_* variable the container gets is one the sidecar's code names (and the run below shows each
        // one taking effect).
        Set<String> literals = DaemonCrossCheckTest.codeStringLiterals(MAIN_CLASS);
        for (String name : env.keySet()) {
            if (name.startsWith("KCS_")) {
                assertThat(literals).as("the sidecar's code names " + name).contains(name);
            }
        }

        // Every flag in the container's args is one SidecarMain declares.
        CommandLine cli = new CommandLine(Class.forName(MAIN_CLASS).getDeclaredConstructor().newInstance());
        Map<String, CommandLine.Model.OptionSpec> options = cli.getCommandSpec().optionsMap();
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        for (String a : args) {
            if (a.startsWith("--")) {
                assertThat(options).as("SidecarMain has the flag " + a).containsKey(a.split("=", 2)[0]);
            }
        }
        cli.parseArgs(args.toArray(new String[0]));

        int containerPort = container.at("/ports/0/containerPort").asInt();
        assertThat(option(args, "--port")).isEqualTo(String.valueOf(containerPort));
        int port = LocalProcesses.freePort();
        args.set(args.indexOf("--port") + 1, String.valueOf(port));
        args.set(args.indexOf("--host") + 1, "127.0.0.1");

        URI manifestRedis = URI.create(env.get("KCS_MASKING_REDIS_URL"));
        String password = env.get("KCS_MASKING_REDIS_PASSWORD");
        if (target == Target.PROD) {
            assertThat(manifestRedis.getScheme()).isEqualTo("rediss");
            assertThat(password).as("prod authenticates to ElastiCache").isNotNull();
        }
        int redisPort = LocalProcesses.freePort();
        env.put("KCS_MASKING_REDIS_URL", "redis://127.0.0.1:" + redisPort);

        Scrape scrape = new Scrape();
        String base = "http://127.0.0.1:" + port;
        String sharedSecret = secrets.get("kong-masking-credentials/shared-secret");
        LocalProcesses.Child redis = LocalProcesses.redis(redisPort, password, tmp);
        try (LocalProcesses.Child sidecar = LocalProcesses.java("sidecar-" + target, MAIN_CLASS, args, env, tmp)) {
            try {
                LocalProcesses.await("sidecar /healthz", Duration.ofSeconds(60),
                        () -> LocalProcesses.status(base + "/healthz") == 200 || !sidecar.process().isAlive());
                assertThat(sidecar.process().isAlive()).as("sidecar started:\n" + sidecar.output()).isTrue();
                for (String probe : List.of("livenessProbe", "readinessProbe")) {
                    assertThat(LocalProcesses.status(base + container.at("/" + probe + "/httpGet/path").asText()))
                            .as(probe).isEqualTo(200);
                }
                // Redis reached: with the URL, and in prod with the AUTH token from the environment.
                LocalProcesses.await("sidecar /readyz", Duration.ofSeconds(20),
                        () -> LocalProcesses.status(base + "/readyz") == 200);

                String body = "{\"model\":\"m\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"restart i-0abcdef1234567890 in vpc-0123456789abcdef0\"}]}";
                assertThat(mask(base, body, null).statusCode()).as("the shared secret is enforced").isEqualTo(401);
                HttpResponse<String> masked = mask(base, body, sharedSecret);
                assertThat(masked.statusCode()).as(masked.body()).isEqualTo(200);
                // The masked body goes upstream; the token map comes back to the hook only.
                JsonNode maskedJson = ManifestRepository.JSON.readTree(masked.body());
                assertThat(maskedJson.at("/body/messages/0/content").asText()).contains("[[AWS:EC2_INSTANCE:")
                        .doesNotContain("i-0abcdef1234567890");
                assertThat(maskedJson.path("tokens").toString()).contains("i-0abcdef1234567890");
                scrape.add(LocalProcesses.get(base + "/metrics").body());

                redis.close();
                HttpResponse<String> refused = mask(base, body, sharedSecret);
                assertThat(refused.statusCode()).as("fail secure without Redis: " + refused.body()).isEqualTo(503);
                assertThat(refused.body()).doesNotContain("i-0abcdef1234567890");
                assertThat(LocalProcesses.status(base + "/readyz")).isEqualTo(503);
                scrape.add(LocalProcesses.get(base + "/metrics").body());
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n--- sidecar output ---\n" + sidecar.output(), e);
            }
        } finally {
            redis.close();
        }

        Set<String> checked = scrape.assertSelectorsExist(MonitoringManifestTest.allExpressions(r),
                name -> name.startsWith("kcs_masking_"), "the masking sidecar");
        assertThat(checked).as("alerts and panels on the sidecar's metrics").hasSizeGreaterThanOrEqualTo(5);
    }

    private static HttpResponse<String> mask(String base, String body, String secret) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/v1/mask"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            b.header("X-KCS-Masking-Secret", secret);
        }
        return LocalProcesses.send(b.build());
    }

    private static String option(List<String> args, String flag) {
        int i = args.indexOf(flag);
        assertThat(i).as("args contain " + flag).isNotNegative();
        return args.get(i + 1);
    }

    /**
     * The container's environment as the kubelet builds it: envFrom ConfigMaps, then env entries (literal values,
     * ConfigMap keys, and Secret keys, whose values the test supplies). Field references are not used here.
     */
    static Map<String, String> environment(Rendered r, JsonNode container, Map<String, String> secrets) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            r.get("ConfigMap", from.at("/configMapRef/name").asText()).path("data")
                    .fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asText();
            if (e.has("value")) {
                env.put(name, e.get("value").asText());
                continue;
            }
            JsonNode secret = e.at("/valueFrom/secretKeyRef");
            if (!secret.isMissingNode()) {
                String key = secret.path("name").asText() + "/" + secret.path("key").asText();
                if (secrets.containsKey(key)) {
                    env.put(name, secrets.get(key));
                } else {
                    assertThat(secret.path("optional").asBoolean(false)).as("a value for required Secret key " + key)
                            .isTrue();
                }
                continue;
            }
            JsonNode field = e.at("/valueFrom/fieldRef/fieldPath");
            if (field.asText().equals("metadata.namespace")) {
                env.put(name, OverlayRenderTest.NAMESPACE);
                continue;
            }
            if (field.asText().equals("metadata.name")) {
                env.put(name, POD_NAME);
                continue;
            }
            r.resolvedEnv(container, name).ifPresent(v -> env.put(name, v));
        }
        return env;
    }
}
