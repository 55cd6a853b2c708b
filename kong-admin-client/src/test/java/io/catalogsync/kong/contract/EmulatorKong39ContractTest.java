package io.catalogsync.kong.contract;

import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.KongEmulator;
import io.vertx.core.Vertx;

/**
 * The contract against the emulator posing as Kong 3.9.3, the newest open-source Kong (kong-transcripts/3.9.3/):
 * rate-limiting answers in both Redis shapes, PCRE2 regex errors, and a DB-less mode whose answers differ from
 * 3.4's (null fields in POST /config answers, /tags paged one collection at a time, tag-filtered lists refused
 * with 500 when the collection holds an untagged entity). Both modes, since both changed.
 */
class EmulatorKong39ContractTest extends KongContract {

    private KongEmulator db;
    private KongEmulator dbless;

    @Override
    protected Targets openTargets(Vertx vertx) {
        db = Await.result(KongEmulator.start(vertx, EmulatorOptions.defaults().withVersion("3.9.3")));
        dbless = Await.result(KongEmulator.start(vertx, EmulatorOptions.dblessDefaults().withVersion("3.9.3")));
        return Targets.both(new KongEndpoint(db.adminUrl(), null), new KongEndpoint(dbless.adminUrl(), null));
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
