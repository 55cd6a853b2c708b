package io.catalogsync.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/** A Prometheus text exposition, as the programs' {@code /metrics} serve it: sample names and their labels. */
final class Scrape {

    /** Labels Prometheus itself attaches to every scraped series (Prometheus Operator target labels). */
    static final Set<String> TARGET_LABELS = Set.of(
            "namespace", "pod", "service", "job", "instance", "container", "endpoint");

    private final Map<String, List<Map<String, String>>> samples = new HashMap<>();

    /** Adds every sample of one scrape (several scrapes of the same program accumulate). */
    void add(String exposition) {
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0 && brace < space) {
                int i = brace + 1;
                while (line.charAt(i) != '}') {
                    int eq = line.indexOf('=', i);
                    String label = line.substring(i, eq).trim();
                    StringBuilder value = new StringBuilder();
                    int j = eq + 2; // past ="
                    while (line.charAt(j) != '"') {
                        if (line.charAt(j) == '\\') {
                            j++;
                        }
                        value.append(line.charAt(j++));
                    }
                    labels.put(label, value.toString());
                    i = j + 1;
                    if (line.charAt(i) == ',') {
                        i++;
                    }
                }
            }
            samples.computeIfAbsent(name, k -> new ArrayList<>()).add(labels);
        }
    }

    Set<String> names() {
        return new TreeSet<>(samples.keySet());
    }

    /**
     * Every selector of {@code expressions} whose metric {@code owned} accepts must name a sample this scrape has,
     * and its label matchers must fit: {@code label="value"} needs a sample with that value, other matchers need
     * the label to exist (labels Prometheus adds at scrape time are not the program's business).
     *
     * @return the metric names checked, so that a caller can see the check was not vacuous
     */
    Set<String> assertSelectorsExist(List<String> expressions, Predicate<String> owned, String program) {
        Set<String> checked = new TreeSet<>();
        for (String expr : expressions) {
            for (PromQl.Selector s : PromQl.selectors(expr)) {
                if (!owned.test(s.metric())) {
                    continue;
                }
                checked.add(s.metric());
                assertThat(samples).as(program + " exports " + s.metric() + " (used in: " + expr + ")")
                        .containsKey(s.metric());
                for (PromQl.Matcher m : s.matchers()) {
                    if (TARGET_LABELS.contains(m.label())) {
                        continue;
                    }
                    List<Map<String, String>> series = samples.get(s.metric());
                    if (m.op().equals("=")) {
                        assertThat(series).as(program + ": a " + s.metric() + " series with " + m.label() + "=\""
                                + m.value() + "\" (used in: " + expr + ")")
                                .anyMatch(l -> m.value().equals(l.get(m.label())));
                    } else {
                        assertThat(series).as(program + ": " + s.metric() + " has a label " + m.label())
                                .anyMatch(l -> l.containsKey(m.label()));
                    }
                }
            }
        }
        return checked;
    }
}
