package io.catalogsync.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.manifests.Rendered.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The PrometheusRule and the Grafana dashboard, as documents: every alert complete and linked to its runbook
 * section, every panel with a query. Whether the metric names in them exist is {@link MetricNamesCrossCheckTest}'s
 * job (against live registries).
 */
class MonitoringManifestTest {

    /** The alerts issue 6 asks for, and then some. */
    static final Set<String> REQUIRED_ALERTS = Set.of(
            "KongCatalogSyncFailing", "KongCatalogSyncStale", "KongCatalogSyncDeletionsRefused",
            "KongCatalogSyncKongAdminErrors", "KongMaskingFailSecure", "KongMaskingRedisUnreachable");

    @Test
    void everyAlertIsCompleteAndLinksToAnExistingRunbookSection() throws IOException {
        Set<String> anchors = markdownAnchors(Files.readString(
                ManifestRepository.projectRoot().resolve("docs/operations.md")));
        Set<String> names = new HashSet<>();
        for (JsonNode rule : alertRules(Rendered.of(Target.BASE))) {
            String alert = rule.path("alert").asText();
            assertThat(names.add(alert)).as("alert names are unique: " + alert).isTrue();
            assertThat(rule.path("for").asText()).as(alert + " has a for").isNotEmpty();
            assertThat(StrictKubernetesModel.isDuration(rule.path("for").asText())).isTrue();
            assertThat(rule.at("/labels/severity").asText()).as(alert).isIn("critical", "warning", "info");
            assertThat(rule.at("/annotations/summary").asText()).as(alert + " summary").isNotBlank();
            assertThat(rule.at("/annotations/description").asText()).as(alert + " description").isNotBlank();
            String runbook = rule.at("/annotations/runbook_url").asText();
            assertThat(runbook).as(alert + " runbook_url").startsWith("docs/operations.md#");
            String anchor = runbook.substring(runbook.indexOf('#') + 1);
            assertThat(anchor).as(alert + " runbook anchor is the alert's own section").isEqualTo(alert.toLowerCase(Locale.ROOT));
            assertThat(anchors).as(alert + ": docs/operations.md has a heading for #" + anchor).contains(anchor);
            assertThat(PromQl.selectors(rule.path("expr").asText())).as(alert + " selects a metric").isNotEmpty();
        }
        assertThat(names).containsAll(REQUIRED_ALERTS);
    }

    @Test
    void theDashboardIsAGrafanaDashboardConfigMapWithAQueryInEveryPanel() throws IOException {
        for (Target target : Target.values()) {
            ObjectNode cm = Rendered.of(target).get("ConfigMap", "kong-catalog-sync-dashboard");
            assertThat(cm.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        }
        JsonNode dashboard = dashboard(Rendered.of(Target.BASE));
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.at("/templating/list/0/type").asText()).isEqualTo("datasource");
        Set<Integer> ids = new HashSet<>();
        int queries = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel ids unique").isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(panel.path("title") + " fits 24 columns")
                    .isLessThanOrEqualTo(24);
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("targets")).as(panel.path("title") + " has queries").isNotEmpty();
            for (JsonNode t : panel.path("targets")) {
                assertThat(PromQl.selectors(t.path("expr").asText())).as(panel.path("title") + " query").isNotEmpty();
                queries++;
            }
            assertThat(panel.at("/datasource/uid").asText()).isEqualTo("${datasource}");
        }
        assertThat(queries).isGreaterThan(15);
    }

    static List<JsonNode> alertRules(Rendered r) {
        List<JsonNode> rules = new ArrayList<>();
        for (ObjectNode pr : r.ofKind("PrometheusRule")) {
            for (JsonNode group : pr.at("/spec/groups")) {
                group.path("rules").forEach(rules::add);
            }
        }
        return rules;
    }

    /** Every PromQL expression the monitoring manifests hold: alert rules and dashboard panel queries. */
    static List<String> allExpressions(Rendered r) throws IOException {
        List<String> exprs = new ArrayList<>();
        alertRules(r).forEach(rule -> exprs.add(rule.path("expr").asText()));
        for (JsonNode panel : dashboard(r).path("panels")) {
            panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
        }
        for (JsonNode v : dashboard(r).at("/templating/list")) {
            if (v.path("type").asText().equals("query")) {
                String q = v.at("/query/query").asText();
                // label_values(metric, label)
                exprs.add(q.substring(q.indexOf('(') + 1, q.indexOf(',')));
            }
        }
        return exprs;
    }

    static JsonNode dashboard(Rendered r) throws IOException {
        ObjectNode cm = r.get("ConfigMap", "kong-catalog-sync-dashboard");
        return ManifestRepository.JSON.readTree(cm.at("/data/kong-catalog-sync.json").asText());
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to '-'. */
    static Set<String> markdownAnchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        boolean fenced = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            }
            if (!fenced && line.matches("#{1,6} .*")) {
                String text = line.replaceFirst("#{1,6} ", "").trim().toLowerCase(Locale.ROOT);
                anchors.add(text.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}
