package io.catalogsync.sync.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AuditTrailTest {

    @Test
    void secretValuesAreRedactedAtAnyDepthButVaultReferencesStay() throws Exception {
        JsonNode n = new ObjectMapper().readTree("""
                {"name":"rate-limiting","config":{"redis":{"password":"hunter2","host":"redis"},
                 "redis_password":"{vault://env/redis-pass}","minute":5,
                 "nested":[{"client_secret":"abc"},{"token":null}]}}""");
        String out = AuditTrail.redact(n).toString();
        assertThat(out).doesNotContain("hunter2").doesNotContain("\"abc\"")
                .contains("\"password\":\"<redacted>\"").contains("{vault://env/redis-pass}")
                .contains("\"minute\":5").contains("\"host\":\"redis\"").contains("\"token\":null");
    }
}
