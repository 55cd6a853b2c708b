package io.catalogsync.sync;

import static io.catalogsync.sync.EmulatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.sync.plan.FieldChange;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Update;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * A hand edit through the Admin API of a field the daemon leaves at Kong's default is drift: the next cycle
 * must see it and put the default back, and the cycle after writes nothing. Before the comparison took its
 * defaults from Kong's schemas, these edits went unnoticed forever (each weakens authentication).
 */
class DriftRepairEmulatorTest {

    @TempDir
    Path dir;

    static Stream<Arguments> edits() {
        List<Object[]> edits = List.of(
                // oauth2: lets clients get tokens straight from the authorization endpoint
                new Object[] {"oauth2", "enable_implicit_grant", true, false},
                new Object[] {"oauth2", "enable_password_grant", true, false},
                new Object[] {"oauth2", "accept_http_if_already_terminated", true, false},
                // key-auth: where keys are read from
                new Object[] {"key-auth", "key_names", List.of("apikey", "token"), List.of("apikey")},
                new Object[] {"key-auth", "key_in_body", true, false},
                // jwt: where tokens are read from
                new Object[] {"jwt", "uri_param_names", List.of("jwt", "access_token"), List.of("jwt")},
                new Object[] {"jwt", "cookie_names", List.of("session"), List.of()});
        return Stream.of("3.4.2", "3.9.3").flatMap(v -> edits.stream()
                .map(e -> Arguments.of(v, e[0], e[1], e[2], e[3])));
    }

    @ParameterizedTest(name = "Kong {0}: {1} {2}")
    @MethodSource("edits")
    void aHandEditIsRepairedByTheNextCycle(String version, String plugin, String field, Object handValue,
                                           Object kongDefault) throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults().withVersion(version), dir)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Reconciler r = h.reconciler().countDriftIn(registry);
            CycleResult first = h.cycle(r, ReconcileOptions.defaults());
            assertThat(first.outcome()).as("%s", first.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);

            Plugin target = await(h.client.plugins().list(ListQuery.ALL)).stream()
                    .filter(p -> p.name().equals(plugin)).findFirst().orElseThrow();
            assertThat(target.config().get(field)).as("Kong's default").isEqualTo(kongDefault);
            await(h.client.plugins().patch(target.id(), Map.of("config", Map.of(field, handValue))));
            assertThat(await(h.client.plugins().get(target.id())).orElseThrow().config().get(field))
                    .isEqualTo(handValue);

            h.emulator.clearRequests();
            ListAppender<ILoggingEvent> log = new ListAppender<>();
            Logger logger = (Logger) LoggerFactory.getLogger(DriftRepairs.class);
            log.start();
            logger.addAppender(log);
            CycleResult repair;
            try {
                repair = h.cycle(r, ReconcileOptions.defaults());
            } finally {
                logger.detachAppender(log);
            }
            assertThat(repair.plan().operations()).as("the repair plan").singleElement().satisfies(op -> {
                assertThat(op.kind()).isEqualTo(Operation.Kind.UPDATE);
                assertThat(op.entity().id()).isEqualTo(target.id());
                assertThat(((Update) op).changes()).extracting(FieldChange::path).containsExactly("config." + field);
            });
            assertThat(repair.outcome()).isEqualTo(CycleResult.Outcome.SUCCESS);
            assertThat(await(h.client.plugins().get(target.id())).orElseThrow().config().get(field))
                    .as("after the repair").isEqualTo(kongDefault);
            assertThat(registry.get(DriftRepairs.METER).tag("entity", "plugin").counter().count()).isEqualTo(1.0);
            assertThat(registry.get(DriftRepairs.METER).tag("entity", "service").counter().count()).isZero();
            assertThat(log.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                    .contains("drift repaired", "plugin " + plugin + "@", "config." + field)
                    .doesNotContain(String.valueOf(handValue));

            h.emulator.clearRequests();
            CycleResult after = h.cycle(r, ReconcileOptions.defaults());
            assertThat(after.plan().operations()).as("the cycle after the repair").isEmpty();
            assertThat(h.emulator.writeCount()).isZero();
        }
    }
}
