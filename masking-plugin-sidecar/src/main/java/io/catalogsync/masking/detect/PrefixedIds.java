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

    /** One resource-id prefix: {@code literal} + one of {@code lengths} lowercase hex, detected as {@code type}. */
    record Prefix(String literal, IdentifierType type, int[] lengths, String what) {

        /** An id of this kind, for the documentation and the tests: the prefix and hex of the longest length. */
        String example() {
            int length = lengths[lengths.length - 1];
            return literal + "0123456789abcdef0123456789abcdef".substring(0, length - 1) + "1";
        }
    }

    private static final int[] EC2_LENGTHS = {8, 17};
    /** Ids introduced after EC2's move to 17 characters (2016-2018) only ever have 17. */
    private static final int[] LONG_ONLY = {17};

    /**
     * Every prefix, after the EC2 API Reference's resource types ({@code ResourceType} of {@code TagSpecification}:
     * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TagSpecification.html), the EC2 user guide's
     * "Resource IDs" (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html), the EFS API
     * Reference (FileSystemId {@code fs-}, AccessPointId {@code fsap-}, MountTargetId {@code fsmt-}) and FSx
     * ({@code fs-} + 17). Short prefixes that ordinary words could end with take only the 17-hex form.
     */
    static final List<Prefix> ALL = List.of(
            new Prefix("i-", IdentifierType.EC2_INSTANCE, EC2_LENGTHS, "EC2 instance"),
            new Prefix("ami-", IdentifierType.AMI, EC2_LENGTHS, "Amazon machine image"),
            new Prefix("vol-", IdentifierType.EBS_VOLUME, EC2_LENGTHS, "EBS volume"),
            new Prefix("snap-", IdentifierType.EBS_SNAPSHOT, EC2_LENGTHS, "EBS snapshot"),
            new Prefix("vpc-", IdentifierType.VPC, EC2_LENGTHS, "VPC"),
            new Prefix("vpc-cidr-assoc-", IdentifierType.VPC, EC2_LENGTHS, "VPC CIDR block association"),
            new Prefix("vpce-", IdentifierType.VPC_ENDPOINT, EC2_LENGTHS, "VPC endpoint"),
            new Prefix("vpce-svc-", IdentifierType.VPC_ENDPOINT, LONG_ONLY, "VPC endpoint service"),
            new Prefix("subnet-", IdentifierType.SUBNET, EC2_LENGTHS, "subnet"),
            new Prefix("subnet-cidr-assoc-", IdentifierType.SUBNET, EC2_LENGTHS, "subnet CIDR block association"),
            new Prefix("sg-", IdentifierType.SECURITY_GROUP, EC2_LENGTHS, "security group"),
            new Prefix("sgr-", IdentifierType.SECURITY_GROUP, LONG_ONLY, "security group rule"),
            new Prefix("eni-", IdentifierType.ENI, EC2_LENGTHS, "network interface"),
            new Prefix("eni-attach-", IdentifierType.ENI, EC2_LENGTHS, "network interface attachment"),
            new Prefix("igw-", IdentifierType.INTERNET_GATEWAY, EC2_LENGTHS, "internet gateway"),
            new Prefix("eigw-", IdentifierType.INTERNET_GATEWAY, EC2_LENGTHS, "egress-only internet gateway"),
            new Prefix("nat-", IdentifierType.NAT_GATEWAY, EC2_LENGTHS, "NAT gateway"),
            new Prefix("rtb-", IdentifierType.ROUTE_TABLE, EC2_LENGTHS, "route table"),
            new Prefix("rtbassoc-", IdentifierType.ROUTE_TABLE, EC2_LENGTHS, "route table association"),
            new Prefix("tgw-", IdentifierType.TRANSIT_GATEWAY, EC2_LENGTHS, "transit gateway"),
            new Prefix("tgw-attach-", IdentifierType.TRANSIT_GATEWAY, LONG_ONLY, "transit gateway attachment"),
            new Prefix("tgw-rtb-", IdentifierType.TRANSIT_GATEWAY, LONG_ONLY, "transit gateway route table"),
            new Prefix("tgw-mcast-domain-", IdentifierType.TRANSIT_GATEWAY, LONG_ONLY, "transit gateway multicast domain"),
            new Prefix("acl-", IdentifierType.NETWORK_ACL, EC2_LENGTHS, "network ACL"),
            new Prefix("aclassoc-", IdentifierType.NETWORK_ACL, EC2_LENGTHS, "network ACL association"),
            new Prefix("pcx-", IdentifierType.VPC_PEERING, EC2_LENGTHS, "VPC peering connection"),
            new Prefix("eipalloc-", IdentifierType.ELASTIC_IP, EC2_LENGTHS, "Elastic IP allocation"),
            new Prefix("eipassoc-", IdentifierType.ELASTIC_IP, EC2_LENGTHS, "Elastic IP association"),
            new Prefix("vgw-", IdentifierType.VPN, EC2_LENGTHS, "virtual private gateway"),
            new Prefix("cgw-", IdentifierType.VPN, EC2_LENGTHS, "customer gateway"),
            new Prefix("vpn-", IdentifierType.VPN, EC2_LENGTHS, "Site-to-Site VPN connection"),
            new Prefix("cvpn-endpoint-", IdentifierType.VPN, LONG_ONLY, "Client VPN endpoint"),
            new Prefix("lt-", IdentifierType.LAUNCH_TEMPLATE, LONG_ONLY, "launch template"),
            new Prefix("fs-", IdentifierType.FILE_SYSTEM, EC2_LENGTHS, "EFS file system (8 or 17 hex) or FSx file system (17)"),
            new Prefix("fsap-", IdentifierType.FILE_SYSTEM, LONG_ONLY, "EFS access point"),
            new Prefix("fsmt-", IdentifierType.FILE_SYSTEM, EC2_LENGTHS, "EFS mount target"),
            new Prefix("dopt-", IdentifierType.EC2_RESOURCE_ID, EC2_LENGTHS, "DHCP options set"),
            new Prefix("pl-", IdentifierType.EC2_RESOURCE_ID, EC2_LENGTHS, "managed prefix list"),
            new Prefix("key-", IdentifierType.EC2_RESOURCE_ID, LONG_ONLY, "key pair"),
            new Prefix("cr-", IdentifierType.EC2_RESOURCE_ID, LONG_ONLY, "capacity reservation"),
            new Prefix("h-", IdentifierType.EC2_RESOURCE_ID, LONG_ONLY, "dedicated host"),
            new Prefix("r-", IdentifierType.EC2_RESOURCE_ID, LONG_ONLY, "instance reservation"),
            new Prefix("pg-", IdentifierType.EC2_RESOURCE_ID, LONG_ONLY, "placement group"),
            new Prefix("fl-", IdentifierType.EC2_RESOURCE_ID, LONG_ONLY, "VPC flow log"),
            new Prefix("lgw-", IdentifierType.EC2_RESOURCE_ID, LONG_ONLY, "local gateway"),
            new Prefix("ipam-", IdentifierType.EC2_RESOURCE_ID, LONG_ONLY, "IPAM"),
            new Prefix("ipam-pool-", IdentifierType.EC2_RESOURCE_ID, LONG_ONLY, "IPAM pool"),
            new Prefix("ipam-scope-", IdentifierType.EC2_RESOURCE_ID, LONG_ONLY, "IPAM scope"),
            new Prefix("tmf-", IdentifierType.EC2_RESOURCE_ID, LONG_ONLY, "traffic mirror filter"),
            new Prefix("tms-", IdentifierType.EC2_RESOURCE_ID, LONG_ONLY, "traffic mirror session"),
            new Prefix("tmt-", IdentifierType.EC2_RESOURCE_ID, LONG_ONLY, "traffic mirror target"),
            new Prefix("sir-", IdentifierType.EC2_RESOURCE_ID, EC2_LENGTHS, "Spot Instance request"),
            new Prefix("elastic-gpu-", IdentifierType.EC2_RESOURCE_ID, LONG_ONLY, "Elastic GPU"),
            new Prefix("mrk-", IdentifierType.KMS_KEY_ID, new int[] {32}, "KMS multi-Region key"));

    /**
     * Prefixes by their first character, longest first ({@code tgw-attach-} before {@code tgw-}), so each
     * position costs one array lookup and the most specific prefix is tried first.
     */
    private static final Prefix[][] BY_FIRST_CHAR = index(ALL);

    private static final int MAX_HEX = 32;

    /**
     * For each first character, the second characters its prefixes have (bit {@code c - 'a'} for a lowercase
     * letter, bit 26 for '-'): one lookup rules out most words before any prefix is compared.
     */
    private static final int[] SECOND_CHARS = secondChars();

    private PrefixedIds() {
    }

    private static Prefix[][] index(List<Prefix> prefixes) {
        for (Prefix p : prefixes) {
            if (!firstDashAfterLetters(p.literal())) {
                throw new IllegalStateException("prefix " + p.literal() + " must start with lowercase letters and '-'"
                        + " (match() relies on it)");
            }
        }
        List<List<Prefix>> buckets = new ArrayList<>();
        for (int c = 0; c < 128; c++) {
            buckets.add(new ArrayList<>());
        }
        for (Prefix p : prefixes) {
            buckets.get(p.literal().charAt(0)).add(p);
        }
        for (List<Prefix> bucket : buckets) {
            bucket.sort((a, b) -> b.literal().length() - a.literal().length());
        }
        Prefix[][] table = new Prefix[128][];
        for (int c = 0; c < 128; c++) {
            table[c] = buckets.get(c).toArray(new Prefix[0]);
        }
        return table;
    }

    /** Whether {@code literal} is one or more lowercase ASCII letters, then '-', then anything. */
    private static boolean firstDashAfterLetters(String literal) {
        int k = 0;
        while (k < literal.length() && literal.charAt(k) >= 'a' && literal.charAt(k) <= 'z') {
            k++;
        }
        return k > 0 && k < literal.length() && literal.charAt(k) == '-';
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
     * of at most 18 characters and at most 33 hex characters.
     */
    static void match(CharSequence s, int at, int alnumEnd, Scan scan) {
        char c = s.charAt(at);
        // Every prefix is lowercase letters and a '-' (checked by firstDashAfterLetters): the run of letters and
        // digits from at must end at a '-'. Ordinary words end at a space or punctuation and stop here.
        if (alnumEnd >= s.length() || s.charAt(alnumEnd) != '-') {
            return;
        }
        if (c >= 128 || at + 1 >= s.length() || (SECOND_CHARS[c] & bit(s.charAt(at + 1))) == 0) {
            return;
        }
        for (Prefix p : BY_FIRST_CHAR[c]) {
            if (!Ascii.startsWith(s, at, p.literal())) {
                continue;
            }
            // The longest prefix present decides: "tgw-attach-<hex>" is an attachment or nothing, never "tgw-a".
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
