package io.catalogsync.kong.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * One page of a list. Offsets are opaque base64 tokens, as Kong's are: in DB mode the token names
 * the last primary key of the page and a next page exists only when rows remain
 * ({@code kong/db/strategies/postgres/init.lua}); in DB-less mode it is a position and a full page
 * always gets a next link ({@code kong/db/strategies/off/init.lua}).
 */
record Page(int from, int to, String offset, ApiResponse error) {

  static Page of(List<String> sortedKeys, int size, String offsetArg, boolean dbless) {
    int from = 0;
    if (offsetArg != null) {
      if (dbless) {
        byte[] raw;
        try {
          raw = Base64.getDecoder().decode(offsetArg);
        } catch (IllegalArgumentException e) {
          return new Page(0, 0, null, KongError.invalidOffset(offsetArg, "bad base64 encoding"));
        }
        try {
          from = Integer.parseInt(new String(raw, StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
          return new Page(0, 0, null, KongError.invalidOffset(offsetArg, "bad offset"));
        }
      } else {
        Cursor cursor = dbCursor(offsetArg);
        if (cursor.error() != null) {
          return new Page(0, 0, null, cursor.error());
        }
        String last = cursor.after();
        from = 0;
        while (from < sortedKeys.size() && sortedKeys.get(from).compareTo(last) <= 0) {
          from++;
        }
      }
    }
    from = Math.min(from, sortedKeys.size());
    int to = Math.min(from + size, sortedKeys.size());
    String next = null;
    if (dbless) {
      if (to - from == size) {
        next = Base64.getEncoder().encodeToString(String.valueOf(to).getBytes(StandardCharsets.UTF_8));
      }
    } else if (to < sortedKeys.size()) {
      next = Base64.getEncoder().encodeToString(("[\"" + sortedKeys.get(to - 1) + "\"]").getBytes(StandardCharsets.UTF_8));
    }
    return new Page(from, to, next, null);
  }

  /** DB mode: the primary key an offset token names (rows after it form the page), or the error. */
  record Cursor(String after, ApiResponse error) {
  }

  /** Decodes a DB-mode offset; a null offset is the start of the list ({@code after} null). */
  static Cursor dbCursor(String offsetArg) {
    if (offsetArg == null) {
      return new Cursor(null, null);
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(offsetArg);
    } catch (IllegalArgumentException e) {
      return new Cursor(null, KongError.invalidOffset(offsetArg, "bad base64 encoding"));
    }
    String token = new String(raw, StandardCharsets.UTF_8);
    if (!token.startsWith("[\"") || !token.endsWith("\"]")) {
      return new Cursor(null, KongError.invalidOffset(offsetArg, "bad json encoding"));
    }
    return new Cursor(token.substring(2, token.length() - 2), null);
  }

  /** ngx.escape_uri: everything but unreserved characters is percent-encoded. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '.' || c == '_' || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(String.format("%02X", c));
      }
    }
    return sb.toString();
  }
}
