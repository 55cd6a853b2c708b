package io.catalogsync.masking.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.masking.detect.IdentifierType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenFormatTest {

    private static final String TOKEN = "[[AWS:VPC:0123456789abcdef]]";

    private static List<String> found(String text) {
        return TokenFormat.find(text).stream().map(r -> text.substring(r[0], r[1])).toList();
    }

    @Test
    void findsTokensInOrderWithTheirRanges() {
        String text = "a " + TOKEN + ", b [[AWS:IAM_ACCESS_KEY_ID:fedcba9876543210]][[AWS:IPV4:0000000000000000]]";
        assertThat(found(text)).containsExactly(TOKEN, "[[AWS:IAM_ACCESS_KEY_ID:fedcba9876543210]]", "[[AWS:IPV4:0000000000000000]]");
        assertThat(TokenFormat.find(text).get(0)).containsExactly(2, 2 + TOKEN.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[[AWS:VPC:0123456789ABCDEF]]", "[[AWS:VPC:0123456789abcde]]", "[[AWS:VPC:0123456789abcdef0]]",
        "[[AWS:VPC:0123456789abcdef]", "[AWS:VPC:0123456789abcdef]]", "[[aws:VPC:0123456789abcdef]]",
        "[[AWS:vpc:0123456789abcdef]]", "[[AWS::0123456789abcdef]]", "[[AWS:VPC-1:0123456789abcdef]]",
        "[[AWS:VPC 0123456789abcdef]]", "[[AWS:VPC:0123456789abcdeg]]", "AWS:VPC:0123456789abcdef", "[[AWS:", ""})
    void nearMissesAreNotTokens(String text) {
        assertThat(TokenFormat.find(text)).isEmpty();
        assertThat(TokenFormat.TOKEN.matcher(text).find()).isFalse();
    }

    @Test
    void nearMissesNextToTokensDoNotHideThem() {
        String text = "[[AWS:" + TOKEN + "[[[AWS:VPC:0123456789abcdef]]]" + "[[AWS:VPC:0123]]" + TOKEN;
        assertThat(found(text)).containsExactly(TOKEN, TOKEN, TOKEN);
    }

    @Test
    void findAgreesWithTheRegexOnRandomText() {
        Random random = new Random(7);
        String[] pieces = {TOKEN, "[[AWS:", "[[", "]]", "[", "]", "AWS", ":", "VPC", "0123456789abcdef", "0123", "x", " ",
            "IAM_ACCESS_KEY_ID", "[[AWS:IPV4:", "ffffffffffffffff]]"};
        for (int round = 0; round < 5_000; round++) {
            StringBuilder text = new StringBuilder();
            int parts = random.nextInt(12);
            for (int k = 0; k < parts; k++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            List<String> expected = new ArrayList<>();
            Matcher matcher = TokenFormat.TOKEN.matcher(text);
            while (matcher.find()) {
                expected.add(matcher.group());
            }
            assertThat(found(text.toString())).as("tokens in %s", text).isEqualTo(expected);
        }
    }

    @Test
    void maxTokenLengthIsTheLongestMintableToken() {
        TokenMinter minter = new TokenMinter("a key of sixteen bytes or more".getBytes(StandardCharsets.UTF_8));
        int longest = 0;
        for (IdentifierType type : IdentifierType.values()) {
            longest = Math.max(longest, minter.mint(type, "x").length());
        }
        assertThat(TokenFormat.MAX_TOKEN_LENGTH).isEqualTo(longest);
    }
}
