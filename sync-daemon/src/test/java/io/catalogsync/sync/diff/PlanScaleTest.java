package io.catalogsync.sync.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.Endpoint;
import io.catalogsync.catalog.translate.Translation;
import io.catalogsync.catalog.translate.Translator;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.sync.EmulatorHarness;
import io.catalogsync.sync.apply.ApplierGraphProbe;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Plan;
import io.catalogsync.sync.render.DeclarativeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translate + diff (+ scheduling graph and declarative rendering) for 10,000 catalog services stay well under a
 * second each on a laptop: every lookup is a hash lookup. The bound asserted here is loose (a shared CI machine),
 * it is there to catch a quadratic regression, which would take minutes.
 */
class PlanScaleTest {

    private static final Logger LOG = LoggerFactory.getLogger(PlanScaleTest.class);
    private static final int SERVICES = 10_000;

    private static List<CatalogService> catalog() {
        List<CatalogService> out = new ArrayList<>(SERVICES);
        for (int i = 0; i < SERVICES; i++) {
            String name = "svc-" + i;
            out.add(new CatalogService(name, "v1", List.of(
                    new Endpoint("http", name + "-0.ns.svc", 8080, "/api/v1/*", List.of("GET", "POST")),
                    new Endpoint("http", name + "-1.ns.svc", 8080, "/api/v1/*", List.of("GET", "POST"))),
                    Map.of("rateLimit.minute", "100", "auth.type", "key-auth", "auth.required", i % 2 == 0 ? "true" : "false",
                            "healthcheck.path", "/health")));
        }
        return out;
    }

    @Test
    void tenThousandServicesPlanInSeconds() {
        List<CatalogService> catalog = catalog();
        long t0 = System.nanoTime();
        Translation t = Translator.translate(catalog, EmulatorHarness.translateOptions(EmulatorHarness.TEST_HOOK));
        long t1 = System.nanoTime();
        assertThat(t.rejected()).isEmpty();
        KongState desired = t.desired();

        // Kong already holds everything, a tenth of the services drifted: compare all, update some.
        KongState.Builder actual = KongState.builder();
        for (KongEntity e : desired.all().toList()) {
            if (e instanceof Service s && s.name().endsWith("0")) {
                e = new Service(s.id(), s.name(), s.protocol(), s.host(), s.port(), s.path(), 9, s.connectTimeout(),
                        s.writeTimeout(), s.readTimeout(), s.enabled(), s.tags(), null, null);
            }
            actual.add(e);
        }
        KongState kong = actual.build();
        long t2 = System.nanoTime();
        Plan steady = new Differ().diff(desired, kong, DiffScope.NONE);
        long t3 = System.nanoTime();
        Plan empty = new Differ().diff(desired, KongState.EMPTY, DiffScope.NONE);
        long t4 = System.nanoTime();
        int nodes = ApplierGraphProbe.nodes(empty);
        long t5 = System.nanoTime();
        int rendered = DeclarativeConfig.nested(desired).size();
        long t6 = System.nanoTime();
        new Differ().diff(desired, kong, DiffScope.NONE);
        long t7 = System.nanoTime();

        assertThat(steady.ofKind(Operation.Kind.UPDATE)).hasSize(SERVICES / 10);
        assertThat(empty.count(Operation.Kind.CREATE)).isEqualTo(desired.size());
        assertThat(nodes).isEqualTo(desired.size());
        assertThat(rendered).isPositive();
        Duration translate = Duration.ofNanos(t1 - t0);
        Duration diffSteady = Duration.ofNanos(t3 - t2);
        Duration diffEmpty = Duration.ofNanos(t4 - t3);
        LOG.info("{} services, {} entities: translate {} ms, diff against full Kong {} ms, diff against empty Kong "
                        + "{} ms, scheduling graph {} ms, nested render {} ms; second diff against full Kong {} ms",
                SERVICES, desired.size(), translate.toMillis(), diffSteady.toMillis(), diffEmpty.toMillis(),
                (t5 - t4) / 1_000_000, (t6 - t5) / 1_000_000, (t7 - t6) / 1_000_000);
        assertThat(translate.plus(diffSteady)).isLessThan(Duration.ofSeconds(30));
    }
}
