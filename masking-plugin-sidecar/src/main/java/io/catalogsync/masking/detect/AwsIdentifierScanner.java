package io.catalogsync.masking.detect;

import java.util.List;
import java.util.Objects;

/**
 * Finds the AWS identifiers of the whole {@link IdentifierType} catalogue in a text, in one left-to-right pass
 * whose cost is linear in the text's length (no regular expression runs over the text).
 *
 * <p>The detections do not overlap and come sorted by start. Where matches compete, the one reaching furthest
 * wins and, at equal reach, the more specific one: an ARN is one ARN, not an account id and a name; a bucket's
 * host name is a bucket, not an IP. Stateless and thread-safe.
 */
public final class AwsIdentifierScanner {

    private static final AwsIdentifierScanner INSTANCE = new AwsIdentifierScanner();

    private AwsIdentifierScanner() {
    }

    /** The scanner for the whole catalogue. */
    public static AwsIdentifierScanner create() {
        return INSTANCE;
    }

    /** Every identifier in {@code text}: non-overlapping, sorted by start, the longest most specific match winning. */
    public List<Detection> scan(CharSequence text) {
        Objects.requireNonNull(text, "text");
        return new Scan(text).run();
    }
}
