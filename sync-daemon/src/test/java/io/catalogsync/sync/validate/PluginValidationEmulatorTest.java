package io.catalogsync.sync.validate;

import static io.catalogsync.sync.EmulatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.kong.admin.ListQuery;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.RecordedRequest;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.EmulatorHarness;
import io.catalogsync.sync.ReconcileOptions;
import io.catalogsync.sync.Reconciler;
import io.catalogsync.sync.SyncError;
import io.catalogsync.sync.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin value the translation accepts and Kong refuses: a Java-only regular expression in {@code cors.origins}
 * ({@code \p{javaLowerCase}} compiles in Java; Kong's PCRE refuses it, kong/plugins/cors/schema.lua
 * {@code validate_asterisk_or_regex}). Only that catalog service fails, as a validation error, and nothing of it
 * is written; every other service converges, in DB and DB-less mode; the verdict is cached across cycles.
 */
class PluginValidationEmulatorTest {

    private static final String GOOD_ORIGINS = "cors.origins: \"https://shop.example.com, https://m.shop.example.com\"";
    private static final String BAD_ORIGINS = "cors.origins: 'https://shop.example.com, ^https://\\p{javaLowerCase}+\\.example\\.com$'";

    @TempDir
    Path dir;

    private static String catalog(boolean badCors, String ordersMinute) throws Exception {
        String yaml = Files.readString(TestPaths.exampleCatalog());
        assertThat(yaml).contains(GOOD_ORIGINS);
        if (badCors) {
            yaml = yaml.replace(GOOD_ORIGINS, BAD_ORIGINS);
        }
        // orders is the first service; its rateLimit.minute is the first one in the file
        return yaml.replaceFirst("rateLimit.minute: \"600\"", "rateLimit.minute: \"" + ordersMinute + "\"");
    }

    private static long validations(EmulatorHarness h) {
        return h.requests().stream().filter(RecordedRequest::isValidation).count();
    }

    private static void assertOnlyProductCatalogRefused(CycleResult r) {
        assertThat(r.outcome()).as("%s", r.errors()).isEqualTo(CycleResult.Outcome.PARTIAL);
        assertThat(r.failure()).isNull();
        assertThat(r.errors()).extracting(SyncError::service).containsOnly("product-catalog");
        assertThat(r.errors()).anySatisfy(e -> {
            assertThat(e.stage()).isEqualTo(SyncError.Stage.VALIDATION);
            assertThat(e.subject()).isEqualTo("plugin cors config.origins");
            assertThat(e.message()).contains("is not a valid regex").contains("javaLowerCase");
        });
        assertThat(r.catalog().rejected()).isEqualTo(1);
        assertThat(r.plan().operations()).noneMatch(o -> "product-catalog".equals(o.catalogService()));
    }

    @Test
    void dbModeRefusedPluginFailsOnlyItsServiceAndIsValidatedOncePerShape() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            h.useCatalog(catalog(true, "600"));
            Reconciler r = h.reconciler();
            CycleResult first = h.cycle(r, ReconcileOptions.defaults());
            assertOnlyProductCatalogRefused(first);
            assertThat(first.applied().failed()).isEmpty();
            List<Service> services = await(h.client.services().list(ListQuery.ALL));
            assertThat(services).extracting(Service::name).contains("payments", "orders~api.v1")
                    .noneMatch(n -> n.startsWith("product-catalog"));
            long firstValidations = validations(h);
            long pluginWrites = first.plan().operations().stream().filter(o -> o.entity() instanceof Plugin).count();
            assertThat(firstValidations).isPositive().isLessThanOrEqualTo(pluginWrites + 1);

            // Second cycle: product-catalog is planned again, its verdict comes from the cache; nothing else to do.
            h.emulator.clearRequests();
            CycleResult second = h.cycle(r, ReconcileOptions.defaults());
            assertOnlyProductCatalogRefused(second);
            assertThat(second.plan().operations()).isEmpty();
            assertThat(validations(h)).isZero();
            assertThat(h.requests()).noneMatch(RecordedRequest::isWrite);

