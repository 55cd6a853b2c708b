package io.catalogsync.kong.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code url} shorthand of services ({@code kong/db/schema/entities/services.lua}), parsed the
 * way LuaSocket's {@code url.parse} does: scheme, host, port and path; a missing part becomes null
 * and the default port follows the scheme.
 */
final class ServiceUrl {
  private static final Pattern URL = Pattern.compile("^(?:([A-Za-z][A-Za-z0-9+.\\-]*):)?(?://([^/?#]*))?([^?#]*)(\\?[^#]*)?(#.*)?$");

  private ServiceUrl() {}

  static void expand(String url, ObjectNode service) {
    Matcher m = URL.matcher(url);
    String scheme = null;
    String authority = null;
    String path = url;
    if (m.matches()) {
      scheme = m.group(1);
      authority = m.group(2);
      path = m.group(3);
    }
    String host = null;
    Integer port = null;
    if (authority != null) {
      String hp = authority.contains("@") ? authority.substring(authority.indexOf('@') + 1) : authority;
      int colon = hp.lastIndexOf(':');
      if (colon >= 0 && hp.indexOf(']') < colon) {
        try {
          port = Integer.valueOf(hp.substring(colon + 1));
        } catch (NumberFormatException e) {
          port = null;
        }
        hp = hp.substring(0, colon);
      }
      host = hp.isEmpty() ? null : hp;
    }
    if (port == null && scheme != null) {
      port = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : null;
    }
    if (scheme != null) {
      service.put("protocol", scheme);
    }
    if (host != null) {
      service.put("host", host);
    } else {
      service.putNull("host");
    }
    if (port != null) {
      service.put("port", port);
    }
    if (path != null && !path.isEmpty()) {
      service.put("path", path);
    } else {
      service.putNull("path");
    }
  }
}
