package io.catalogsync.kong.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code tags} query filter of {@code kong/api/endpoints.lua} ({@code extract_options}): a
 * comma-separated list means all tags, a slash-separated list any of them, at most five, no mixing.
 */
record TagFilter(List<String> tags, boolean and, String error) {
  private static final String TAG = "[\\x20-\\x2B\\x2D\\x2E\\x30-\\x7E\\x{80}-\\x{10FFFF}]";
  private static final Pattern AND = Pattern.compile("^(" + TAG + "+(?:,|$))+$");
  private static final Pattern OR = Pattern.compile("^(" + TAG + "+(?:/|$))+$");

  static TagFilter parse(String arg) {
    List<String> tags;
    boolean and;
    if (AND.matcher(arg).matches()) {
      tags = List.of(arg.split(","));
      and = true;
    } else if (OR.matcher(arg).matches()) {
      tags = List.of(arg.split("/"));
      and = false;
    } else {
      return new TagFilter(List.of(), true, "invalid filter syntax");
    }
    if (tags.size() > 5) {
      return new TagFilter(tags, and, "cannot query more than 5 tags");
    }
    return new TagFilter(tags, and, null);
  }

  boolean matches(JsonNode entityTags) {
    if (entityTags == null || !entityTags.isArray()) {
      return false;
    }
    int hits = 0;
    for (String t : tags) {
      boolean has = false;
      for (JsonNode e : entityTags) {
        has |= t.equals(e.asText());
      }
      hits += has ? 1 : 0;
    }
    return and ? hits == tags.size() : hits > 0;
  }
}
