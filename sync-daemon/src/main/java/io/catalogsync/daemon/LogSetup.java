package io.catalogsync.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Locale;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Console logging for the daemon, to stderr (stdout stays free for command output): {@code text} is one
 * human-readable line per event, {@code json} one JSON object per line for log collectors, written by
 * Logback's own {@link JsonEncoder} (keys {@code timestamp} in epoch milliseconds, {@code level},
 * {@code threadName}, {@code loggerName}, {@code mdc}, {@code formattedMessage}, {@code throwable}).
 *
 * <p>Libraries (Netty, Vert.x, fabric8) are held at WARN whatever the level, as the packaged {@code logback.xml}
 * does: DEBUG is for this project's code, and library debug output can include HTTP traffic.
 */
public final class LogSetup {

    private LogSetup() {
    }

    public enum Format {
        TEXT, JSON;

        /** Parses {@code text} or {@code json}, naming the option in the error. */
        public static Format parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("--log-format must be text or json, was '" + value + "'");
            }
        }
    }

    /**
     * Replaces Logback's configuration with one console appender in {@code format} at {@code level}
     * ({@code TRACE}, {@code DEBUG}, {@code INFO}, {@code WARN}, {@code ERROR}). Does nothing when SLF4J is not
     * bound to Logback.
     */
    /**
     * Vert.x's connection classes log every connection reset or closed socket that has no exception handler at
     * ERROR, without saying which request it was ({@code io.vertx.core.net.impl.ConnectionBase#handleException}):
     * a Kong restart gave hundreds of such lines and no useful one. The same failure reaches the request's future,
     * and the engine logs each failed operation once with its entity and Kong's answer, so these are turned off.
     * {@code logback.xml} holds the same list.
     */
    static final List<String> TRANSPORT_LOGGERS = List.of("io.vertx.core.net.impl.ConnectionBase",
            "io.vertx.core.net.impl.VertxConnection");

    public static void configure(Format format, String level) {
        Level parsed = Level.toLevel(level, null);
        if (parsed == null) {
            throw new IllegalArgumentException("--log-level must be one of TRACE, DEBUG, INFO, WARN, ERROR, was '"
                    + level + "'");
        }
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();
        Encoder<ILoggingEvent> encoder = format == Format.JSON ? json(context) : text(context);
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(parsed);
        root.addAppender(console);
        for (String chatty : new String[] {"io.netty", "io.vertx", "io.fabric8"}) {
            context.getLogger(chatty).setLevel(parsed.isGreaterOrEqual(Level.WARN) ? parsed : Level.WARN);
        }
        for (String transport : TRANSPORT_LOGGERS) {
            context.getLogger(transport).setLevel(Level.OFF);
        }
        // vertx-micrometer-metrics binds Netty's executor metrics for the acceptor and the event-loop groups under
        // the same untagged gauge name; Micrometer keeps the first and warns at every start. Nothing is lost.
        context.getLogger("io.micrometer.core.instrument.MeterRegistry").setLevel(Level.ERROR);
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n");
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }
}
