package io.catalogsync.kong.emulator;

import java.time.Instant;

/**
 * One request the emulator received, with the status it answered (0 when a fault made it never
 * answer: a timeout or a dropped connection).
 */
public record RecordedRequest(String method, String path, String query, String body, int status, Instant timestamp,
    String fault) {

  /** POST, PUT, PATCH and DELETE change Kong's state (when they succeed). */
  public boolean isWrite() {
    return switch (method) {
      case "POST", "PUT", "PATCH", "DELETE" -> true;
      default -> false;
    };
  }
}