            // Fixed in the catalog: it is written, after one validation of each new shape.
            h.useCatalog(catalog(false, "600"));
            h.emulator.clearRequests();
            CycleResult third = h.cycle(r, ReconcileOptions.defaults());
            assertThat(third.outcome()).as("%s", third.errors()).isEqualTo(CycleResult.Outcome.SUCCESS);
            assertThat(validations(h)).isPositive();
            assertThat(await(h.client.services().list(ListQuery.ALL))).extracting(Service::name)
                    .anyMatch(n -> n.startsWith("product-catalog"));
        }
    }

    /** Services that differ in their CORS origins only; origins given per service, as in the catalog. */
    private static String corsServices(List<String> origins) {
        StringBuilder yaml = new StringBuilder("services:\n");
        for (int i = 0; i < origins.size(); i++) {
            yaml.append("  - name: front-").append(i).append("\n")
                    .append("    endpoints:\n")
                    .append("      - {protocol: http, host: front-").append(i)
                    .append(".shop.svc.cluster.local, port: 8080, path: /app/*, methods: [GET]}\n")
                    .append("    metadata:\n")
                    .append("      cors.enabled: \"true\"\n")
                    .append("      cors.origins: '").append(origins.get(i)).append("'\n")
                    .append("      cors.maxAge: \"3600\"\n");
        }
        return yaml.toString();
    }

    /**
     * Twenty front ends, each with its own host names as origins, are one validation (a host name cannot be
     * refused by Kong); a pattern among them is validated on its own, and refused alone when PCRE refuses it.
     */
    @Test
    void originsThatAreHostNamesShareOneValidationAndAPatternIsStillJudgedOnItsOwn() throws Exception {
        List<String> origins = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            origins.add("https://front-" + i + ".example.com, https://m.front-" + i + ".example.com:8443");
        }
        origins.add("https://front-20.example.com, ^https://(a|b)\\.example\\.com$");
        origins.add("https://front-21.example.com, ^https://\\p{javaLowerCase}+\\.example\\.com$");
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.defaults(), dir)) {
            h.useCatalog(corsServices(origins));
            CycleResult r = h.cycle(h.reconciler(), ReconcileOptions.defaults());
            assertThat(r.outcome()).as("%s", r.errors()).isEqualTo(CycleResult.Outcome.PARTIAL);
            assertThat(r.errors()).extracting(SyncError::service).containsOnly("front-21");
            // one for the twenty with host names, one for each pattern
            assertThat(validations(h)).isEqualTo(3);
            List<Service> services = await(h.client.services().list(ListQuery.ALL));
            assertThat(services).hasSize(21).extracting(Service::name).noneMatch(n -> n.startsWith("front-21"));
            List<Plugin> cors = await(h.client.plugins().list(ListQuery.ALL)).stream()
                    .filter(p -> p.name().equals("cors")).toList();
            assertThat(cors).hasSize(21);
        }
    }

    @Test
    void dblessRefusedPluginNoLongerBlocksEveryOtherChange() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.dblessDefaults(), dir)) {
            h.useCatalog(catalog(false, "600"));
            Reconciler r = h.reconciler();
            assertThat(h.cycle(r, ReconcileOptions.defaults()).outcome()).isEqualTo(CycleResult.Outcome.SUCCESS);

            // product-catalog turns invalid for Kong while orders changes its limit: one POST /config would carry
            // both, and Kong would refuse it whole.
            h.useCatalog(catalog(true, "700"));
            CycleResult second = h.cycle(r, ReconcileOptions.defaults());
            assertOnlyProductCatalogRefused(second);
            assertThat(second.configPushes()).isEqualTo(1);

            List<Plugin> plugins = await(h.client.plugins().list(ListQuery.ALL));
            assertThat(plugins).filteredOn(p -> p.name().equals("rate-limiting")
                    && p.tags().contains("catalog-service:orders"))
                    .isNotEmpty().allSatisfy(p -> assertThat(((Number) p.config().get("minute")).intValue())
                            .isEqualTo(700));
            // product-catalog keeps what Kong had: its valid origins
            assertThat(plugins).filteredOn(p -> p.name().equals("cors")
                    && p.tags().contains("catalog-service:product-catalog"))
                    .isNotEmpty().allSatisfy(p -> assertThat(p.config().get("origins").toString())
                            .doesNotContain("javaLowerCase"));
        }
    }
}
