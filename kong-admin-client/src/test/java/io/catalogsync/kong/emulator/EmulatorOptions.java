package io.catalogsync.kong.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * How an emulated Kong node behaves.
 *
 * @param dbless     DB-less mode ({@code database = off}): entity writes refused, {@code POST /config} accepted
 * @param version    the Kong version reported by {@code GET /} and used for version-dependent shapes
 *                   (rate-limiting's Redis fields are nested from 3.6 on)
 * @param latency    extra delay before every answer (zero for none)
 * @param adminToken when not null, every request must carry it in {@code Kong-Admin-Token} (else 401)
 */
public record EmulatorOptions(boolean dbless, String version, Duration latency, String adminToken) {
  public static final String DEFAULT_VERSION = "3.4.2";

  public EmulatorOptions {
    version = version == null ? DEFAULT_VERSION : version;
    latency = latency == null ? Duration.ZERO : latency;
    if (!version.matches("\\d+\\.\\d+(\\.\\d+)?([.-].*)?")) {
      throw new IllegalArgumentException("version must look like 3.4.2, got: " + version);
    }
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative");
    }
  }

  /**
   * Whether {@link #version} is {@code major.minor} or later. Enterprise versions ({@code 3.10.0.1},
   * {@code 3.14.0.0-enterprise-edition}) compare by their first two numbers.
   */
  public boolean atLeast(int major, int minor) {
    String[] p = version.split("[.-]");
    int ma = Integer.parseInt(p[0]);
    int mi = Integer.parseInt(p[1]);
    return ma > major || ma == major && mi >= minor;
  }

  /** A DB-mode Kong 3.4.2 without latency or token. */
  public static EmulatorOptions defaults() {
    return new EmulatorOptions(false, DEFAULT_VERSION, Duration.ZERO, null);
  }

  /** A DB-less Kong 3.4.2. */
  public static EmulatorOptions dblessDefaults() {
    return new EmulatorOptions(true, DEFAULT_VERSION, Duration.ZERO, null);
  }

  public EmulatorOptions withDbless(boolean value) {
    return new EmulatorOptions(value, version, latency, adminToken);
  }

  public EmulatorOptions withVersion(String value) {
    return new EmulatorOptions(dbless, Objects.requireNonNull(value, "version"), latency, adminToken);
  }

  public EmulatorOptions withLatency(Duration value) {
    return new EmulatorOptions(dbless, version, value, adminToken);
  }

  public EmulatorOptions withAdminToken(String value) {
    return new EmulatorOptions(dbless, version, latency, value);
  }

  /** Never prints the admin token. */
  @Override
  public String toString() {
    return "EmulatorOptions[dbless=" + dbless + ", version=" + version + ", latency=" + latency
        + ", adminToken=" + (adminToken == null ? "none" : "***") + "]";
  }
}
