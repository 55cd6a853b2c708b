package io.catalogsync.kong.contract;

import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.KongEmulator;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * The contract against the Kong Admin API emulator: a DB-mode node that requires an admin token (so every case
 * also goes through {@code Kong-Admin-Token}) and a DB-less node, each on a free loopback port. Always runs.
 */
class EmulatorContractTest extends KongContract {

    /** Not a secret: the emulator is local and lives for this test only. */
    private static final String TOKEN = "contract-emulator-token";

    private KongEmulator db;
    private KongEmulator dbless;

    @Override
    protected Targets openTargets(Vertx vertx) {
        db = Await.result(KongEmulator.start(vertx,
                new EmulatorOptions(false, EmulatorOptions.DEFAULT_VERSION, Duration.ZERO, TOKEN)));
        dbless = Await.result(KongEmulator.start(vertx, EmulatorOptions.dblessDefaults()));
        return Targets.both(new KongEndpoint(db.adminUrl(), TOKEN), new KongEndpoint(dbless.adminUrl(), null));
    }

    @Override
    protected void closeTargets() {
        if (db != null) {
            db.close();
        }
        if (dbless != null) {
            dbless.close();
        }
    }
}
