package io.catalogsync.cli;

import picocli.CommandLine.Option;

/** Safety and speed of writes. */
public final class SyncOptions {

    @Option(names = "--max-delete-ratio", paramLabel = "RATIO",
            description = "Refuse a plan deleting more than this share of the owned entities, 0..1 "
                    + "(default: 0.25; env: KCS_MAX_DELETE_RATIO).")
    String maxDeleteRatio;

    @Option(names = "--force", arity = "0..1", paramLabel = "BOOL",
            description = "Lift the deletion guards (empty catalog, --max-delete-ratio) (env: KCS_FORCE).")
    Boolean force;

    @Option(names = "--parallelism", paramLabel = "N",
            description = "Admin API requests in flight, 1..256 (default: 16; env: KCS_PARALLELISM).")
    String parallelism;
}
