package io.catalogsync.sync;

import static io.catalogsync.sync.EmulatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.admin.ConfigResult;
import io.catalogsync.kong.emulator.EmulatorOptions;
import io.catalogsync.kong.emulator.RecordedRequest;
import io.catalogsync.sync.render.DeclarativeConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon against a DB-less Kong 3.9.3 that holds hand-written, untagged entities: real Kong answers every
 * tag-filtered list of such a collection with 500 (3.9.3-daemon/daemon-dbless-untagged.json), and the emulator's
 * 3.9 mode does the same. Reading the owned state through tag filters cannot work there.
 */
class Kong39UntaggedDblessTest {

    @TempDir
    Path dir;

    @Test
    void convergesWithUntaggedEntitiesPresent() throws Exception {
        try (EmulatorHarness h = EmulatorHarness.start(EmulatorOptions.dblessDefaults().withVersion("3.9.3"), dir)) {
            ObjectNode doc = DeclarativeConfig.empty();
            ObjectNode svc = doc.putArray("services").addObject().put("name", "handmade").put("url", "http://10.9.9.9:80");
            svc.putArray("routes").addObject().put("name", "handmade-r").putArray("paths").add("/hand");
            doc.putArray("consumers").addObject().put("username", "alice");
            assertThat(await(h.client.loadConfig(doc, false)).outcome()).isEqualTo(ConfigResult.Outcome.LOADED);

            Reconciler r = h.reconciler();
            CycleResult first = h.cycle(r, ReconcileOptions.defaults());
            assertThat(first.outcome()).as("%s", first.failure()).isEqualTo(CycleResult.Outcome.SUCCESS);
            h.emulator.clearRequests();
            CycleResult second = h.cycle(r, ReconcileOptions.defaults());
            assertThat(second.outcome()).isEqualTo(CycleResult.Outcome.NO_CHANGES);
            assertThat(h.requests()).noneMatch(RecordedRequest::isWrite);
        }
    }
}
