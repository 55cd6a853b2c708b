package io.catalogsync.kong.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminUrisTest {

    private static AdminRequest req(String path, boolean workspaced, String... query) {
        AdminRequest r = new AdminRequest(HttpMethod.GET, path, path, List.of(), null, workspaced,
                RetryPolicy.IDEMPOTENT);
        for (int i = 0; i < query.length; i += 2) {
            r = r.withQuery(query[i], query[i + 1]);
        }
        return r;
    }

    @Test
    void hostPortTlsAndPrefixComeFromTheBaseUrl() {
        AdminUris https = new AdminUris("https://kong.example:8444/kong-admin", null);
        AdminUris plain = new AdminUris("http://127.0.0.1", "ws1");

        assertThat(https.tls()).isTrue();
        assertThat(https.port()).isEqualTo(8444);
        assertThat(https.host()).isEqualTo("kong.example");
        assertThat(https.requestUri(req("/services", true))).isEqualTo("/kong-admin/services");
        assertThat(plain.port()).isEqualTo(80);
        assertThat(plain.requestUri(req("/services", true))).isEqualTo("/ws1/services");
        assertThat(plain.requestUri(req("/status", false))).isEqualTo("/status");
        assertThat(new AdminUris("https://h", null).port()).isEqualTo(443);
    }

    @Test
    void segmentsCannotEscapeTheirPlace() {
        assertThat(AdminUris.segment("billing")).isEqualTo("billing");
        assertThat(AdminUris.segment("10.0.0.1:8080")).isEqualTo("10.0.0.1:8080");
        assertThat(AdminUris.segment("../admin?x=1#f")).isEqualTo("..%2Fadmin%3Fx%3D1%23f");
        assertThat(AdminUris.segment("a b%")).isEqualTo("a%20b%25");
        assertThat(AdminUris.segment("ü")).isEqualTo("%C3%BC");
    }

    @Test
    void queryKeepsKongsTagSeparatorsAndEncodesTheRest() {
        AdminUris u = new AdminUris("http://h:1", null);

        assertThat(u.requestUri(req("/services", true, "tags", "a:b,c d", "offset", "x+y/z=="))).isEqualTo(
                "/services?tags=a:b,c%20d&offset=x%2By/z%3D%3D");
        assertThat(u.requestUri(req("/services", true, "tags", null))).isEqualTo("/services");
    }

    @Test
    void badBaseUrlsAreRejected() {
        assertThatThrownBy(() -> new AdminUris("http://h:1/x?y=1", null)).hasMessageContaining("query");
        assertThatThrownBy(() -> new AdminUris("http:///nohost", null)).hasMessageContaining("host");
        assertThatThrownBy(() -> new AdminUris("https://admin:hunter2@h:8444", null))
                .hasMessageContaining("credentials").message().doesNotContain("hunter2");
    }
}
