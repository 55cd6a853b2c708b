package io.catalogsync.kong.emulator;

import java.time.Duration;
import java.util.Random;

/**
 * Faults the emulator applies to every request until cleared: added latency, a share of server
 * errors, a share of requests that are accepted and never answered, a share whose connection is
 * closed without an answer, "fail the next N requests" and "fail write number k" (to make each single write
 * of a sync fail in turn), and "refuse the writes of one catalog service". Thread-safe; decisions come from one
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
  private int failWriteIndex = -1;
  private int failWriteStatus = 500;
  private boolean failWriteDrops;
  private int writesSeen;
  private Random random = new Random();
  private boolean writesOnly;
  private int tagFilteredListStatus;
  private String failedPath;
  private int failedPathStatus;
  private int failedPathAnswered;
  private String refusedMarker;
  private int refusedStatus;

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
   * The write (POST, PUT, PATCH or DELETE) number {@code index}, counting from 0 the writes received
   * after this call, answers {@code status} without touching the state; every other request is left to
   * the other settings.
   */
  public synchronized FaultInjector failWrite(int index, int status) {
    if (index < 0) {
      throw new IllegalArgumentException("index must be zero or positive, got " + index);
    }
    failWriteIndex = index;
    failWriteStatus = checkStatus(status);
    failWriteDrops = false;
    writesSeen = 0;
    return this;
  }

  /**
   * Like {@link #failWrite}, but the connection of that write is closed without an answer (a Kong
   * restart, a proxy dropping it), before the state is touched.
   */
  public synchronized FaultInjector dropWrite(int index) {
    failWrite(index, 500);
    failWriteDrops = true;
    return this;
  }

  /**
   * Faults apply to writes only (POST, PUT, PATCH, DELETE): reads answer normally, so a test can make Kong fail
   * in the middle of a cycle, after the cycle has read the state.
   */
  public synchronized FaultInjector setWritesOnly(boolean value) {
    writesOnly = value;
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

  /**
   * Every request to exactly {@code path} (without its query) answers {@code status}, every attempt (null: off): one
   * collection of Kong that cannot be read, the rest answering normally.
   */
  public synchronized FaultInjector failPath(String path, int status) {
    return failPathAfter(path, status, 0);
  }

  /**
   * Like {@link #failPath}, but the first {@code answered} requests to {@code path} answer normally: a list whose
   * first pages are read and whose next page fails (every attempt), the failure coming half-way through a read.
   */
  public synchronized FaultInjector failPathAfter(String path, int status, int answered) {
    if (answered < 0) {
      throw new IllegalArgumentException("answered must be zero or positive, got " + answered);
    }
    failedPath = path;
    failedPathStatus = path == null ? 0 : checkStatus(status);
    failedPathAnswered = answered;
    return this;
  }

  /** The status a request to {@code path} must answer, or 0. */
  synchronized int pathStatus(String path) {
    if (failedPath == null || !failedPath.equals(path)) {
      return 0;
    }
    if (failedPathAnswered > 0) {
      failedPathAnswered--;
      return 0;
    }
    return failedPathStatus;
  }

  /**
   * Every write whose body contains {@code marker} (say the tag {@code catalog-service:billing} every owned
   * entity of one catalog service carries) answers {@code status} without touching the state, as Kong refusing
   * one service's entities; null turns it off. Applies before the other settings.
   */
  public synchronized FaultInjector refuseWritesContaining(String marker, int status) {
    refusedMarker = marker;
    refusedStatus = marker == null ? 0 : checkStatus(status);
    return this;
  }

  synchronized int tagFilteredListStatus() {
    return tagFilteredListStatus;
  }

  public synchronized FaultInjector clear() {
    writesOnly = false;
    latency = Duration.ZERO;
    errorRate = 0;
    timeoutRate = 0;
    dropRate = 0;
    failNext = 0;
    failWriteIndex = -1;
    tagFilteredListStatus = 0;
    failedPath = null;
    failedPathStatus = 0;
    failedPathAnswered = 0;
    refusedMarker = null;
    return this;
  }

  synchronized Decision decide(boolean write) {
    return decide(write, null);
  }

  synchronized Decision decide(boolean write, String body) {
    if (write && refusedMarker != null && body != null && body.contains(refusedMarker)) {
      return new Decision(Action.ERROR, refusedStatus, latency);
    }
    if (writesOnly && !write) {
      return new Decision(Action.NONE, 0, Duration.ZERO);
    }
    if (write && failWriteIndex >= 0 && writesSeen++ == failWriteIndex) {
      return failWriteDrops ? new Decision(Action.DROP, 0, latency)
          : new Decision(Action.ERROR, failWriteStatus, latency);
    }
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
