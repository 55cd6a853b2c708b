package io.catalogsync.masking.detect;

import java.util.Objects;

/**
 * One identifier found in a text: the half-open character range {@code [start, end)} and what it is.
 *
 * <p>A detection holds offsets, not the matched text, so scanning allocates nothing per character; the caller
 * takes the value out of its own text with {@link #value(CharSequence)} only for what it actually masks.
 */
public record Detection(int start, int end, IdentifierType type) {

    public Detection {
        Objects.requireNonNull(type, "type");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("detection range must satisfy 0 <= start < end, got [" + start + ", " + end + ")");
        }
    }

    /** The identifier as it appears in {@code text}, the same text that was scanned. */
    public String value(CharSequence text) {
        return text.subSequence(start, end).toString();
    }

    /** Length of the identifier in characters. */
    public int length() {
        return end - start;
    }
}
