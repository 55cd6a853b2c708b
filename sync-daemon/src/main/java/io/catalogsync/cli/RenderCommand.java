package io.catalogsync.cli;

import io.catalogsync.catalog.translate.Translation;
import io.catalogsync.sync.render.DeckRenderer;
import io.catalogsync.sync.source.CatalogFetch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "render", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Writes the desired Kong state as a decK-format file (_format_version \"3.0\"), without Kong.",
                "Rejected services are left out and reported on stderr (exit 3)."})
final class RenderCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    CatalogOptions catalog;

    @Mixin
    TranslationOptions translation;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "-",
            description = "Where to write; - is stdout (default: -).")
    String outFile;

    @Option(names = "--format", paramLabel = "yaml|json", defaultValue = "yaml",
            description = "File format (default: yaml).")
    DeckRenderer.Format format;

    @Option(names = "--target", paramLabel = "deck|kong", defaultValue = "deck",
            description = {"deck: adds _info.select_tags = the owner tag, so that 'deck gateway sync' manages only "
                    + "the daemon's entities (default).",
                    "kong: without _info, for POST /config to a DB-less Kong (Kong's schema refuses unknown "
                            + "top-level keys)."})
    DeckRenderer.Target target;

    @Override
    public Integer call() throws IOException {
        if (common.output == CommonOptions.Output.JSON) {
            // --output shapes plan's and validate's reports; render's output is the file itself. Accepting the
            // flag and writing YAML anyway surprised users.
            throw new SettingsException("--output json does not apply to render, which writes a decK file: use "
                    + "--format json for that file in JSON");
        }
        Settings settings = Settings.resolve(main.env, common, catalog, null, translation, null);
        try (CommandContext ctx = new CommandContext(settings)) {
            CatalogFetch fetch = ctx.fetch();
            if (fetch instanceof CatalogFetch.Failed f) {
                spec.commandLine().getErr().println("error: " + f.message());
                return f.unavailable() ? ExitCodes.UNAVAILABLE : ExitCodes.CATALOG_INVALID;
            }
            Translation t = ctx.translate((CatalogFetch.Fetched) fetch);
            String doc = DeckRenderer.render(t.desired(), settings.ownerTag(), target, format);
            if (outFile.equals("-")) {
                spec.commandLine().getOut().print(doc);
                spec.commandLine().getOut().flush();
            } else {
                Files.writeString(Path.of(outFile), doc);
                spec.commandLine().getErr().println("wrote " + t.desired().size() + " entities of "
                        + t.validServices().size() + " services to " + outFile);
            }
            t.rejected().forEach(e -> spec.commandLine().getErr().println("rejected: " + e));
            return t.rejected().isEmpty() ? ExitCodes.OK : ExitCodes.CATALOG_INVALID;
        }
    }
}
