package io.catalogsync.kong.emulator;

import java.time.Duration;
import java.util.Random;

/**
 * Faults the emulator applies to every request until cleared: added latency, a share of server
 * errors, a share of requests that are accepted and never answered, a share whose connection is
 * closed without an answer, and "fail the next N requests". Thread-safe; decisions come from one
 * seeded random source so a test can make them reproducible.
 */
public final class FaultInjector {
  /** What to do with one request. */
  enum Action { NONE, ERROR, TIMEOUT, DROP }

  /** The decision for one request: the action, the status for ERROR, and the added latency. */
  record Decision(Action action, int status, Duration latency) {}

  private Duration latency = Duration.ZERO;
  private double errorRate;
  private int errorStatus = 500;
  private double timeoutRate;
  private double dropRate;
  private int failNext;
  private int failNextStatus = 500;
  private Random random = new Random();
  private int tagFilteredListStatus;

  public synchronized FaultInjector setLatency(Duration value) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException("latency must be zero or positive");
    }
    latency = value;
    return this;
  }

  public synchronized FaultInjector setServerErrorRate(double rate, int status) {
    errorRate = checkRate("server error rate", rate);
    errorStatus = checkStatus(status);
    return this;
  }

  public synchronized FaultInjector setTimeoutRate(double rate) {
    timeoutRate = checkRate("timeout rate", rate);
    return this;
  }

  public synchronized FaultInjector setDropRate(double rate) {
    dropRate = checkRate("drop rate", rate);
    return this;
  }

  public synchronized FaultInjector setSeed(long seed) {
    random = new Random(seed);
    return this;
  }

  /** The next {@code n} requests answer {@code status} whatever the rates say. */
  public synchronized FaultInjector failNextRequests(int n, int status) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be zero or positive, got " + n);
    }
    failNext = n;
    failNextStatus = checkStatus(status);
    return this;
  }

  /**
   * Every list with a {@code tags} filter answers {@code status} (0: off), as real Kong 3.9.3 DB-less answers
   * 500 to a tag-filtered list of a collection holding an untagged entity (kong-transcripts/3.9.3-daemon/README.md,
   * daemon-dbless-untagged.json).
   */
  public synchronized FaultInjector failTagFilteredLists(int status) {
    tagFilteredListStatus = status == 0 ? 0 : checkStatus(status);
    return this;
  }

  synchronized int tagFilteredListStatus() {
    return tagFilteredListStatus;
  }

  public synchronized FaultInjector clear() {
    latency = Duration.ZERO;
    errorRate = 0;
    timeoutRate = 0;
    dropRate = 0;
    failNext = 0;
    tagFilteredListStatus = 0;
    return this;
  }

  synchronized Decision decide() {
    if (failNext > 0) {
      failNext--;
      return new Decision(Action.ERROR, failNextStatus, latency);
    }
    double r = random.nextDouble();
    if (r < dropRate) {
      return new Decision(Action.DROP, 0, latency);
    }
    r -= dropRate;
    if (r < timeoutRate) {
      return new Decision(Action.TIMEOUT, 0, latency);
    }
    r -= timeoutRate;
    if (r < errorRate) {
      return new Decision(Action.ERROR, errorStatus, latency);
    }
    return new Decision(Action.NONE, 0, latency);
  }

  private static double checkRate(String what, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(what + " must be between 0 and 1, got " + rate);
    }
    return rate;
  }

  private static int checkStatus(int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("fault status must be a 4xx or 5xx code, got " + status);
    }
    return status;
  }
}
