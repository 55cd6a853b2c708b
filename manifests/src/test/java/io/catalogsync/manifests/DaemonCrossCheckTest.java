package io.catalogsync.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.KongEmulator;
import io.catalogsync.manifests.Rendered.Target;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * Runs the sync daemon exactly as its Deployment is configured (the image's main class, the container's args, the
 * container's environment resolved from its ConfigMap and Secret references) against the Kong Admin API emulator,
 * a catalog API and, for {@code --leader-elect}, fabric8's Kubernetes API mock; and checks what the manifests rely
 * on: flags and KCS_* variables exist and take effect, the probes answer on the container port, leader election
 * uses exactly the Lease and verbs the Role grants, shutdown fits in terminationGracePeriodSeconds, logs are JSON,
 * and every metric an alert or a dashboard panel names is in {@code /metrics} (scraped live through a good cycle,
 * a refused deletion and a failed catalog).
 *
 * <p>Substitutions, each because a test machine is not a cluster: addresses (catalog, Kong Admin API, Kubernetes
 * API, all on 127.0.0.1), the HTTP port and bind address, the pod's HOSTNAME, and the Secret values (made up here;
 * the emulator and the catalog require them, which proves they are read).
 */
class DaemonCrossCheckTest {

    static final String MAIN_CLASS = "io.catalogsync.cli.Main";

    private static final String CATALOG_KEY = "catalog-key-for-the-test";
    private static final String KONG_TOKEN = "kong-admin-token-for-the-test";
    private static final Map<String, String> SECRETS = Map.of(
            "kong-catalog-sync-credentials/catalog-api-key", CATALOG_KEY,
            "kong-catalog-sync-credentials/kong-admin-token", KONG_TOKEN);

    private static final String CATALOG = "[{\"name\":\"orders\",\"version\":\"v1.0.0\",\"endpoints\":[{\"protocol\":"
            + "\"http\",\"host\":\"orders.shop.svc.cluster.local\",\"port\":8080,\"path\":\"/api/v1/*\",\"methods\":"
            + "[\"GET\",\"POST\"]}],\"metadata\":{\"rateLimit.minute\":\"100\"}},"
            + "{\"name\":\"assistant\",\"version\":\"v1.0.0\",\"endpoints\":[{\"protocol\":\"https\",\"host\":"
            + "\"api.anthropic.com\",\"port\":443,\"path\":\"/v1/messages\",\"methods\":[\"POST\"]}],"
            + "\"metadata\":{\"masking.enabled\":\"true\"}}]";

    @TempDir
    Path tmp;

