package io.catalogsync.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void functionsKeywordsAndLabelListsAreNotMetrics() {
        String expr = "sum by (namespace, le) (rate(a_seconds_bucket{result=\"ok\", x=~\"5..\"}[5m])) "
                + "/ on (namespace) group_left sum without (pod) (b_total offset 5m) > bool 0.5 "
                + "and time() - c_timestamp_seconds > 600 unless max(d) by (pod) or histogram_quantile(0.99, e)";
        assertThat(PromQl.metricNames(expr)).containsExactly(
                "a_seconds_bucket", "b_total", "c_timestamp_seconds", "d", "e");
    }

    @Test
    void matchersAreRead() {
        List<PromQl.Selector> s = PromQl.selectors(
                "increase(x_total{result=\"failed\",status!~'2..', a != \"b}\"}[$__rate_interval])");
        assertThat(s).hasSize(1);
        assertThat(s.get(0).metric()).isEqualTo("x_total");
        assertThat(s.get(0).matchers()).containsExactly(
                new PromQl.Matcher("result", "=", "failed"),
                new PromQl.Matcher("status", "!~", "2.."),
                new PromQl.Matcher("a", "!=", "b}"));
    }

    @Test
    void grafanaVariablesAndNumbersAreSkipped() {
        assertThat(PromQl.metricNames("sum(rate(m_total{namespace=\"$namespace\"}[$__rate_interval])) * 1e3 + 2.5"))
                .containsExactly("m_total");
    }
}
