package io.catalogsync.masking.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalogsync.masking.detect.AwsIdentifierScanner;
import io.catalogsync.masking.detect.IdentifierType;
import io.catalogsync.masking.store.MappingStores;
import io.catalogsync.masking.token.TokenMinter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A value recognised once anywhere in a body is masked everywhere in it: an account id that only its label proves
 * ("Account ID: ...") in one message is masked where it appears bare in another, with the same token.
 */
class BodyWideRecurrenceTest {

    private final TokenMinter minter = new TokenMinter(MaskingServiceTest.KEY);

    @Test
    void anAccountIdLabelledInOneStringIsMaskedBareInEveryOther() throws Exception {
        String account = "210987654321";
        String body = """
                {"model":"claude-sonnet-4-5","max_tokens":64,
                 "system":"You help the team that owns Account ID: %s.",
                 "messages":[{"role":"user","content":[
                   {"type":"tool_result","tool_use_id":"toolu_1","content":"owner %s, 3 buckets"},
                   {"type":"text","text":"Why does %s pay for them?"}]}],
                 "metadata":{"user_id":"%s"}}
                """.formatted(account, account, account, account);
        MaskingService service = new MaskingService(AwsIdentifierScanner.create(), minter, MappingStores.inMemory(),
                Duration.ofDays(7), 5000, Runnable::run, new SimpleMeterRegistry());
        MaskingService.MaskResult result = MaskingServiceTest.get(service.mask(
                new MessageBody.Json(MaskingServiceTest.json(body))));
        JsonNode masked = ((MessageBody.Json) result.body()).json();
        String text = new String(BodyCodec.write(masked), StandardCharsets.UTF_8);
        String token = minter.mint(IdentifierType.ACCOUNT_ID, account);
        assertThat(text).doesNotContain(account);
        assertThat(masked.at("/messages/0/content/0/content").asText()).isEqualTo("owner " + token + ", 3 buckets");
        assertThat(masked.at("/messages/0/content/1/text").asText()).contains(token);
        assertThat(masked.at("/metadata/user_id").asText()).isEqualTo(token);
        assertThat(result.tokens()).containsEntry(token, account);
    }
}
