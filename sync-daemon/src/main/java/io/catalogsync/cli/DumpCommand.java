package io.catalogsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongInfo;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.sync.read.OwnedState;
import io.catalogsync.sync.read.OwnedStateReader;
import io.catalogsync.sync.render.DeckRenderer;
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

@Command(name = "dump", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Writes what Kong holds for the owner tag as a decK file (_format_version \"3.0\", "
                + "_info.select_tags = the owner tag): what the daemon is looking at. Writes nothing to Kong.",
                "--all: everything Kong holds, whoever owns it (DB-less: Kong's own GET /config, complete; "
                        + "DB mode: upstreams with their targets, services, routes, consumers and plugins)."})
final class DumpCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    KongOptions kong;

    @Mixin
    TranslationOptions translation;

    @Mixin
    SyncOptions sync;

    @Option(names = "--all", description = "Every entity, not only the owned ones.")
    boolean all;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "-",
            description = "Where to write; - is stdout (default: -).")
    String outFile;

    @Option(names = "--format", paramLabel = "yaml|json", defaultValue = "yaml",
            description = "File format (default: yaml).")
    DeckRenderer.Format format;

    @Override
    public Integer call() throws IOException {
        Settings settings = Settings.resolve(main.env, common, null, kong, translation, sync);
        settings.requireKongAdmin();
        String doc;
        int entities;
        try (CommandContext ctx = new CommandContext(settings)) {
            KongAdminClient client = ctx.kong();
            KongInfo info = CommandContext.await(client.info());
            OwnedStateReader reader = new OwnedStateReader(client, settings.ownerTag(),
                    settings.reconcileOptions(true).parallelism(), OwnedStateReader.Filter.forMode(info.dbless()));
            if (all && info.dbless()) {
                JsonNode config = CommandContext.await(client.exportConfig());
                doc = write(config);
                entities = -1;
            } else if (all) {
                KongState state = CommandContext.await(reader.readAll());
                doc = DeckRenderer.render(state, settings.ownerTag(), DeckRenderer.Target.KONG, format);
                entities = state.size();
            } else {
                OwnedState owned = CommandContext.await(reader.read());
                doc = DeckRenderer.render(owned.owned(), settings.ownerTag(), DeckRenderer.Target.DECK, format);
                entities = owned.owned().size();
            }
        }
        if (outFile.equals("-")) {
            spec.commandLine().getOut().print(doc);
            spec.commandLine().getOut().flush();
        } else {
            Files.writeString(Path.of(outFile), doc);
            spec.commandLine().getErr().println("wrote " + (entities < 0 ? "Kong's whole configuration"
                    : entities + " entities") + " to " + outFile);
        }
        return ExitCodes.OK;
    }

    private String write(JsonNode config) throws IOException {
        ObjectMapper mapper = format == DeckRenderer.Format.JSON
                ? new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                : new ObjectMapper(YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build());
        return mapper.writeValueAsString(config) + (format == DeckRenderer.Format.JSON ? "\n" : "");
    }
}
