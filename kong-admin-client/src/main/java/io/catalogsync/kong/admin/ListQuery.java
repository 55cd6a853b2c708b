package io.catalogsync.kong.admin;

import java.util.List;

/**
 * A list request: tag filter and page size. Kong accepts at most five tags, joined with {@code ,} (all must
 * match) or {@code /} (any may match), never mixed (kong/api/endpoints.lua, {@code extract_options}).
 */
public record ListQuery(List<String> tags, boolean anyTag, int size) {

    public static final int MAX_SIZE = 1000;
    public static final int MAX_TAGS = 5;

    public static final ListQuery ALL = new ListQuery(List.of(), false, MAX_SIZE);

    public ListQuery {
        tags = List.copyOf(tags);
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be 1.." + MAX_SIZE + ", was " + size);
        }
        if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException("Kong accepts at most " + MAX_TAGS + " tags per query, got " + tags.size());
        }
        for (String t : tags) {
            if (t.isEmpty() || t.contains(",") || t.contains("/")) {
                throw new IllegalArgumentException("tag must be non-empty without ',' or '/': '" + t + "'");
            }
        }
    }

    /** Entities carrying every one of the tags. */
    public static ListQuery allTags(String... tags) {
        return new ListQuery(List.of(tags), false, MAX_SIZE);
    }

    /** Entities carrying at least one of the tags. */
    public static ListQuery anyTag(String... tags) {
        return new ListQuery(List.of(tags), true, MAX_SIZE);
    }

    public ListQuery withSize(int newSize) {
        return new ListQuery(tags, anyTag, newSize);
    }

    /** The {@code tags} query parameter value, or null when there is no filter. */
    public String tagsParam() {
        return tags.isEmpty() ? null : String.join(anyTag ? "/" : ",", tags);
    }
}
