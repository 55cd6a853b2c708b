package io.catalogsync.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogSetupTest {

    private final PrintStream stderr = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @AfterEach
    void restore() throws Exception {
        System.setErr(stderr);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    private List<String> lines() {
        return Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n")).filter(l -> !l.isBlank()).toList();
    }

    @Test
    void jsonWritesOneObjectPerLineWithTheFormattedMessageAndStackTrace() {
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LogSetup.configure(LogSetup.Format.JSON, "info");
        Logger log = LoggerFactory.getLogger("io.catalogsync.daemon.Example");
        log.info("Cycle {} ({}) success", 7, "timer");
        log.debug("not shown at INFO");
        log.warn("Kong unreachable", new IllegalStateException("connection refused"));
        LoggerFactory.getLogger("io.netty.channel.Example").info("hidden: netty is held at WARN");

        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        JsonObject first = new JsonObject(lines.get(0));
        assertThat(first.getString("level")).isEqualTo("INFO");
        assertThat(first.getString("loggerName")).isEqualTo("io.catalogsync.daemon.Example");
        assertThat(first.getString("formattedMessage")).isEqualTo("Cycle 7 (timer) success");
        assertThat(first.getLong("timestamp")).isPositive();
        JsonObject second = new JsonObject(lines.get(1));
        assertThat(second.getString("level")).isEqualTo("WARN");
        assertThat(second.getJsonObject("throwable").getString("message")).isEqualTo("connection refused");
    }

    @Test
    void textWritesOneLinePerEvent() {
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LogSetup.configure(LogSetup.Format.TEXT, "DEBUG");
        LoggerFactory.getLogger("io.catalogsync.daemon.Example").debug("Cycle {} planned", 3);
        assertThat(lines()).singleElement().asString().contains("DEBUG").contains("Cycle 3 planned");
    }

    @Test
    void vertxConnectionResetsWithoutContextAreSilencedInBothConfigurations() {
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LogSetup.configure(LogSetup.Format.TEXT, "DEBUG");
        for (String name : LogSetup.TRANSPORT_LOGGERS) {
            LoggerFactory.getLogger(name).error("Connection reset", new java.io.IOException("Connection reset"));
        }
        LoggerFactory.getLogger("io.catalogsync.sync.Reconciler").warn("update service x [x] failed: 503");
        assertThat(lines()).singleElement().asString().contains("failed: 503");

        // The packaged logback.xml (what runs before --log-format is applied) says the same.
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        ch.qos.logback.classic.joran.JoranConfigurator joran = new ch.qos.logback.classic.joran.JoranConfigurator();
        joran.setContext(context);
        try {
            joran.doConfigure(LogSetup.class.getResource("/logback.xml"));
        } catch (ch.qos.logback.core.joran.spi.JoranException e) {
            throw new AssertionError(e);
        }
        for (String name : LogSetup.TRANSPORT_LOGGERS) {
            assertThat(LoggerFactory.getLogger(name).isErrorEnabled()).as(name).isFalse();
        }
        assertThat(LoggerFactory.getLogger("io.vertx.core.http.impl.HttpClientImpl").isWarnEnabled()).isTrue();
    }

    @Test
    void badValuesNameTheOption() {
        assertThatThrownBy(() -> LogSetup.Format.parse("xml")).hasMessageContaining("--log-format");
        assertThatThrownBy(() -> LogSetup.configure(LogSetup.Format.TEXT, "loud")).hasMessageContaining("--log-level");
        assertThat(LogSetup.Format.parse(" Json ")).isEqualTo(LogSetup.Format.JSON);
    }
}
