package io.catalogsync.sync.apply;

import io.catalogsync.sync.plan.Plan;

/** Lets tests in other packages time the package-private scheduling graph. */
public final class ApplierGraphProbe {

    private ApplierGraphProbe() {
    }

    public static int nodes(Plan p) {
        return Applier.graph(p.operations()).size();
    }
}
