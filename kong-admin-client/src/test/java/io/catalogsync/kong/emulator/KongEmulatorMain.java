package io.catalogsync.kong.emulator;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the emulator as its own process: {@code --port P [--dbless] [--latency-ms N] [--version V]}.
 * Prints the admin URL once listening and runs until killed.
 */
public final class KongEmulatorMain {
  private KongEmulatorMain() {}

  public static void main(String[] args) throws Exception {
    int port = 8001;
    boolean dbless = false;
    long latencyMs = 0;
    String version = EmulatorOptions.DEFAULT_VERSION;
    String token = System.getenv("KONG_EMULATOR_ADMIN_TOKEN");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
        case "--dbless" -> dbless = true;
        case "--latency-ms" -> latencyMs = Long.parseLong(value(args, ++i, "--latency-ms"));
        case "--version" -> version = value(args, ++i, "--version");
        case "-h", "--help" -> {
          System.out.println("usage: kong-emulator --port P [--dbless] [--latency-ms N] [--version V]\n"
              + "  KONG_EMULATOR_ADMIN_TOKEN=... requires that Kong-Admin-Token on every request");
          return;
        }
        default -> {
          System.err.println("kong-emulator: unknown argument '" + args[i] + "' (try --help)");
          System.exit(64);
        }
      }
    }
    if (port < 0 || port > 65535) {
      System.err.println("kong-emulator: --port must be between 0 and 65535, got " + port);
      System.exit(64);
    }
    Vertx vertx = Vertx.vertx();
    EmulatorOptions options = new EmulatorOptions(dbless, version, Duration.ofMillis(latencyMs), token);
    KongEmulator emulator;
    try {
      emulator = KongEmulator.start(vertx, options, port).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // Vert.x's threads would keep the JVM alive after a failed listen (a port already taken): the next
      // command would then talk to whatever else holds the port. Say why and exit at once.
      Throwable cause = e.getCause() == null ? e : e.getCause();
      System.err.println("kong-emulator: cannot listen on 127.0.0.1:" + port + ": " + cause.getMessage());
      System.err.flush();
      Runtime.getRuntime().halt(69);
      return;
    }
    System.out.println(emulator.adminUrl());
    System.out.flush();
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      emulator.close();
      vertx.close();
      done.countDown();
    }));
    done.await();
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      System.err.println("kong-emulator: " + flag + " needs a value");
      System.exit(64);
    }
    return args[i];
  }
}
