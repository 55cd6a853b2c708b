package io.catalogsync.masking.detect;

import static io.catalogsync.masking.detect.Ascii.isLowerHex;
import static io.catalogsync.masking.detect.Ascii.isWord;

import java.util.ArrayList;
import java.util.List;

/**
 * EC2-style resource ids: a literal lowercase prefix and a run of lowercase hex of one of the allowed lengths
 * ({@code vpc-0123abcd}, {@code vpc-0123456789abcdef0}).
 *
 * <p>The hex run is read whole before its length is checked, so a 17-hex id can never be taken for an 8-hex one
 * with a leaked tail (the bug of the masker this replaces), and an id glued to more word characters is no id.
 */
final class PrefixedIds {

    private record Prefix(String literal, IdentifierType type, int[] lengths) {
    }

    private static final int[] EC2_LENGTHS = {8, 17};

    /** Prefixes by their first character, so each position costs one array lookup. */
    private static final Prefix[][] BY_FIRST_CHAR = index(List.of(
            new Prefix("i-", IdentifierType.EC2_INSTANCE, EC2_LENGTHS),
            new Prefix("ami-", IdentifierType.AMI, EC2_LENGTHS),
            new Prefix("vol-", IdentifierType.EBS_VOLUME, EC2_LENGTHS),
            new Prefix("snap-", IdentifierType.EBS_SNAPSHOT, EC2_LENGTHS),
            new Prefix("vpc-", IdentifierType.VPC, EC2_LENGTHS),
            new Prefix("vpce-", IdentifierType.VPC_ENDPOINT, EC2_LENGTHS),
            new Prefix("subnet-", IdentifierType.SUBNET, EC2_LENGTHS),
            new Prefix("sg-", IdentifierType.SECURITY_GROUP, EC2_LENGTHS),
            new Prefix("eni-", IdentifierType.ENI, EC2_LENGTHS),
            new Prefix("igw-", IdentifierType.INTERNET_GATEWAY, EC2_LENGTHS),
            new Prefix("eigw-", IdentifierType.INTERNET_GATEWAY, EC2_LENGTHS),
            new Prefix("nat-", IdentifierType.NAT_GATEWAY, EC2_LENGTHS),
            new Prefix("rtb-", IdentifierType.ROUTE_TABLE, EC2_LENGTHS),
            new Prefix("tgw-", IdentifierType.TRANSIT_GATEWAY, EC2_LENGTHS),
            new Prefix("acl-", IdentifierType.NETWORK_ACL, EC2_LENGTHS),
            new Prefix("pcx-", IdentifierType.VPC_PEERING, EC2_LENGTHS),
            new Prefix("eipalloc-", IdentifierType.ELASTIC_IP, EC2_LENGTHS),
            new Prefix("mrk-", IdentifierType.KMS_KEY_ID, new int[] {32})));

    private static final int MAX_HEX = 32;

    /**
     * For each first character, the second characters its prefixes have (bit {@code c - 'a'} for a lowercase
     * letter, bit 26 for '-'): one lookup rules out most words before any prefix is compared.
     */
    private static final int[] SECOND_CHARS = secondChars();

    private PrefixedIds() {
    }

    private static Prefix[][] index(List<Prefix> prefixes) {
        List<List<Prefix>> buckets = new ArrayList<>();
        for (int c = 0; c < 128; c++) {
            buckets.add(new ArrayList<>());
        }
        for (Prefix p : prefixes) {
            buckets.get(p.literal().charAt(0)).add(p);
        }
        Prefix[][] table = new Prefix[128][];
        for (int c = 0; c < 128; c++) {
            table[c] = buckets.get(c).toArray(new Prefix[0]);
        }
        return table;
    }

    private static int[] secondChars() {
        int[] masks = new int[128];
        for (int c = 0; c < 128; c++) {
            for (Prefix p : BY_FIRST_CHAR[c]) {
                masks[c] |= bit(p.literal().charAt(1));
            }
        }
        return masks;
    }

    /** The bit of {@code c} in {@link #SECOND_CHARS}, or 0 for a character no prefix has second. */
    private static int bit(char c) {
        if (c == '-') {
            return 1 << 26;
        }
        return c >= 'a' && c <= 'z' ? 1 << (c - 'a') : 0;
    }

    /**
     * Matches an id starting at {@code at} (a word start) and offers it to {@code scan}. Bounded work: a prefix
     * of at most 9 characters and at most 33 hex characters.
     */
    static void match(CharSequence s, int at, Scan scan) {
        char c = s.charAt(at);
        if (c >= 128 || at + 1 >= s.length() || (SECOND_CHARS[c] & bit(s.charAt(at + 1))) == 0) {
            return;
        }
        for (Prefix p : BY_FIRST_CHAR[c]) {
            if (!Ascii.startsWith(s, at, p.literal())) {
                continue;
            }
            int from = at + p.literal().length();
            int to = from;
            int n = s.length();
            while (to < n && to - from <= MAX_HEX && isLowerHex(s.charAt(to))) {
                to++;
            }
            if (to < n && isWord(s.charAt(to))) {
                return;
            }
            for (int length : p.lengths()) {
                if (to - from == length) {
                    scan.offer(at, to, p.type());
                    return;
                }
            }
            return;
        }
    }
}
