package io.catalogsync.sync;

import static io.catalogsync.sync.EmulatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catalogsync.kong.admin.EntityApi;
import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.RecordedRequest;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.sync.plan.FieldChange;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Update;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
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
            CycleResult repair = cycleLogging(h, r, log);
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

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Hand edits of entity fields the records did not model (Kong 3.4.2 kong/db/schema/entities/services.lua
     * {@code tls_verify}, {@code tls_verify_depth}; routes.lua {@code snis}; upstreams.lua
     * {@code hash_on_cookie_path}, {@code use_srv_name}, {@code hash_on_header}) and of plugin top-level fields:
     * {type, field, hand value, Kong's default, whether the records model it}. Services and routes are picked
     * where Kong allows the field (tls_* only on https services, snis only on routes serving https).
     */
    static Stream<Arguments> entityEdits() {
        List<Object[]> edits = List.of(
                new Object[] {EntityType.SERVICE, "tls_verify", true, null, false},
                new Object[] {EntityType.SERVICE, "tls_verify_depth", 3, null, false},
                new Object[] {EntityType.ROUTE, "snis", List.of("payments.example.com"), null, false},
                new Object[] {EntityType.UPSTREAM, "hash_on_cookie_path", "/sticky", "/", false},
                new Object[] {EntityType.UPSTREAM, "use_srv_name", true, false, false},
                new Object[] {EntityType.UPSTREAM, "hash_on_header", "x-tenant", null, false},
                new Object[] {EntityType.PLUGIN, "protocols", List.of("https"), null, true},
                new Object[] {EntityType.PLUGIN, "enabled", false, true, true});
        return Stream.of("3.4.2", "3.9.3").flatMap(v -> edits.stream()
                .map(e -> Arguments.of(v, e[0], e[1], e[2], e[3], e[4])));
    }

    @ParameterizedTest(name = "Kong {0}: {1} {2}")
    @MethodSource("entityEdits")
    void aHandEditOfAnyEntityFieldIsRepairedByTheNextCycle(String version, EntityType type, String field,
                                                           Object handValue, Object kongDefault, boolean modelled)
            throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults().withVersion(version), dir)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Reconciler r = h.reconciler().countDriftIn(registry);
            CycleResult first = h.cycle(r, ReconcileOptions.defaults());
            assertThat(first.outcome()).as("%s", first.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);

            EntityApi<? extends KongEntity> api = api(h, type);
            KongEntity target = await(api.list(ListQuery.ALL)).stream().filter(editable(type)).findFirst()
                    .orElseThrow();
            // What Kong stores, read from the emulator itself (independent of what the records keep).
            Function<String, Object> read = id -> h.emulator.state().get(type.collection())
                    .stream().filter(n -> n.path("id").asText().equals(id)).findFirst()
                    .map(n -> n.path(field)).map(v -> v.isMissingNode() ? null : JSON.convertValue(v, Object.class))
                    .orElse(null);
            await(api.patch(target.id(), Map.of(field, handValue)));
            assertThat(read.apply(target.id())).as("the hand edit").isEqualTo(handValue);

            h.emulator.clearRequests();
            ListAppender<ILoggingEvent> log = new ListAppender<>();
            CycleResult repair = cycleLogging(h, r, log);
            assertThat(repair.plan().operations()).as("the repair plan").singleElement().satisfies(op -> {
                assertThat(op.kind()).isEqualTo(Operation.Kind.UPDATE);
                assertThat(op.entity().id()).isEqualTo(target.id());
                assertThat(((Update) op).changes()).extracting(FieldChange::path).containsExactly(field);
            });
            assertThat(repair.outcome()).as("%s", repair.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);
            if (!modelled) {
                // The write says what it resets instead of relying on PUT refilling what a body leaves out.
                List<RecordedRequest> writes = h.requests().stream().filter(RecordedRequest::isWrite).toList();
                assertThat(writes).as("the repair's writes").hasSize(1);
                RecordedRequest put = writes.get(0);
                JsonNode body = JSON.readTree(put.body());
                assertThat(body.has(field)).as("%s %s", put.method(), put.body()).isTrue();
                assertThat(JSON.convertValue(body.get(field), Object.class)).isEqualTo(kongDefault);
            }
            Object after = read.apply(target.id());
            if (field.equals("protocols")) {
                // The plugin's schema default (every protocol cors serves), not the hand-edited subset.
                assertThat(after).asList().contains("http", "https").hasSizeGreaterThan(1);
            } else if (kongDefault == null) {
                assertThat(after).as("after the repair").satisfiesAnyOf(
                        a -> assertThat(a).isNull(), a -> assertThat(a).isEqualTo(List.of()));
            } else {
                assertThat(after).as("after the repair").isEqualTo(kongDefault);
            }
            String tag = type.tag();
            assertThat(registry.get(DriftRepairs.METER).tag("entity", tag).counter().count()).isEqualTo(1.0);
            for (EntityType other : EntityType.values()) {
                if (other != type) {
                    assertThat(registry.get(DriftRepairs.METER).tag("entity", other.tag())
                            .counter().count()).as(other.name()).isZero();
                }
            }
            assertThat(log.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                    .contains("drift repaired", tag + " ", field);

            h.emulator.clearRequests();
            CycleResult again = h.cycle(r, ReconcileOptions.defaults());
            assertThat(again.plan().operations()).as("the cycle after the repair").isEmpty();
            assertThat(h.emulator.writeCount()).isZero();
        }
    }

    private static EntityApi<? extends KongEntity> api(EmulatorHarness h, EntityType type) {
        switch (type) {
            case SERVICE: return h.client.services();
            case ROUTE: return h.client.routes();
            case UPSTREAM: return h.client.upstreams();
            default: return h.client.plugins();
        }
    }

    /** An entity on which Kong accepts the edit. */
    private static Predicate<KongEntity> editable(EntityType type) {
        switch (type) {
            case SERVICE: return e -> "https".equals(((Service) e).protocol());
            case ROUTE: return e -> ((Route) e).protocols() == null || ((Route) e).protocols().contains("https");
            case PLUGIN: return e -> "cors".equals(((Plugin) e).name());
            default: return e -> true;
        }
    }

    /** One cycle, with what {@link DriftRepairs} logged during it collected in {@code log}. */
    private static CycleResult cycleLogging(EmulatorHarness h, Reconciler r, ListAppender<ILoggingEvent> log)
            throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(DriftRepairs.class);
        log.start();
        logger.addAppender(log);
        try {
            return h.cycle(r, ReconcileOptions.defaults());
        } finally {
            logger.detachAppender(log);
        }
    }
}
