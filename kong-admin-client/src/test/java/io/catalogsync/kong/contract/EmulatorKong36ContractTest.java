package io.catalogsync.kong.contract;

import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.KongEmulator;
import io.vertx.core.Vertx;

/**
 * The contract against the emulator posing as Kong 3.6, the first version with rate-limiting's nested
 * {@code config.redis} (kong/plugins/rate-limiting/schema.lua in 3.6.0), so that the version-dependent branches of
 * the suite run too. DB mode only: the DB-less cases do not depend on the version and run in
 * {@link EmulatorContractTest}.
 */
class EmulatorKong36ContractTest extends KongContract {

    private KongEmulator db;

    @Override
    protected Targets openTargets(Vertx vertx) {
        db = Await.result(KongEmulator.start(vertx, EmulatorOptions.defaults().withVersion("3.6.1")));
        return Targets.dbOnly(new KongEndpoint(db.adminUrl(), null),
                "DB-less cases run once, in EmulatorContractTest (they do not depend on the Kong version)");
    }

    @Override
    protected void closeTargets() {
        if (db != null) {
            db.close();
        }
    }
}