    /** The picocli model of the CLI, from the class the image starts. */
    static CommandLine mainCommand() throws ReflectiveOperationException {
        PrintWriter sink = new PrintWriter(new StringWriter());
        return (CommandLine) Class.forName(MAIN_CLASS)
                .getMethod("commandLine", Map.class, PrintWriter.class, PrintWriter.class)
                .invoke(null, Map.of(), sink, sink);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void argsAreRunOptionsAndEveryKcsVariableIsOneTheCodeReads(Target target) throws Exception {
        Rendered r = Rendered.of(target);
        JsonNode c = Rendered.container(r.get("Deployment", OverlayRenderTest.DAEMON), OverlayRenderTest.DAEMON_CONTAINER);
        List<String> args = new ArrayList<>();
        c.path("args").forEach(a -> args.add(a.asText()));
        assertThat(args.get(0)).isEqualTo("run");
        CommandLine main = mainCommand();
        CommandLine run = main.getSubcommands().get("run");
        assertThat(run).as("the CLI has a run command").isNotNull();
        Map<String, CommandLine.Model.OptionSpec> options = run.getCommandSpec().optionsMap();
        for (String a : args.subList(1, args.size())) {
            if (a.startsWith("--")) {
                assertThat(options).as("run has the flag " + a).containsKey(a.split("=", 2)[0]);
            }
        }
        CommandLine.ParseResult parsed = main.parseArgs(args.toArray(new String[0]));
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("run");

        Set<String> literals = codeStringLiterals();
        for (String name : r.envNames(c)) {
            if (name.startsWith("KCS_") || List.of("CATALOG_API_KEY", "KONG_API_KEY", "POD_NAME").contains(name)) {
                assertThat(literals).as(target + ": the daemon's code names the variable " + name).contains(name);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void theDaemonRunsAsItsDeploymentConfiguresIt(Target target) throws Exception {
        Rendered r = Rendered.of(target);
        ObjectNode deployment = r.get("Deployment", OverlayRenderTest.DAEMON);
        JsonNode c = Rendered.container(deployment, OverlayRenderTest.DAEMON_CONTAINER);
        List<String> args = new ArrayList<>();
        c.path("args").forEach(a -> args.add(a.asText()));
        boolean leaderElect = args.contains("--leader-elect");
        boolean dbless = r.resolvedEnv(Rendered.container(r.get("Deployment", OverlayRenderTest.KONG), "proxy"),
                "KONG_DATABASE").orElse("postgres").equals("off");

        Map<String, String> env = MaskingSidecarCrossCheckTest.environment(r, c, SECRETS);
        Map<String, String> manifest = new LinkedHashMap<>(env);
        int port = LocalProcesses.freePort();
        Vertx vertx = Vertx.vertx();
        KubernetesMockServer kube = null;
        try (CatalogServer server = new CatalogServer(CATALOG_KEY)) {
            EmulatorOptions kongOptions = (dbless ? EmulatorOptions.dblessDefaults() : EmulatorOptions.defaults())
                    .withAdminToken(KONG_TOKEN);
            KongEmulator kong = KongEmulator.start(vertx, kongOptions).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            try {
                CatalogDriver catalog;
                String manifestCatalog = manifest.get("KCS_CATALOG");
                if (URI.create(manifestCatalog).getScheme() == null) {
                    // A file catalog (dev): the file the ConfigMap mounts, with the content the ConfigMap holds.
                    String content = catalogFileContent(r, deployment, c, manifestCatalog);
                    Path file = tmp.resolve("catalog").resolve(Path.of(manifestCatalog).getFileName());
                    Files.createDirectories(file.getParent());
                    catalog = new FileCatalog(file, content);
                    env.put("KCS_CATALOG", file.toString());
                } else {
                    server.serve(CATALOG);
                    catalog = new HttpCatalog(server);
                    env.put("KCS_CATALOG", server.baseUrl());
                }
                env.put("KCS_KONG_ADMIN_URL", kong.adminUrl());
                env.put("KCS_HTTP_PORT", String.valueOf(port));
                env.put("KCS_HTTP_HOST", "127.0.0.1");
                if (leaderElect) {
                    kube = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                            new KubernetesCrudDispatcher(), false);
                    kube.init(InetAddress.getByName("127.0.0.1"), 0);
                    env.put("KUBERNETES_MASTER", "http://127.0.0.1:" + kube.getPort());
                    env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
                    env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
                }
                runAndCheck(target, r, deployment, c, args, env, manifest, port, catalog, kong, kube);
            } finally {
                kong.close();
            }
        } finally {
            if (kube != null) {
                kube.destroy();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private void runAndCheck(Target target, Rendered r, ObjectNode deployment, JsonNode c, List<String> args,
                             Map<String, String> env, Map<String, String> manifest, int port, CatalogDriver catalog,
                             KongEmulator kong, KubernetesMockServer kube) throws Exception {
        String base = "http://127.0.0.1:" + port;
        Scrape scrape = new Scrape();
        LocalProcesses.Child daemon = LocalProcesses.java("daemon-" + target, MAIN_CLASS, args, env, tmp);
        try {
            // Probes, on the paths the Deployment uses.
            LocalProcesses.await("daemon /healthz", Duration.ofSeconds(90),
                    () -> LocalProcesses.status(base + c.at("/livenessProbe/httpGet/path").asText()) == 200
                            || !daemon.process().isAlive());
            assertThat(daemon.process().isAlive()).as("daemon started").isTrue();
            LocalProcesses.await("daemon " + c.at("/readinessProbe/httpGet/path").asText(), Duration.ofSeconds(90),
                    () -> LocalProcesses.status(base + c.at("/readinessProbe/httpGet/path").asText()) == 200);
            // With --leader-elect the first cycle may run before the Lease is won, as a dry run; wait for the
            // leader's first applied cycle.
            LocalProcesses.await("an applied cycle", Duration.ofSeconds(60), () -> {
                try {
                    JsonNode st = status(base);
                    return !st.at("/lastCycle/dry_run").asBoolean(true) && !st.at("/lastCycle/outcome").asText().isEmpty();
                } catch (IOException | RuntimeException e) {
                    return false;
                }
            });
            JsonNode status = status(base);
            assertThat(status.at("/lastCycle/outcome").asText()).as(status.toString()).isIn("SUCCESS", "NO_CHANGES");
            scrape.add(LocalProcesses.get(base + "/metrics").body());

            // The catalog key, the Admin API token, the owner tag and the masking settings took effect.
            catalog.assertKeySent();
            String ownerTag = manifest.get("KCS_OWNER_TAG");
            JsonNode services = kongGet(kong, "/services?tags=" + ownerTag);
            assertThat(services.path("data")).as("services tagged " + ownerTag).isNotEmpty();
            JsonNode plugins = kongGet(kong, "/plugins");
            JsonNode preFunction = null;
            JsonNode rateLimiting = null;
            for (JsonNode p : plugins.path("data")) {
                if (p.path("name").asText().equals("pre-function")) {
                    preFunction = p;
                } else if (p.path("name").asText().equals("rate-limiting")) {
                    rateLimiting = p;
                }
            }
            assertThat(preFunction).as("the masking hook is attached (plugins: " + plugins + ")").isNotNull();
            String prelude = preFunction.at("/config/access/0").asText();
            assertThat(prelude).contains("sidecar_url = \"" + manifest.get("KCS_MASKING_URL") + "\"")
                    .contains("secret_ref = \"" + manifest.get("KCS_MASKING_SECRET_REF") + "\"");
            assertThat(preFunction.at("/config/access/1").asText()).isEqualTo(KongHookEnvironmentTest.hookSource());
            assertThat(rateLimiting).isNotNull();
            if (manifest.containsKey("KCS_KONG_REDIS_HOST")) {
                assertThat(rateLimiting.at("/config/policy").asText()).isEqualTo("redis");
                assertThat(rateLimiting.at("/config/redis_host").asText()).isEqualTo(manifest.get("KCS_KONG_REDIS_HOST"));
                assertThat(rateLimiting.at("/config/redis_password").asText())
                        .isEqualTo(manifest.get("KCS_KONG_REDIS_PASSWORD"));
            }

            // A catalog that comes back empty: deletions refused, creates/updates go on.
            catalog.empty();
            int refusedCycle = trigger(base);
            awaitCycle(base, refusedCycle);
            JsonNode refused = status(base);
            // A refusal is a "partial" cycle: the sync works, something was held back (CycleResult.Outcome).
            assertThat(refused.at("/lastCycle/outcome").asText()).as(refused.toString()).isEqualTo("PARTIAL");
            assertThat(refused.at("/lastCycle/refused_deletions/0/reason").asText()).isEqualTo("empty_catalog");
            scrape.add(LocalProcesses.get(base + "/metrics").body());

            // A failing catalog: the cycle fails, nothing is deleted.
            catalog.fail();
            int failedCycle = trigger(base);
            awaitCycle(base, failedCycle);
            JsonNode failed = status(base);
            assertThat(failed.at("/lastCycle/outcome").asText()).as(failed.toString()).isEqualTo("FAILED");
            assertThat(kongGet(kong, "/services?tags=" + ownerTag).path("data")).isNotEmpty();
            scrape.add(LocalProcesses.get(base + "/metrics").body());

            if (kube != null) {
                checkLeaderElection(r, manifest, kube);
            }

            // SIGTERM: the daemon stops within the grace period the Deployment gives it.
            long grace = deployment.at("/spec/template/spec/terminationGracePeriodSeconds").asLong();
            long t0 = System.nanoTime();
            daemon.process().destroy();
            assertThat(daemon.process().waitFor(grace, TimeUnit.SECONDS)).as("stopped within " + grace + "s").isTrue();
            assertThat(daemon.process().exitValue()).as("exit code after SIGTERM").isIn(0, 143);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(grace));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- daemon output ---\n" + daemon.output(), e);
        } finally {
            daemon.close();
        }

        String output = daemon.output();
        for (String secret : SECRETS.values()) {
            assertThat(output).as("a secret in the daemon's logs").doesNotContain(secret);
        }
        if ("json".equals(manifest.get("KCS_LOG_FORMAT"))) {
            long jsonLines = 0;
            for (String line : output.split("\n")) {
                if (line.startsWith("{")) {
                    JsonNode event = ManifestRepository.JSON.readTree(line);
                    assertThat(event.has("level") && event.has("formattedMessage")).as(line).isTrue();
                    jsonLines++;
                }
            }
            assertThat(jsonLines).as("JSON log events (KCS_LOG_FORMAT=json)").isPositive();
        }

        Set<String> checked = scrape.assertSelectorsExist(MonitoringManifestTest.allExpressions(r),
                name -> !name.startsWith("kcs_masking_"), "the sync daemon");
        assertThat(checked).as("alerts and panels on the daemon's metrics").hasSizeGreaterThanOrEqualTo(10);
    }

    /** Changes what the daemon's catalog says between cycles. */
    private interface CatalogDriver {
        void empty() throws IOException;

        void fail() throws IOException;

        void assertKeySent();
    }

    private static final class HttpCatalog implements CatalogDriver {
        private final CatalogServer server;

        HttpCatalog(CatalogServer server) {
            this.server = server;
        }

        @Override
        public void empty() {
            server.serve("[]");
        }

        @Override
        public void fail() {
            server.fail(500);
        }

        @Override
        public void assertKeySent() {
            assertThat(server.authorizations()).as("CATALOG_API_KEY sent as the Bearer key")
                    .isNotEmpty().allMatch(("Bearer " + CATALOG_KEY)::equals);
        }
    }

    private static final class FileCatalog implements CatalogDriver {
        private final Path file;

        FileCatalog(Path file, String content) throws IOException {
            this.file = file;
            Files.writeString(file, content);
        }

        @Override
        public void empty() throws IOException {
            Files.writeString(file, "services: []\n");
        }

        @Override
        public void fail() throws IOException {
            Files.writeString(file, "services: [ {name: broken\n");
        }

        @Override
        public void assertKeySent() {
            // a file needs no key
        }
    }

    /** The content of the mounted ConfigMap key that holds {@code path}. */
    static String catalogFileContent(Rendered r, JsonNode deployment, JsonNode container, String path) {
        Path p = Path.of(path);
        for (JsonNode m : container.path("volumeMounts")) {
            if (p.getParent().toString().equals(m.path("mountPath").asText())) {
                for (JsonNode v : deployment.at("/spec/template/spec/volumes")) {
                    if (v.path("name").equals(m.path("name"))) {
                        JsonNode data = r.get("ConfigMap", v.at("/configMap/name").asText()).path("data");
                        assertThat(data.has(p.getFileName().toString())).as("the ConfigMap holds " + path).isTrue();
                        return data.path(p.getFileName().toString()).asText();
                    }
                }
            }
        }
        throw new AssertionError("no volume mounted at " + p.getParent());
    }

    /** The dev catalog the manifests ship passes the CLI's own validation. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void aCatalogFileTheManifestsShipIsValid(Target target) throws Exception {
        Rendered r = Rendered.of(target);
        ObjectNode deployment = r.get("Deployment", OverlayRenderTest.DAEMON);
        JsonNode c = Rendered.container(deployment, OverlayRenderTest.DAEMON_CONTAINER);
        String catalog = r.resolvedEnv(c, "KCS_CATALOG").orElseThrow();
        if (URI.create(catalog).getScheme() != null) {
            assertThat(catalog).startsWith("http");
            return;
        }
        Path file = tmp.resolve(Path.of(catalog).getFileName());
        Files.writeString(file, catalogFileContent(r, deployment, c, catalog));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = (int) Class.forName(MAIN_CLASS)
                .getMethod("run", String[].class, Map.class, PrintWriter.class, PrintWriter.class)
                .invoke(null, new String[] {"validate", "--catalog", file.toString()}, Map.of(),
                        new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as("validate " + catalog + ":\n" + out + err).isZero();
    }

    /**
     * Every request leader election made is on the Lease the Role names, in the pod's namespace, with a verb the
     * Role grants; and the Lease it holds is that one.
     */
    private static void checkLeaderElection(Rendered r, Map<String, String> manifest, KubernetesMockServer kube)
            throws InterruptedException {
        String lease = manifest.get("KCS_LEASE_NAME");
        String namespace = manifest.get("KCS_LEASE_NAMESPACE");
        JsonNode role = r.ofKind("Role").get(0);
        Pattern leasePath = Pattern.compile("/apis/coordination\\.k8s\\.io/v1/namespaces/([^/]+)/leases(?:/([^/?]+))?(\\?.*)?");
        Set<String> verbsUsed = new TreeSet<>();
        int requests = kube.getRequestCount();
        assertThat(requests).as("leader election talked to the API").isPositive();
        for (int i = 0; i < requests; i++) {
            RecordedRequest req = kube.takeRequest(1, TimeUnit.SECONDS);
            if (req == null) {
                break;
            }
            Matcher m = leasePath.matcher(req.getPath());
            assertThat(m.matches()).as("the daemon only touches Leases: " + req.getMethod() + " " + req.getPath()).isTrue();
            assertThat(m.group(1)).isEqualTo(namespace);
            String verb = verb(req.getMethod(), m.group(2) != null, m.group(3) != null && m.group(3).contains("watch"));
            verbsUsed.add(verb);
            boolean allowed = false;
            for (JsonNode rule : role.path("rules")) {
                boolean verbOk = rule.path("verbs").toString().contains("\"" + verb + "\"");
                boolean nameOk = !rule.has("resourceNames") || (m.group(2) != null
                        && rule.path("resourceNames").toString().contains("\"" + m.group(2) + "\""));
                allowed |= verbOk && nameOk;
            }
            assertThat(allowed).as("the Role allows " + verb + " " + req.getPath()).isTrue();
        }
        Set<String> granted = new TreeSet<>();
        role.path("rules").forEach(rule -> rule.path("verbs").forEach(v -> granted.add(v.asText())));
        assertThat(granted).as("the Role grants exactly the verbs leader election used").isEqualTo(verbsUsed);
        assertThat(lease).isNotBlank();
    }

    private static String verb(String method, boolean named, boolean watch) {
        switch (method) {
            case "GET": return named ? "get" : watch ? "watch" : "list";
            case "POST": return "create";
            case "PUT": return "update";
            case "PATCH": return "patch";
            case "DELETE": return "delete";
            default: return method.toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static JsonNode status(String base) throws IOException {
        return ManifestRepository.JSON.readTree(LocalProcesses.get(base + "/status").body());
    }

    /** POST /sync; returns the number of the cycle that will run it. */
    private static int trigger(String base) throws IOException {
        JsonNode reply = ManifestRepository.JSON.readTree(LocalProcesses.send(HttpRequest.newBuilder(URI.create(base + "/sync"))
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody()).build()).body());
        assertThat(reply.has("cycle")).as("POST /sync answer " + reply).isTrue();
        return reply.path("cycle").asInt();
    }

    private static void awaitCycle(String base, int cycle) {
        LocalProcesses.await("cycle " + cycle, Duration.ofSeconds(60), () -> {
            try {
                return status(base).at("/lastCycle/cycle").asInt() >= cycle;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        });
    }

    private static JsonNode kongGet(KongEmulator kong, String path) throws IOException {
        return ManifestRepository.JSON.readTree(LocalProcesses.send(HttpRequest.newBuilder(URI.create(kong.adminUrl() + path))
                .header("Kong-Admin-Token", KONG_TOKEN).timeout(Duration.ofSeconds(5)).GET().build()).body());
    }

    /**
     * The string constants in the daemon's compiled code (sync-daemon's own classes): the names it can look up.
     * A class file keeps each string literal as a CONSTANT_Utf8 entry, plain bytes for ASCII names.
     */
    static Set<String> codeStringLiterals() throws Exception {
        return codeStringLiterals(MAIN_CLASS);
    }

    /** The same, for the classes beside {@code anchorClass} (its class folder or jar). */
    static Set<String> codeStringLiterals(String anchorClass) throws Exception {
        Path classes = Path.of(Class.forName(anchorClass).getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isDirectory(classes)) {
            // a jar (the module built by `mvn verify`): read its entries instead
            Set<String> out = new TreeSet<>();
            Pattern name = Pattern.compile("[A-Z][A-Z0-9_]{2,}");
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(classes.toFile())) {
                for (java.util.jar.JarEntry e : java.util.Collections.list(jar.entries())) {
                    if (e.getName().startsWith("io/catalogsync/") && e.getName().endsWith(".class")) {
                        Matcher m = name.matcher(new String(jar.getInputStream(e).readAllBytes(), StandardCharsets.ISO_8859_1));
                        while (m.find()) {
                            out.add(m.group());
                        }
                    }
                }
            }
            return out;
        }
        Set<String> out = new TreeSet<>();
        Pattern name = Pattern.compile("[A-Z][A-Z0-9_]{2,}");
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                Matcher m = name.matcher(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
                while (m.find()) {
                    out.add(m.group());
                }
            }
        }
        return out;
    }
}
