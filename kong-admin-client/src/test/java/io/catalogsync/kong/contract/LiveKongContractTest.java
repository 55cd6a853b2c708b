package io.catalogsync.kong.contract;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongAdminOptions;
import io.catalogsync.kong.admin.KongInfo;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract against a real Kong 3.x at {@code KONG_ADMIN_URL} (and {@code KONG_ADMIN_TOKEN} when the Admin API
 * wants one). Skipped when the variable is not set. A DB-mode Kong runs the DB cases, a DB-less one
 * ({@code database: off}) the DB-less cases; the others are skipped with the reason.
 *
 * <p>On a DB-less node the cases post whole configurations, which replace what the node holds; the node's
 * configuration is exported ({@code GET /config}) before them and posted back after them.
 */
@EnabledIfEnvironmentVariable(named = "KONG_ADMIN_URL", matches = ".*\\S.*",
        disabledReason = LiveKongContractTest.NO_URL)
class LiveKongContractTest extends KongContract {

    static final String NO_URL = "KONG_ADMIN_URL not set: no live Kong to run the contract against (e.g. "
            + "KONG_ADMIN_URL=http://127.0.0.1:8001, plus KONG_ADMIN_TOKEN if the Admin API needs one)";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The DB-less node's configuration (Kong's own YAML export) from before the run, put back afterwards. */
    private String savedDblessConfig;

    @Override
    protected Targets openTargets(Vertx vertx) {
        String url = System.getenv("KONG_ADMIN_URL");
        // The class condition already skips each case with NO_URL; this keeps openTargets safe on its own.
        assumeTrue(url != null && !url.isBlank(), NO_URL);
        KongEndpoint endpoint = new KongEndpoint(url, System.getenv("KONG_ADMIN_TOKEN"));
        KongInfo info;
        try (KongAdminClient probe = KongAdminClient.create(vertx, new KongAdminOptions()
                .setBaseUrl(endpoint.adminUrl()).setAdminToken(endpoint.adminToken()))) {
            info = Await.result(probe.info());
        }
        if (info.dbless()) {
            return Targets.dblessOnly(endpoint, "the Kong at " + url + " is DB-less (database: off); the DB-mode "
                    + "cases need a Kong with a database");
        }
        return Targets.dbOnly(endpoint, "the Kong at " + url + " uses database '" + info.database()
                + "'; the DB-less cases need a Kong with database: off");
    }

    @Override
    protected void beforeDblessCases(Vertx vertx, KongEndpoint dbless) {
        WebClient web = WebClient.create(vertx);
        try {
            HttpResponse<Buffer> resp = Await.result(send(web, dbless, "GET", null));
            if (resp.statusCode() != 200) {
                throw new IllegalStateException("GET /config on " + dbless.adminUrl() + " answered "
                        + resp.statusCode() + "; not running DB-less cases that would lose its configuration");
            }
            savedDblessConfig = resp.bodyAsJsonObject().getString("config");
        } finally {
            web.close();
        }
    }

    @Override
    protected void afterDblessCases(Vertx vertx, KongEndpoint dbless) {
        if (savedDblessConfig == null) {
            return;
        }
        WebClient web = WebClient.create(vertx);
        try {
            // POST /config takes the export back as {"config": "<yaml>"} (kong/api/routes/config.lua parses a
            // string config as YAML or JSON).
            HttpResponse<Buffer> resp = Await.result(send(web, dbless, "POST",
                    new JsonObject().put("config", savedDblessConfig)));
            if (resp.statusCode() != 201) {
                JsonNode body = parse(resp.bodyAsString());
                throw new IllegalStateException("could not restore the DB-less configuration of "
                        + dbless.adminUrl() + ": " + resp.statusCode() + " " + body.path("message").asText());
            }
        } finally {
            web.close();
        }
    }

    private static Future<HttpResponse<Buffer>> send(WebClient web, KongEndpoint kong, String method,
                                                     JsonObject body) {
        String base = kong.adminUrl().endsWith("/") ? kong.adminUrl().substring(0, kong.adminUrl().length() - 1)
                : kong.adminUrl();
        var req = "GET".equals(method) ? web.getAbs(base + "/config") : web.postAbs(base + "/config");
        MultiMap headers = req.headers();
        if (kong.adminToken() != null) {
            headers.set("Kong-Admin-Token", kong.adminToken());
        }
        return body == null ? req.send() : req.sendJsonObject(body);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body == null ? "{}" : body);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
