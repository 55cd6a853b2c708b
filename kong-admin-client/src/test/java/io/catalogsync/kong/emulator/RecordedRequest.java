package io.catalogsync.kong.emulator;

import java.time.Instant;

/**
 * One request the emulator received, with the status it answered (0 when a fault made it never
 * answer: a timeout or a dropped connection).
 */
public record RecordedRequest(String method, String path, String query, String body, int status, Instant timestamp,
    String fault) {

  /**
   * POST, PUT, PATCH and DELETE change Kong's state (when they succeed), except {@code POST /schemas/.../validate},
   * which only validates (kong/api/routes/kong.lua).
   */
  public boolean isWrite() {
    if (isValidation()) {
      return false;
    }
    return switch (method) {
      case "POST", "PUT", "PATCH", "DELETE" -> true;
      default -> false;
    };
  }

  /** {@code POST /schemas/{entity}/validate} or {@code POST /schemas/plugins/validate}: stores nothing. */
  public boolean isValidation() {
    return method.equals("POST") && path != null && path.startsWith("/schemas/") && path.endsWith("/validate");
  }
}
