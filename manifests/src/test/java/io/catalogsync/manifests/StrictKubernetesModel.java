package io.catalogsync.manifests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a manifest with the fabric8 Kubernetes model and fails on any field the model does not know.
 *
 * <p>fabric8's model classes keep unknown fields in an {@code additionalProperties} map (a Jackson any-setter), so
 * {@code FAIL_ON_UNKNOWN_PROPERTIES} never fires: instead every object of the parsed tree is walked and a
 * non-empty {@code additionalProperties} is an error naming the field's path. A value of the wrong type
 * ({@code replicas: two}) already fails in Jackson. Prometheus Operator kinds have no model here: they come back as
 * {@link GenericKubernetesResource} and are checked field by field against the CRD's schema (the part used).
 */
final class StrictKubernetesModel {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** Kinds that are CRDs (no fabric8 model on the classpath): group/version + kind. */
    static final Set<String> CUSTOM_KINDS = Set.of(
            "monitoring.coreos.com/v1/ServiceMonitor", "monitoring.coreos.com/v1/PrometheusRule");

    private StrictKubernetesModel() {
    }

    /** Parses {@code node} as the model class of its apiVersion/kind, or throws naming every unknown field. */
    static HasMetadata parse(ObjectNode node, String where) {
        String typeKey = node.path("apiVersion").asText() + "/" + node.path("kind").asText();
        HasMetadata parsed;
        try {
            parsed = SERIALIZATION.<HasMetadata>unmarshal(ManifestRepository.JSON.writeValueAsString(node));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new AssertionError(where + ": does not parse as " + typeKey + ": " + e.getMessage(), e);
        }
        if (parsed instanceof GenericKubernetesResource) {
            if (!CUSTOM_KINDS.contains(typeKey)) {
                throw new AssertionError(where + ": " + typeKey + " is no Kubernetes kind the model knows (typo?)");
            }
            List<String> problems = new ArrayList<>();
            if (typeKey.endsWith("/ServiceMonitor")) {
                checkServiceMonitor(node, problems);
            } else {
                checkPrometheusRule(node, problems);
            }
            checkMetadata(parsed, problems);
            if (!problems.isEmpty()) {
                throw new AssertionError(where + ": " + String.join("; ", problems));
            }
            return parsed;
        }
        List<String> unknown = new ArrayList<>();
        walk(parsed, typeKey, unknown);
        if (!unknown.isEmpty()) {
            throw new AssertionError(where + ": fields unknown to the Kubernetes model: " + unknown);
        }
        return parsed;
    }

    private static void checkMetadata(HasMetadata parsed, List<String> problems) {
        List<String> unknown = new ArrayList<>();
        walk(parsed.getMetadata(), "metadata", unknown);
        unknown.forEach(u -> problems.add("unknown field " + u));
    }

