package io.catalogsync.catalog.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.kong.entity.EntityType;
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
    private static final String ALPHABET = "aZ09_-.-.:/ ~é1234";

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

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private static boolean regexIpv4(String s) {
        var m = IPV4.matcher(s);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Paths.PLAIN before it was written by hand, and the dot-segment check by split. */
    private static final Pattern PLAIN_PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()+,;=:@/-]*");

    private static String regexPathProblem(String path) {
        if (!path.startsWith("/")) {
            return "must start with '/'";
        }
        if (path.contains("//")) {
            return "must not have empty segments ('//')";
        }
        if (path.contains("%")) {
            return "must not be percent-encoded";
        }
        if (!PLAIN_PATH.matcher(path).matches()) {
            return "has characters outside RFC 3986 path characters (letters, digits, ._~!$&'()+,;=:@-/)";
        }
        for (String seg : path.split("/", -1)) {
            if (seg.equals(".") || seg.equals("..")) {
                return "must not have '.' or '..' segments";
            }
        }
        return null;
    }

    @Test
    void pathChecksGiveTheAnswersOfTheRegularExpression() {
        Random random = new Random(5);
        String alphabet = "/./..//a%*~!$&'()+,;=:@-_ é\\?#[]\"<>{}|^`Z9";
        for (int n = 0; n < 200_000; n++) {
            int len = random.nextInt(n % 100 == 0 ? 60 : 10);
            StringBuilder sb = new StringBuilder(random.nextInt(8) == 0 ? "" : "/");
            for (int i = 0; i < len; i++) {
                sb.append(random.nextInt(3) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : random.nextInt(4) == 0 ? (char) random.nextInt(0x80) : (char) ('a' + random.nextInt(3)));
            }
            String s = sb.toString();
            assertThat(Paths.problem(s)).as("problem(%s)", s).isEqualTo(regexPathProblem(s));
            assertThat(Paths.isValidPlainPath(s)).as("isValidPlainPath(%s)", s).isEqualTo(regexPathProblem(s) == null);
        }
        for (String s : new String[] {"/", "/.", "/..", "/a/.", "/a/../b", "/.a", "/a./", "/...", "/a/", "/ä", "/a b"}) {
            assertThat(Paths.problem(s)).as("problem(%s)", s).isEqualTo(regexPathProblem(s));
        }
        assertThat(Paths.isValidPlainPath(null)).isFalse();
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
            // Names.id digests its three parts one after the other instead of their concatenation.
            EntityType type = EntityType.values()[n % EntityType.values().length];
            String owner = n % 7 == 0 ? "owner-" + s : "kong-catalog-sync";
            assertThat(Names.id(owner, type, s)).isEqualTo(UUID.nameUUIDFromBytes(
                    (owner + "\n" + type.collection() + "\n" + s).getBytes(StandardCharsets.UTF_8)).toString());
            assertThat(Hosts.isIpv4(s)).as("isIpv4(%s)", s).isEqualTo(regexIpv4(s));
            String number = n % 3 == 0 ? s : s.replaceAll("[^0-9]", "");
            Metadata md = new Metadata(java.util.Map.of("k", number), new Problems("svc"));
            Long parsed = md.wholeNumber("k", 0, Long.MAX_VALUE);
            boolean regexWhole = number.trim().matches("[0-9]{1,18}");
            assertThat(parsed).as("wholeNumber(%s)", number)
                    .isEqualTo(regexWhole ? Long.valueOf(Long.parseLong(number.trim())) : null);
        }
        for (String s : new String[] {"1.2.3.4", "01.002.3.255", "256.1.1.1", "1.2.3", "1.2.3.4.5", "a.1.2.3", "9.9.9.9x"}) {
            assertThat(Hosts.isIpv4(s)).as("isIpv4(%s)", s).isEqualTo(regexIpv4(s));
        }
        for (String s : new String[] {"1.2.3.4", "a..b", ".a", "a.", "-a", "a-", "_a_", "a_b.c-d", "9", "x".repeat(64)}) {
            assertThat(Hosts.isHostname(s)).as("isHostname(%s)", s).isEqualTo(regexHostname(s));
            assertThat(Names.isValidServiceName(s)).as("isValidServiceName(%s)", s).isEqualTo(regexServiceName(s));
        }
    }
}
