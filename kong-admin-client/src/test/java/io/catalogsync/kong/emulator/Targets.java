package io.catalogsync.kong.emulator;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Kong stores a target: kong/db/dao/targets.lua {@code format_target} is
 * {@code utils.format_host(utils.normalize_ip(target), DEFAULT_PORT)} (kong/tools/ip.lua in later versions):
 * the port defaults to 8000, an IPv4 address loses its leading zeros and an IPv6 address is written fully
 * expanded, lower case, in brackets ({@code [fd00:10:40::22]:8443} is stored as
 * {@code [fd00:0010:0040:0000:0000:0000:0000:0022]:8443}, kong-transcripts/3.4.2-daemon). Names are kept as given.
 */
final class Targets {
  static final int DEFAULT_PORT = 8000;
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?::(\\d+))?");
  private static final Pattern HEXTET = Pattern.compile("[0-9A-Fa-f]{1,4}");

  private Targets() {}

  /** The target as Kong stores it; an input Kong would refuse is returned unchanged (validation reports it). */
  static String normalize(String target) {
    long colons = target.chars().filter(c -> c == ':').count();
    if (colons > 1) { // hostname_type: more than one colon is IPv6
      String host = target;
      String port = String.valueOf(DEFAULT_PORT);
      if (target.startsWith("[")) {
        int end = target.indexOf(']');
        if (end < 0) {
          return target;
        }
        host = target.substring(1, end);
        String rest = target.substring(end + 1);
        if (!rest.isEmpty()) {
          if (!rest.matches(":\\d+")) {
            return target;
          }
          port = rest.substring(1);
        }
      }
      String expanded = expandIpv6(host);
      return expanded == null ? target : "[" + expanded + "]:" + Integer.parseInt(port);
    }
    String remainder = target.replace(":", "");
    if (remainder.matches("[0-9.]+")) { // hostname_type: ipv4
      Matcher m = IPV4.matcher(target);
      if (!m.matches()) {
        return target;
      }
      return Integer.parseInt(m.group(1)) + "." + Integer.parseInt(m.group(2)) + "." + Integer.parseInt(m.group(3))
          + "." + Integer.parseInt(m.group(4)) + ":" + (m.group(5) == null ? DEFAULT_PORT : Integer.parseInt(m.group(5)));
    }
    return colons == 0 ? target + ":" + DEFAULT_PORT : target;
  }

  /**
   * What PUT/PATCH and the DB-less loader store: the text as sent, with Kong's default port when it has none (a
   * bare IPv6 address gets brackets); {@link #normalize} is applied when Kong reads it back.
   */
  static String withDefaultPort(String target) {
    if (target.startsWith("[")) {
      return target.endsWith("]") ? target + ":" + DEFAULT_PORT : target;
    }
    long colons = target.chars().filter(c -> c == ':').count();
    if (colons == 0) {
      return target + ":" + DEFAULT_PORT;
    }
    if (colons > 1 && KongRules.isIp(target)) {
      return "[" + target + "]:" + DEFAULT_PORT;
    }
    return target;
  }

  /** normalize_ipv6: eight 4-digit lower-case groups, or null when it is not an IPv6 address. */
  static String expandIpv6(String address) {
    String check = address;
    if (check.startsWith(":")) {
      check = "0" + check;
    }
    if (check.endsWith(":")) {
      check = check + "0";
    }
    int dc = check.indexOf("::");
    if (dc >= 0) {
      long count = check.chars().filter(c -> c == ':').count();
      if (count > 8) {
        return null;
      }
      check = check.substring(0, dc) + ":" + "0:".repeat((int) (8 - count)) + check.substring(dc + 2);
    }
    String[] groups = check.split(":", -1);
    if (groups.length != 8) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (String g : groups) {
      if (!HEXTET.matcher(g).matches()) {
        return null;
      }
      sb.append(sb.length() == 0 ? "" : ":").append("0".repeat(4 - g.length())).append(g.toLowerCase(Locale.ROOT));
    }
    return sb.toString();
  }
}
