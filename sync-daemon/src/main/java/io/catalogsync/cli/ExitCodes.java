package io.catalogsync.cli;

import io.catalogsync.sync.CycleResult;

/** The process exit codes, as {@code --help} lists them. */
public final class ExitCodes {

    public static final int OK = 0;
    /** The sync failed or was partial (some service or entity did not converge). */
    public static final int SYNC_FAILED = 1;
    /** {@code plan --detailed-exitcode}: changes are pending. */
    public static final int CHANGES_PENDING = 2;
    /** The catalog is invalid: validation rejected services, or it does not parse. */
    public static final int CATALOG_INVALID = 3;
    /** {@code explain}: no entity, or more than one, matches the name given. */
    public static final int NOT_FOUND = 4;
    /** Bad usage: unknown option, bad value, missing setting (sysexits EX_USAGE). */
    public static final int USAGE = 64;
    /** Kong or the catalog could not be reached (sysexits EX_UNAVAILABLE). */
    public static final int UNAVAILABLE = 69;

    private ExitCodes() {
    }

    /** The exit code of a cycle that stopped with a failure, or of an unclean cycle. */
    static int of(CycleResult r) {
        if (r.failure() != null) {
            switch (r.failure().kind()) {
                case CATALOG_UNAVAILABLE:
                case KONG_UNAVAILABLE:
                    return UNAVAILABLE;
                case CATALOG_INVALID:
                    return CATALOG_INVALID;
                default:
                    return SYNC_FAILED;
            }
        }
        switch (r.outcome()) {
            case SUCCESS:
            case NO_CHANGES:
            case PLANNED:
                return OK;
            default:
                return SYNC_FAILED;
        }
    }
}
