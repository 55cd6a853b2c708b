package io.catalogsync.masking.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catalogsync.masking.detect.AwsIdentifierScanner;
import io.catalogsync.masking.detect.IdentifierType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TokenMinterTest {

    private static final byte[] KEY = "0123456789abcdef-test-key".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_KEY = "fedcba9876543210-test-key".getBytes(StandardCharsets.UTF_8);

    @Test
    void sameKeyTypeAndValueGiveTheSameTokenAcrossInstances() {
        String a = new TokenMinter(KEY).mint(IdentifierType.VPC, "vpc-0123abcd");
        String b = new TokenMinter(KEY.clone()).mint(IdentifierType.VPC, "vpc-0123abcd");
        assertThat(a).isEqualTo(b).startsWith("[[AWS:VPC:").endsWith("]]");
        assertThat(TokenFormat.TOKEN.matcher(a).matches()).isTrue();
    }

    @Test
    void tokenIsTheFirstSixtyFourBitsOfTheKeyedHmacOfLabelAndValue() throws Exception {
        assertThat(new TokenMinter(KEY).mint(IdentifierType.IAM_ACCESS_KEY_ID, "AKIAIOSFODNN7EXAMPLE"))
                .isEqualTo("[[AWS:IAM_ACCESS_KEY_ID:" + hmacHex(KEY, "IAM_ACCESS_KEY_ID:AKIAIOSFODNN7EXAMPLE") + "]]");
        assertThat(new TokenMinter(KEY).mint(IdentifierType.IAM_ACCESS_KEY_ID, "AKIAIOSFODNN7EXAMPLE", 2))
                .isEqualTo("[[AWS:IAM_ACCESS_KEY_ID:" + hmacHex(KEY, "IAM_ACCESS_KEY_ID:AKIAIOSFODNN7EXAMPLE#2") + "]]");
    }

    private static String hmacHex(byte[] key, String input) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] digest = mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (int k = 0; k < 8; k++) {
            hex.append(String.format("%02x", digest[k]));
        }
        return hex.toString();
    }

    @Test
    void differentKeysGiveDifferentTokens() {
        TokenMinter one = new TokenMinter(KEY);
        TokenMinter other = new TokenMinter(OTHER_KEY);
        for (IdentifierType type : IdentifierType.values()) {
            assertThat(one.mint(type, type.exampleMatch())).isNotEqualTo(other.mint(type, type.exampleMatch()));
        }
    }

    @Test
    void typeAndAttemptAreInTheMacInput() {
        TokenMinter minter = new TokenMinter(KEY);
        String plain = minter.mint(IdentifierType.IPV4, "203.0.113.9");
        assertThat(minter.mint(IdentifierType.IPV4, "203.0.113.9", 0)).isEqualTo(plain);
        assertThat(minter.mint(IdentifierType.IPV4, "203.0.113.9", 1)).isNotEqualTo(plain);
        assertThat(minter.mint(IdentifierType.IPV4, "203.0.113.9", 2)).isNotEqualTo(minter.mint(IdentifierType.IPV4, "203.0.113.9", 1));
        assertThat(minter.mint(IdentifierType.IPV4_PRIVATE, "203.0.113.9").substring("[[AWS:IPV4_PRIVATE:".length()))
                .isNotEqualTo(plain.substring("[[AWS:IPV4:".length()));
    }

    @Test
    void badArgumentsAreRejectedWithoutShowingTheKey() {
        assertThatThrownBy(() -> new TokenMinter("short-key".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hmacKey")
                .hasMessageNotContaining("short-key");
        assertThatThrownBy(() -> new TokenMinter(KEY).mint(IdentifierType.VPC, "vpc-0123abcd", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attempt");
        assertThat(new TokenMinter(KEY).toString()).doesNotContain("0123456789abcdef");
    }

    @Test
    void theCallerMayWipeItsKeyArray() {
        byte[] key = KEY.clone();
        TokenMinter minter = new TokenMinter(key);
        Arrays.fill(key, (byte) 0);
        assertThat(minter.mint(IdentifierType.VPC, "vpc-0123abcd")).isEqualTo(new TokenMinter(KEY).mint(IdentifierType.VPC, "vpc-0123abcd"));
    }

    @Test
    void manyTokensAreDistinctWellFormedNeverPrefixesOfEachOtherAndNeverDetected() {
        TokenMinter minter = new TokenMinter(KEY);
        Random random = new Random(42);
        IdentifierType[] types = IdentifierType.values();
        List<String> tokens = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        for (int k = 0; k < 20_000; k++) {
            IdentifierType type = types[random.nextInt(types.length)];
            String token = minter.mint(type, type.exampleMatch() + k);
            assertThat(TokenFormat.TOKEN.matcher(token).matches()).isTrue();
            assertThat(token.length()).isLessThanOrEqualTo(TokenFormat.MAX_TOKEN_LENGTH);
            tokens.add(token);
            distinct.add(token);
        }
        assertThat(distinct).hasSize(tokens.size());

        // No token is a prefix of another: sorted, a prefix would sit right before its extensions.
        List<String> sorted = new ArrayList<>(distinct);
        Collections.sort(sorted);
        for (int k = 1; k < sorted.size(); k++) {
            assertThat(sorted.get(k)).doesNotStartWith(sorted.get(k - 1));
        }

        // Masked text is not masked again: the scanner never takes a token, or tokens side by side, for an identifier.
        AwsIdentifierScanner scanner = AwsIdentifierScanner.create();
        StringBuilder joined = new StringBuilder();
        for (int k = 0; k < 2_000; k++) {
            joined.append(tokens.get(k)).append(k % 3 == 0 ? " " : k % 3 == 1 ? "" : ":");
        }
        assertThat(scanner.scan(joined)).isEmpty();
    }

    @Test
    void oneMinterIsSafeToShareBetweenThreads() throws Exception {
        TokenMinter shared = new TokenMinter(KEY);
        TokenMinter reference = new TokenMinter(KEY);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    List<String> tokens = new ArrayList<>();
                    for (int k = 0; k < 5_000; k++) {
                        tokens.add(shared.mint(IdentifierType.ACCOUNT_ID, String.format("%012d", k)));
                    }
                    return tokens;
                }));
            }
            for (Future<List<String>> result : results) {
                List<String> tokens = result.get(30, TimeUnit.SECONDS);
                for (int k = 0; k < tokens.size(); k++) {
                    assertThat(tokens.get(k)).isEqualTo(reference.mint(IdentifierType.ACCOUNT_ID, String.format("%012d", k)));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
