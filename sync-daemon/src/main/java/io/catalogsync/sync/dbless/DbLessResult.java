package io.catalogsync.sync.dbless;

import io.catalogsync.sync.apply.ApplyResult;
import java.util.List;

/**
 * How a DB-less push went: the plan's operations as applied, failed (Kong rejected the entities of their
 * catalog service) or skipped; how many {@code POST /config} requests were made (0 when nothing changed, 2
 * when a retry without the rejected services was needed); and the services whose entities Kong rejected.
 */
public record DbLessResult(ApplyResult result, int pushes, List<String> rejectedServices) {

    public DbLessResult {
        rejectedServices = List.copyOf(rejectedServices);
    }
}
