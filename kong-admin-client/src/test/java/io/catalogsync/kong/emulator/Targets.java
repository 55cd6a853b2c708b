package io.catalogsync.kong.emulator;

/** kong/db/dao/targets.lua: a target without a port gets Kong's default 8000. */
final class Targets {
  private Targets() {}

  static String normalize(String target) {
    if (target.startsWith("[")) {
      return target.endsWith("]") ? target + ":8000" : target;
    }
    long colons = target.chars().filter(c -> c == ':').count();
    if (colons == 0) {
      return target + ":8000";
    }
    if (colons > 1 && KongRules.isIp(target)) {
      return "[" + target + "]:8000";
    }
    return target;
  }
}
