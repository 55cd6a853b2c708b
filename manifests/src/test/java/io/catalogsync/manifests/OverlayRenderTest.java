package io.catalogsync.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.manifests.Rendered.Target;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What {@code kubectl apply -k} would apply, for base, dev and prod: consistent, locked down, complete. */
class OverlayRenderTest {

    static final String NAMESPACE = "kong-catalog-sync";
    static final String DAEMON = "kong-catalog-sync";
    static final String DAEMON_CONTAINER = "daemon";
    static final String KONG = "kong";
    static final String SIDECAR_CONTAINER = "masking-sidecar";

    /** The Secrets the manifests reference and docs/operations.md tells the operator to create. */
    static final Set<String> SECRETS = Set.of(
            "kong-catalog-sync-credentials", "kong-masking-credentials", "kong-postgres-credentials");

    @ParameterizedTest
    @EnumSource(Target.class)
    void everyRenderedResourceParsesStrictlyAndLivesInTheNamespace(Target target) {
        Rendered r = Rendered.of(target);
        for (ObjectNode resource : r.resources) {
            StrictKubernetesModel.parse(resource, target + ": " + Kustomizer.id(resource));
            if (!resource.path("kind").asText().equals("Namespace")) {
                assertThat(resource.at("/metadata/namespace").asText()).as(Kustomizer.id(resource)).isEqualTo(NAMESPACE);
            }
            assertThat(resource.at("/metadata/labels/app.kubernetes.io~1part-of").asText())
                    .as(Kustomizer.id(resource)).isEqualTo("kong-catalog-sync");
        }
        assertThat(r.get("Namespace", NAMESPACE)).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void secretsAreOnlyReferencedNeverDefined(Target target) {
        Rendered r = Rendered.of(target);
        assertThat(r.ofKind("Secret")).as("Secrets with values in the repository").isEmpty();
        for (ObjectNode d : r.ofKind("Deployment")) {
            for (JsonNode c : Rendered.containers(d)) {
                for (JsonNode e : c.path("env")) {
                    JsonNode ref = e.at("/valueFrom/secretKeyRef");
                    if (!ref.isMissingNode()) {
                        assertThat(SECRETS).as(c.path("name") + " " + e.path("name")).contains(ref.path("name").asText());
                        assertThat(ref.path("key").asText()).isNotBlank();
                    }
                    // A variable whose name says secret must come from a Secret, never a literal value.
                    if (e.path("name").asText().matches(".*(PASSWORD|API_KEY|SECRET|TOKEN|HMAC_KEY).*")) {
                        assertThat(ref.isMissingNode()).as(c.path("name") + " " + e.path("name") + " is not a secretKeyRef")
                                .isFalse();
                    }
                }
                for (JsonNode from : c.path("envFrom")) {
                    assertThat(from.has("secretRef")).as("envFrom secretRef hides which keys are expected").isFalse();
                }
            }
        }
        for (ObjectNode cm : r.ofKind("ConfigMap")) {
            cm.path("data").fields().forEachRemaining(e -> {
                // A Kong vault reference ({vault://env/x}) names where a secret is, which is fine in a ConfigMap.
                if (!e.getValue().asText().matches("\\{vault://[a-z0-9_-]+/[^{}\\s]+}")) {
                    assertThat(e.getKey()).as("secret-looking key in ConfigMap " + cm.at("/metadata/name").asText())
                            .doesNotContainPattern("PASSWORD|API_KEY|SECRET|TOKEN|HMAC");
                }
            });
        }
    }

    @Test
    void everySecretKeyTheManifestsReferenceIsDocumentedForTheOperator() throws Exception {
        List<String> rows = new ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(
                ManifestRepository.projectRoot().resolve("docs/operations.md"))) {
            if (line.startsWith("| `")) {
                rows.add(line);
            }
        }
        Set<String> seen = new HashSet<>();
        for (Target target : Target.values()) {
            for (ObjectNode d : Rendered.of(target).ofKind("Deployment")) {
                for (JsonNode c : Rendered.containers(d)) {
                    for (JsonNode e : c.path("env")) {
                        JsonNode ref = e.at("/valueFrom/secretKeyRef");
                        if (ref.isMissingNode()) {
                            continue;
                        }
                        String secret = "`" + ref.path("name").asText() + "`";
                        String key = "`" + ref.path("key").asText() + "`";
                        String variable = "`" + e.path("name").asText() + "`";
                        seen.add(secret + key);
                        assertThat(rows).as("docs/operations.md documents " + secret + " " + key + " as " + variable)
                                .anyMatch(row -> row.startsWith("| " + secret + " | " + key) && row.contains(variable));
                    }
                }
            }
        }
        assertThat(seen).hasSizeGreaterThanOrEqualTo(6);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void everyContainerRunsLockedDown(Target target) {
        Rendered r = Rendered.of(target);
        for (ObjectNode d : r.ofKind("Deployment")) {
            JsonNode pod = d.at("/spec/template/spec");
            for (JsonNode c : Rendered.containers(d)) {
                String who = target + " " + d.at("/metadata/name").asText() + "/" + c.path("name").asText();
                JsonNode sc = c.path("securityContext");
                assertThat(sc.path("runAsNonRoot").asBoolean(pod.at("/securityContext/runAsNonRoot").asBoolean()))
                        .as(who + " runAsNonRoot").isTrue();
                long uid = sc.path("runAsUser").asLong(pod.at("/securityContext/runAsUser").asLong(0));
                assertThat(uid).as(who + " runAsUser").isPositive();
                assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as(who + " readOnlyRootFilesystem").isTrue();
                assertThat(sc.path("allowPrivilegeEscalation").isBoolean() && !sc.path("allowPrivilegeEscalation").asBoolean())
                        .as(who + " allowPrivilegeEscalation: false").isTrue();
                assertThat(sc.at("/capabilities/drop").toString()).as(who + " drops ALL").isEqualTo("[\"ALL\"]");
                assertThat(sc.at("/capabilities/add").isMissingNode()).as(who + " adds no capability").isTrue();
                String seccomp = sc.at("/seccompProfile/type").asText(pod.at("/securityContext/seccompProfile/type").asText());
                assertThat(seccomp).as(who + " seccomp").isEqualTo("RuntimeDefault");
                assertThat(c.at("/resources/requests/memory").asText()).as(who + " memory request").isNotEmpty();
                assertThat(c.at("/resources/limits/memory").asText()).as(who + " memory limit").isNotEmpty();
                assertThat(c.at("/resources/requests/cpu").asText()).as(who + " cpu request").isNotEmpty();
                if (target != Target.BASE) {
                    String image = c.path("image").asText();
                    assertThat(image).as(who + " image pinned by tag").matches(".+:[A-Za-z0-9._-]+").doesNotEndWith(":latest");
                }
            }
            assertThat(pod.path("hostNetwork").asBoolean(false)).isFalse();
            assertThat(pod.path("hostPID").asBoolean(false)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void volumesMountsAndConfigMapsAllResolve(Target target) {
        Rendered r = Rendered.of(target);
        for (ObjectNode d : r.ofKind("Deployment")) {
            String name = d.at("/metadata/name").asText();
            Set<String> volumes = new HashSet<>();
            for (JsonNode v : d.at("/spec/template/spec/volumes")) {
                volumes.add(v.path("name").asText());
                if (v.has("configMap")) {
                    ObjectNode cm = r.get("ConfigMap", v.at("/configMap/name").asText());
                    for (JsonNode item : v.at("/configMap/items")) {
                        assertThat(cm.path("data").has(item.path("key").asText())).isTrue();
                    }
                }
                assertThat(v.has("secret")).as(name + ": secret volumes are not used by these manifests").isFalse();
            }
            Set<String> used = new HashSet<>();
            for (JsonNode c : Rendered.containers(d)) {
                for (JsonNode m : c.path("volumeMounts")) {
                    assertThat(volumes).as(name + "/" + c.path("name").asText() + " mounts " + m.path("name"))
                            .contains(m.path("name").asText());
                    used.add(m.path("name").asText());
                }
                for (JsonNode from : c.path("envFrom")) {
                    r.get("ConfigMap", from.at("/configMapRef/name").asText());
                }
                for (JsonNode e : c.path("env")) {
                    JsonNode ref = e.at("/valueFrom/configMapKeyRef");
                    if (!ref.isMissingNode()) {
                        assertThat(r.get("ConfigMap", ref.path("name").asText()).path("data").has(ref.path("key").asText()))
                                .isTrue();
                    }
                }
                // $(VAR) in args is expanded by the kubelet only from the container's own variables.
                List<String> names = r.envNames(c);
                for (JsonNode a : c.path("args")) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\(([A-Z0-9_]+)\\)").matcher(a.asText());
                    while (m.find()) {
                        assertThat(names).as(name + "/" + c.path("name").asText() + " args use $(" + m.group(1) + ")")
                                .contains(m.group(1));
                    }
                }
            }
            assertThat(used).as(name + ": every volume is mounted").containsExactlyInAnyOrderElementsOf(volumes);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void servicesMonitorsAndBudgetsSelectRealPodsAndPorts(Target target) {
        Rendered r = Rendered.of(target);
        for (ObjectNode svc : r.ofKind("Service")) {
            String name = svc.at("/metadata/name").asText();
            List<ObjectNode> pods = r.deploymentsSelectedBy(svc.at("/spec/selector"));
            assertThat(pods).as(target + " Service " + name + " selects a Deployment's pods").isNotEmpty();
            for (JsonNode port : svc.at("/spec/ports")) {
                String targetPort = port.path("targetPort").asText();
                for (ObjectNode d : pods) {
                    List<String> portNames = new ArrayList<>();
                    Rendered.containers(d).forEach(c -> c.path("ports").forEach(p -> portNames.add(p.path("name").asText())));
                    assertThat(portNames).as(target + " Service " + name + " targetPort").contains(targetPort);
                }
            }
        }
        for (ObjectNode sm : r.ofKind("ServiceMonitor")) {
            List<ObjectNode> services = r.ofKind("Service").stream()
                    .filter(s -> Rendered.matches(sm.at("/spec/selector/matchLabels"), s.at("/metadata/labels")))
                    .collect(Collectors.toList());
            assertThat(services).as("ServiceMonitor " + sm.at("/metadata/name").asText() + " selects one Service").hasSize(1);
            Set<String> ports = new HashSet<>();
            services.get(0).at("/spec/ports").forEach(p -> ports.add(p.path("name").asText()));
            for (JsonNode e : sm.at("/spec/endpoints")) {
                assertThat(ports).contains(e.path("port").asText());
                assertThat(e.path("path").asText()).isEqualTo("/metrics");
            }
        }
        for (ObjectNode pdb : r.ofKind("PodDisruptionBudget")) {
            List<ObjectNode> selected = r.deploymentsSelectedBy(pdb.at("/spec/selector/matchLabels"));
            assertThat(selected).as("PDB " + pdb.at("/metadata/name").asText()).hasSize(1);
            int replicas = selected.get(0).at("/spec/replicas").asInt(1);
            // A budget that can never allow an eviction blocks node drains forever.
            if (pdb.at("/spec/minAvailable").isInt()) {
                assertThat(pdb.at("/spec/minAvailable").asInt()).isLessThan(replicas);
            } else {
                assertThat(pdb.at("/spec/maxUnavailable").asInt()).isPositive();
            }
        }
        for (ObjectNode np : r.ofKind("NetworkPolicy")) {
            assertThat(r.deploymentsSelectedBy(np.at("/spec/podSelector/matchLabels")))
                    .as("NetworkPolicy " + np.at("/metadata/name").asText()).isNotEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void daemonProbesPortsAndShutdownAgree(Target target) {
        Rendered r = Rendered.of(target);
        ObjectNode d = r.get("Deployment", DAEMON);
        JsonNode c = Rendered.container(d, DAEMON_CONTAINER);
        int httpPort = Integer.parseInt(r.resolvedEnv(c, "KCS_HTTP_PORT").orElseThrow());
        JsonNode port = c.at("/ports/0");
        assertThat(port.path("containerPort").asInt()).isEqualTo(httpPort);
        assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
        assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
        assertThat(c.at("/livenessProbe/httpGet/port").asText()).isEqualTo(port.path("name").asText());
        assertThat(c.at("/readinessProbe/httpGet/port").asText()).isEqualTo(port.path("name").asText());

        // Resolved from the environment as the daemon resolves it (the CLI's ConfigLayers).
        Duration shutdown = new io.catalogsync.cli.ConfigLayers(
                Map.of("KCS_SHUTDOWN_TIMEOUT", r.resolvedEnv(c, "KCS_SHUTDOWN_TIMEOUT").orElseThrow()), null, null)
                .duration(null, "--shutdown-timeout", "shutdownTimeout", Duration.ZERO, "KCS_SHUTDOWN_TIMEOUT");
        long grace = d.at("/spec/template/spec/terminationGracePeriodSeconds").asLong();
        assertThat(grace).as("terminationGracePeriodSeconds vs KCS_SHUTDOWN_TIMEOUT " + shutdown)
                .isBetween(shutdown.toSeconds() + 5, shutdown.toSeconds() + 30);
        assertThat(r.resolvedEnv(c, "KCS_LEASE_NAMESPACE")).isEmpty();
        assertThat(Rendered.env(c, "KCS_LEASE_NAMESPACE").at("/valueFrom/fieldRef/fieldPath").asText())
                .isEqualTo("metadata.namespace");
        assertThat(d.at("/spec/template/spec/volumes").toString()).contains("\"name\":\"tmp\"");
        assertThat(c.at("/volumeMounts").toString()).contains("\"mountPath\":\"/tmp\"");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void rbacCoversExactlyTheLeaseTheDaemonUses(Target target) {
        Rendered r = Rendered.of(target);
        ObjectNode d = r.get("Deployment", DAEMON);
        JsonNode c = Rendered.container(d, DAEMON_CONTAINER);
        String sa = d.at("/spec/template/spec/serviceAccountName").asText();
        r.get("ServiceAccount", sa);
        String lease = r.resolvedEnv(c, "KCS_LEASE_NAME").orElseThrow();

        assertThat(r.ofKind("Role")).hasSize(1);
        assertThat(r.ofKind("ClusterRole")).isEmpty();
        assertThat(r.ofKind("ClusterRoleBinding")).isEmpty();
        ObjectNode role = r.ofKind("Role").get(0);
        Set<String> namedVerbs = new HashSet<>();
        for (JsonNode rule : role.path("rules")) {
            assertThat(rule.path("apiGroups").toString()).isEqualTo("[\"coordination.k8s.io\"]");
            assertThat(rule.path("resources").toString()).isEqualTo("[\"leases\"]");
            List<String> verbs = new ArrayList<>();
            rule.path("verbs").forEach(v -> verbs.add(v.asText()));
            assertThat(verbs).isSubsetOf("get", "create", "patch");
            if (rule.has("resourceNames")) {
                assertThat(rule.path("resourceNames").toString()).isEqualTo("[\"" + lease + "\"]");
                namedVerbs.addAll(verbs);
            } else {
                // only create cannot be limited by name
                assertThat(verbs).containsExactly("create");
            }
        }
        assertThat(namedVerbs).containsExactlyInAnyOrder("get", "patch");

        ObjectNode binding = r.ofKind("RoleBinding").get(0);
        assertThat(binding.at("/roleRef/kind").asText()).isEqualTo("Role");
        assertThat(binding.at("/roleRef/name").asText()).isEqualTo(role.at("/metadata/name").asText());
        assertThat(binding.at("/subjects/0/kind").asText()).isEqualTo("ServiceAccount");
        assertThat(binding.at("/subjects/0/name").asText()).isEqualTo(sa);
        assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(binding.path("subjects")).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void daemonNetworkPolicyAllowsExactlyDnsCatalogAndKongAdmin(Target target) {
        Rendered r = Rendered.of(target);
        ObjectNode daemon = r.get("Deployment", DAEMON);
        JsonNode c = Rendered.container(daemon, DAEMON_CONTAINER);
        ObjectNode np = r.get("NetworkPolicy", DAEMON);
        assertThat(np.at("/spec/policyTypes").toString()).isEqualTo("[\"Ingress\",\"Egress\"]");
        JsonNode egress = np.at("/spec/egress");
        assertThat(egress).hasSize(3);

        assertThat(egress.get(0).at("/to/0/podSelector/matchLabels/k8s-app").asText()).isEqualTo("kube-dns");
        assertThat(ports(egress.get(0))).containsExactlyInAnyOrder("UDP/53", "TCP/53");

        URI catalog = URI.create(r.resolvedEnv(c, "KCS_CATALOG").orElseThrow());
        if (catalog.getScheme() == null) {
            // A file catalog (dev): it must come from a mounted volume.
            assertThat(c.path("volumeMounts").toString()).as("a volume holds " + catalog)
                    .contains("\"mountPath\":\"" + Path.of(catalog.getPath()).getParent() + "\"");
        } else {
            assertThat(ports(egress.get(1))).containsExactly("TCP/" + port(catalog));
            String ns = catalog.getHost().split("\\.")[1];
            assertThat(egress.get(1).at("/to/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText())
                    .as("catalog egress namespace vs KCS_CATALOG host").isEqualTo(ns);
        }

        URI kongAdmin = URI.create(r.resolvedEnv(c, "KCS_KONG_ADMIN_URL").orElseThrow());
        ObjectNode adminService = r.get("Service", kongAdmin.getHost().split("\\.")[0]);
        assertThat(kongAdmin.getHost()).isIn(adminService.at("/metadata/name").asText(),
                adminService.at("/metadata/name").asText() + "." + NAMESPACE + ".svc.cluster.local");
        JsonNode svcPort = adminService.at("/spec/ports/0");
        assertThat(svcPort.path("port").asInt()).isEqualTo(port(kongAdmin));
        List<ObjectNode> kongPods = r.deploymentsSelectedBy(egress.get(2).at("/to/0/podSelector/matchLabels"));
        assertThat(kongPods).extracting(k -> k.at("/metadata/name").asText()).containsExactly(KONG);
        int adminContainerPort = -1;
        for (JsonNode p : Rendered.container(kongPods.get(0), "proxy").path("ports")) {
            if (p.path("name").asText().equals(svcPort.path("targetPort").asText())) {
                adminContainerPort = p.path("containerPort").asInt();
            }
        }
        assertThat(ports(egress.get(2))).containsExactly("TCP/" + adminContainerPort);

        // Ingress: only the metrics port, only from the monitoring namespace.
        JsonNode ingress = np.at("/spec/ingress");
        assertThat(ingress).hasSize(1);
        assertThat(ports(ingress.get(0))).containsExactly("TCP/" + r.resolvedEnv(c, "KCS_HTTP_PORT").orElseThrow());
        assertThat(ingress.get(0).at("/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText())
                .isEqualTo("monitoring");

        // Kong's own policy lets the daemon in on that admin port.
        boolean kongAdmits = false;
        for (JsonNode rule : r.get("NetworkPolicy", KONG).at("/spec/ingress")) {
            for (JsonNode from : rule.path("from")) {
                if (Rendered.matches(from.at("/podSelector/matchLabels"), daemon.at("/spec/template/metadata/labels"))
                        && ports(rule).contains("TCP/" + adminContainerPort)) {
                    kongAdmits = true;
                }
            }
        }
        assertThat(kongAdmits).as("Kong's NetworkPolicy admits the daemon on the Admin API port").isTrue();
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void kongCarriesTheMaskingSidecarAndTheSandboxSettings(Target target) {
        Rendered r = Rendered.of(target);
        ObjectNode kong = r.get("Deployment", KONG);
        JsonNode proxy = Rendered.container(kong, "proxy");
        assertThat(r.resolvedEnv(proxy, "KONG_UNTRUSTED_LUA")).contains("sandbox");
        JsonNode sidecar = Rendered.container(kong, SIDECAR_CONTAINER);
        String portName = sidecar.at("/ports/0/name").asText();
        assertThat(sidecar.at("/livenessProbe/httpGet/port").asText()).isEqualTo(portName);
        assertThat(sidecar.at("/readinessProbe/httpGet/port").asText()).isEqualTo(portName);
        // The sidecar stops after Kong has drained, and both fit in the pod's grace period.
        long grace = kong.at("/spec/template/spec/terminationGracePeriodSeconds").asLong();
        JsonNode proxyStop = proxy.at("/lifecycle/preStop/exec/command");
        JsonNode sidecarStop = sidecar.at("/lifecycle/preStop/exec/command");
        int kongWait = Integer.parseInt(proxyStop.toString().replaceAll(".*--wait=(\\d+).*", "$1"));
        int sidecarWait = sidecarStop.get(1).asInt();
        assertThat(sidecarStop.get(0).asText()).isEqualTo("sleep");
        assertThat(sidecarWait).as("sidecar outlives Kong's drain").isGreaterThan(kongWait);
        assertThat(sidecarWait).as("and stops within the grace period").isLessThan((int) grace);
        // The daemon's prelude points the hook at the sidecar: same port.
        JsonNode daemon = Rendered.container(r.get("Deployment", DAEMON), DAEMON_CONTAINER);
        URI maskingUrl = URI.create(r.resolvedEnv(daemon, "KCS_MASKING_URL").orElseThrow());
        assertThat(maskingUrl.getHost()).isEqualTo("127.0.0.1");
        assertThat(port(maskingUrl)).isEqualTo(sidecar.at("/ports/0/containerPort").asInt());
    }

    @Test
    void devRunsOneDaemonKongDbLessAndALocalRedis() throws Exception {
        Rendered r = Rendered.of(Target.DEV);
        ObjectNode daemon = r.get("Deployment", DAEMON);
        assertThat(daemon.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(Rendered.container(daemon, DAEMON_CONTAINER).path("args").toString()).doesNotContain("--leader-elect");
        assertThat(daemon.at("/spec/template/spec/automountServiceAccountToken").asBoolean(true)).isFalse();
        assertThat(r.find("NetworkPolicy", "kong-catalog-sync-kube-api")).isEmpty();

        ObjectNode kong = r.get("Deployment", KONG);
        JsonNode proxy = Rendered.container(kong, "proxy");
        assertThat(r.resolvedEnv(proxy, "KONG_DATABASE")).contains("off");
        String declarative = r.resolvedEnv(proxy, "KONG_DECLARATIVE_CONFIG").orElseThrow();
        JsonNode mount = null;
        for (JsonNode m : proxy.path("volumeMounts")) {
            if (declarative.startsWith(m.path("mountPath").asText() + "/")) {
                mount = m;
            }
        }
        assertThat(mount).as("a volume holds " + declarative).isNotNull();
        String volumeName = mount.path("name").asText();
        JsonNode volume = null;
        for (JsonNode v : kong.at("/spec/template/spec/volumes")) {
            if (v.path("name").asText().equals(volumeName)) {
                volume = v;
            }
        }
        String file = Path.of(declarative).getFileName().toString();
        String config = r.get("ConfigMap", volume.at("/configMap/name").asText()).path("data").path(file).asText();
        JsonNode parsed = ManifestRepository.YAML.readTree(config);
        assertThat(parsed.path("_format_version").asText()).isEqualTo("3.0");
        assertThat(r.resolvedEnv(proxy, "KONG_PG_HOST")).isEmpty();

        URI redis = URI.create(r.resolvedEnv(Rendered.container(kong, SIDECAR_CONTAINER), "KCS_MASKING_REDIS_URL").orElseThrow());
        assertThat(redis.getScheme()).isEqualTo("redis");
        ObjectNode redisService = r.get("Service", redis.getHost());
        assertThat(redisService.at("/spec/ports/0/port").asInt()).isEqualTo(port(redis));
        assertThat(r.deploymentsSelectedBy(redisService.at("/spec/selector"))).hasSize(1);
    }

    @Test
    void prodRunsTwoLeaderElectedDaemonsKongOnPostgresAndElastiCacheWithTlsAndAuth() {
        Rendered r = Rendered.of(Target.PROD);
        ObjectNode daemon = r.get("Deployment", DAEMON);
        assertThat(daemon.at("/spec/replicas").asInt()).isEqualTo(2);
        JsonNode c = Rendered.container(daemon, DAEMON_CONTAINER);
        assertThat(c.path("args").toString()).contains("\"--leader-elect\"");
        assertThat(daemon.at("/spec/template/spec/automountServiceAccountToken").asBoolean()).isTrue();
        ObjectNode kubeApi = r.get("NetworkPolicy", "kong-catalog-sync-kube-api");
        assertThat(kubeApi.at("/spec/policyTypes").toString()).isEqualTo("[\"Egress\"]");
        assertThat(kubeApi.at("/spec/egress/0/to/0/ipBlock/cidr").asText()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+")
                .isNotEqualTo("0.0.0.0/0");
        assertThat(ports(kubeApi.at("/spec/egress/0"))).containsExactlyInAnyOrder("TCP/443", "TCP/6443");
        assertThat(c.path("image").asText()).contains("/");

        ObjectNode kong = r.get("Deployment", KONG);
        JsonNode proxy = Rendered.container(kong, "proxy");
        JsonNode migrations = Rendered.container(kong, "migrations");
        assertThat(r.resolvedEnv(proxy, "KONG_DATABASE")).contains("postgres");
        assertThat(r.resolvedEnv(proxy, "KONG_DECLARATIVE_CONFIG")).isEmpty();
        for (String v : List.of("KONG_DATABASE", "KONG_PG_HOST", "KONG_PG_PORT", "KONG_PG_DATABASE", "KONG_PG_USER",
                "KONG_PG_SSL", "KONG_PG_SSL_VERIFY")) {
            assertThat(r.resolvedEnv(migrations, v)).as("migrations and proxy agree on " + v)
                    .isPresent().isEqualTo(r.resolvedEnv(proxy, v));
        }
        assertThat(r.resolvedEnv(proxy, "KONG_PG_SSL")).contains("on");
        for (JsonNode container : List.of(proxy, migrations)) {
            assertThat(Rendered.env(container, "KONG_PG_PASSWORD").at("/valueFrom/secretKeyRef/name").asText())
                    .isEqualTo("kong-postgres-credentials");
        }
        assertThat(kong.at("/spec/replicas").asInt()).isEqualTo(2);

        JsonNode sidecar = Rendered.container(kong, SIDECAR_CONTAINER);
        URI redis = URI.create(r.resolvedEnv(sidecar, "KCS_MASKING_REDIS_URL").orElseThrow());
        assertThat(redis.getScheme()).isEqualTo("rediss");
        assertThat(redis.getUserInfo()).as("no password in the Redis URL").isNull();
        assertThat(Rendered.env(sidecar, "KCS_MASKING_REDIS_PASSWORD").at("/valueFrom/secretKeyRef/name").asText())
                .isEqualTo("kong-masking-credentials");
        assertThat(r.find("Deployment", "redis")).isEmpty();
    }

    @Test
    void overlaysOnlyPatchWhatTheBaseDefines() {
        Rendered base = Rendered.of(Target.BASE);
        Set<String> baseIds = base.resources.stream()
                .map(x -> x.path("kind").asText() + "/" + x.at("/metadata/name").asText()).collect(Collectors.toSet());
        for (Target overlay : List.of(Target.DEV, Target.PROD)) {
            Path dir = ManifestRepository.manifestsDir().resolve(overlay.folder);
            JsonNode k = ManifestRepository.read(dir.resolve("kustomization.yaml")).get(0).node();
            assertThat(k.path("patches")).as(overlay + " patches something").isNotEmpty();
            for (JsonNode p : k.path("patches")) {
                for (ManifestRepository.YamlDocument doc : ManifestRepository.read(dir.resolve(p.path("path").asText()))) {
                    String id = doc.node().path("kind").asText() + "/" + doc.node().at("/metadata/name").asText();
                    assertThat(baseIds).as(doc.where() + " patches " + id).contains(id);
                }
            }
            assertThat(k.path("resources").get(0).asText()).isEqualTo("../../base");
        }
    }

    private static List<String> ports(JsonNode rule) {
        List<String> out = new ArrayList<>();
        rule.path("ports").forEach(p -> out.add(p.path("protocol").asText("TCP") + "/" + p.path("port").asText()));
        return out;
    }

    private static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return uri.getScheme().equals("https") ? 443 : 80;
    }
}
