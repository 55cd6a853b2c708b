package io.catalogsync.catalog.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The host-name and service-name checks and the id hash were regular expressions and {@code UUID.nameUUIDFromBytes};
 * they are written by hand for speed (the plan of 10,000 services runs them for every entity). Generated inputs
 * must get exactly the answers of the regular expressions they replace, and the very same ids.
 */
class HandWrittenMatchersTest {

    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final String NAME_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?";
    private static final Pattern SERVICE_NAME = Pattern.compile(NAME_LABEL + "(?:\\." + NAME_LABEL + ")*");
    private static final String ALPHABET = "aZ09_-.-.:/ ~é";

    private static boolean regexHostname(String s) {
        if (s == null || s.isEmpty() || s.length() > 253 || DIGITS_AND_DOTS.matcher(s).matches()) {
            return false;
        }
        for (String label : s.split("\\.", -1)) {
            if (label.length() > 63 || !HOST_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static boolean regexServiceName(String s) {
        return s != null && s.length() <= Names.MAX_SERVICE_NAME && SERVICE_NAME.matcher(s).matches();
    }

    @Test
    void sameAnswersAsTheRegularExpressions() {
        Random random = new Random(11);
        for (int n = 0; n < 200_000; n++) {
            int len = random.nextInt(n % 100 == 0 ? 300 : 12);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < len; i++) {
                sb.append(random.nextInt(4) == 0 ? ALPHABET.charAt(random.nextInt(ALPHABET.length()))
                        : (char) ('a' + random.nextInt(3)));
            }
            String s = sb.toString();
            assertThat(Hosts.isHostname(s)).as("isHostname(%s)", s).isEqualTo(regexHostname(s));
            assertThat(Names.isValidServiceName(s)).as("isValidServiceName(%s)", s).isEqualTo(regexServiceName(s));
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            assertThat(Names.nameUuid(bytes)).isEqualTo(UUID.nameUUIDFromBytes(bytes));
        }
        for (String s : new String[] {"1.2.3.4", "a..b", ".a", "a.", "-a", "a-", "_a_", "a_b.c-d", "9", "x".repeat(64)}) {
            assertThat(Hosts.isHostname(s)).as("isHostname(%s)", s).isEqualTo(regexHostname(s));
            assertThat(Names.isValidServiceName(s)).as("isValidServiceName(%s)", s).isEqualTo(regexServiceName(s));
        }
    }
}
