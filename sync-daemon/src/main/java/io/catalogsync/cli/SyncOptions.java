package io.catalogsync.cli;

import picocli.CommandLine.Option;

/** Safety and speed of writes. */
public final class SyncOptions {

    @Option(names = "--max-delete-ratio", paramLabel = "RATIO",
            description = "Refuse a plan deleting more than this share of the owned entities, 0..1 "
                    + "(default: 0.25; env: KCS_MAX_DELETE_RATIO).")
    String maxDeleteRatio;

    @Option(names = "--max-deletes-per-window", paramLabel = "N",
            description = "Refuse deletions that would take this process past N deletions within --delete-window, "
                    + "so that a flapping catalog cannot delete and recreate entities on every flap; 0 turns it "
                    + "off (default: 500; env: KCS_MAX_DELETES_PER_WINDOW).")
    String maxDeletesPerWindow;

    @Option(names = "--delete-window", paramLabel = "DURATION",
            description = "The window of --max-deletes-per-window (default: 1h; env: KCS_DELETE_WINDOW).")
    String deleteWindow;

    @Option(names = "--force", arity = "0..1", paramLabel = "BOOL",
            description = "Lift the deletion guards (empty catalog, --max-delete-ratio, --max-deletes-per-window) "
                    + "(env: KCS_FORCE).")
    Boolean force;

    @Option(names = "--parallelism", paramLabel = "N",
            description = "Admin API requests in flight, 1..256 (default: 16; env: KCS_PARALLELISM).")
    String parallelism;

    @Option(names = "--service", split = ",", paramLabel = "NAME",
            description = "plan and run --once: only these catalog services (comma-separated or repeated); nothing "
                    + "outside them is created, updated or deleted.")
    java.util.List<String> services;

    /** The names given to {@code --service}, trimmed; empty for the whole catalog. */
    java.util.Set<String> services() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        if (services != null) {
            for (String s : services) {
                if (s == null || s.isBlank()) {
                    throw new SettingsException("--service: an empty name (use --service a,b)");
                }
                names.add(s.trim());
            }
        }
        return names;
    }
}
