package io.catalogsync.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes. */
public final class CommonOptions {

    public enum Output { TEXT, JSON }

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML config file; flags and KCS_* variables override it (env: KCS_CONFIG).")
    Path config;

    @Option(names = "--output", paramLabel = "text|json",
            description = "Output format (default: text; env: KCS_OUTPUT).")
    Output output;
}