    private static void walk(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection) {
            int i = 0;
            for (Object element : (Collection<?>) value) {
                walk(element, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                walk(e.getValue(), path + "." + e.getKey(), unknown);
            }
            return;
        }
        Class<?> type = value.getClass();
        if (!type.getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Class<?> returned = m.getReturnType();
            boolean interesting = Collection.class.isAssignableFrom(returned) || Map.class.isAssignableFrom(returned)
                    || returned.getName().startsWith("io.fabric8.kubernetes.api.model");
            if (!interesting) {
                continue;
            }
            Object child;
            try {
                child = m.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + path + "." + m.getName(), e);
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map && !((Map<?, ?>) child).isEmpty()) {
                    ((Map<?, ?>) child).keySet().forEach(k -> unknown.add(path + "." + k));
                }
            } else {
                walk(child, path + "." + property(m.getName()), unknown);
            }
        }
    }

    private static String property(String getter) {
        String p = getter.substring(3);
        return p.isEmpty() ? p : Character.toLowerCase(p.charAt(0)) + p.substring(1);
    }

    // --- Prometheus Operator CRDs (monitoring.coreos.com/v1), the fields these manifests use or may use. ---

    private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Set<String> SERVICE_MONITOR_SPEC = Set.of(
            "endpoints", "selector", "namespaceSelector", "jobLabel", "targetLabels", "podTargetLabels",
            "sampleLimit", "attachMetadata");
    private static final Set<String> ENDPOINT = Set.of(
            "port", "targetPort", "path", "scheme", "interval", "scrapeTimeout", "honorLabels", "honorTimestamps",
            "relabelings", "metricRelabelings", "params", "followRedirects", "enableHttp2");
    private static final Set<String> LABEL_SELECTOR = Set.of("matchLabels", "matchExpressions");
    private static final Set<String> NAMESPACE_SELECTOR = Set.of("any", "matchNames");
    private static final Set<String> RULE_GROUP = Set.of("name", "interval", "rules", "limit", "partial_response_strategy");
    private static final Set<String> RULE = Set.of("alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations");

    private static void checkServiceMonitor(ObjectNode node, List<String> problems) {
        only(node, TOP, "", problems);
        JsonNode spec = required(node, "spec", "", problems);
        only(spec, SERVICE_MONITOR_SPEC, "spec", problems);
        only(required(spec, "selector", "spec", problems), LABEL_SELECTOR, "spec.selector", problems);
        if (spec.has("namespaceSelector")) {
            only(spec.get("namespaceSelector"), NAMESPACE_SELECTOR, "spec.namespaceSelector", problems);
        }
        JsonNode endpoints = required(spec, "endpoints", "spec", problems);
        if (!endpoints.isArray() || endpoints.isEmpty()) {
            problems.add("spec.endpoints must be a non-empty list");
        }
        int i = 0;
        for (JsonNode e : endpoints) {
            String p = "spec.endpoints[" + i++ + "]";
            only(e, ENDPOINT, p, problems);
            if (!e.hasNonNull("port") && !e.hasNonNull("targetPort")) {
                problems.add(p + " needs port (a Service port name) or targetPort");
            }
            for (String duration : List.of("interval", "scrapeTimeout")) {
                if (e.has(duration) && !isDuration(e.get(duration).asText())) {
                    problems.add(p + "." + duration + " is not a Prometheus duration: " + e.get(duration));
                }
            }
        }
    }

    private static void checkPrometheusRule(ObjectNode node, List<String> problems) {
        only(node, TOP, "", problems);
        JsonNode spec = required(node, "spec", "", problems);
        only(spec, Set.of("groups"), "spec", problems);
        JsonNode groups = required(spec, "groups", "spec", problems);
        int g = 0;
        for (JsonNode group : groups) {
            String gp = "spec.groups[" + g++ + "]";
            only(group, RULE_GROUP, gp, problems);
            required(group, "name", gp, problems);
            int r = 0;
            for (JsonNode rule : required(group, "rules", gp, problems)) {
                String rp = gp + ".rules[" + r++ + "]";
                only(rule, RULE, rp, problems);
                if (rule.has("alert") == rule.has("record")) {
                    problems.add(rp + " needs exactly one of alert and record");
                }
                if (!rule.path("expr").isTextual() || rule.path("expr").asText().isBlank()) {
                    problems.add(rp + ".expr must be a non-empty string");
                }
                if (rule.has("for") && !isDuration(rule.get("for").asText())) {
                    problems.add(rp + ".for is not a Prometheus duration: " + rule.get("for"));
                }
                for (String map : List.of("labels", "annotations")) {
                    for (Iterator<JsonNode> it = rule.path(map).elements(); it.hasNext(); ) {
                        if (!it.next().isTextual()) {
                            problems.add(rp + "." + map + " values must be strings");
                        }
                    }
                }
            }
        }
    }

    static boolean isDuration(String s) {
        return s.matches("(\\d+(ms|s|m|h|d|w|y))+");
    }

    private static JsonNode required(JsonNode node, String field, String path, List<String> problems) {
        if (!node.hasNonNull(field)) {
            problems.add((path.isEmpty() ? "" : path + ".") + field + " is required");
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        return node.get(field);
    }

    private static void only(JsonNode node, Set<String> allowed, String path, List<String> problems) {
        node.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                problems.add("unknown field " + (path.isEmpty() ? "" : path + ".") + f);
            }
        });
    }
}
