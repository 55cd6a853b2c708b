package io.catalogsync.cli;

import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongInfo;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.sync.dbless.UnownedReader;
import io.catalogsync.sync.read.OwnedState;
import io.catalogsync.sync.read.OwnedStateReader;
import io.catalogsync.sync.render.DeckRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
                "--all: everything Kong holds, whoever owns it. DB-less: Kong's declarative export "
                        + "(_format_version, _transform, a list per collection, as GET /config has it), read from "
                        + "untagged list pages of every collection Kong exports, one page at a time; from Kong's own "
                        + "GET /config only when Kong reports a plugin outside its bundled set or a non-OSS edition "
                        + "(stderr says which read was used). DB mode: upstreams with their targets, services, "
                        + "routes, consumers and plugins.",
                "DB-less --all writes its file (or stdout) whole or not at all: a page that cannot be read fails "
                        + "the dump, naming its collection, and leaves no partial dump."})
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
            int parallelism = settings.reconcileOptions(true).parallelism();
            if (all && info.dbless()) {
                return dumpDbless(ctx, info, settings.ownerTag(), parallelism);
            }
            OwnedStateReader reader = new OwnedStateReader(client, settings.ownerTag(), parallelism,
                    OwnedStateReader.Filter.forMode(info.dbless()));
            if (all) {
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
            spec.commandLine().getErr().println("wrote " + entities + " entities to " + outFile);
        }
        return ExitCodes.OK;
    }

    /**
     * Everything a DB-less Kong holds, as its export shapes it, written page by page as it is read
     * ({@link UnownedReader#readAll}): at 10,000 services Kong's own {@code GET /config} answer and its parsed tree
     * do not fit in a 256 MiB heap. The document goes to a temporary file first (beside {@code --out}, so the last
     * step is a rename), created readable by its owner only: it holds credentials and private keys. A read that
     * fails deletes it, so neither the file nor stdout ever gets a partial dump.
     */
    private int dumpDbless(CommandContext ctx, KongInfo info, String ownerTag, int parallelism) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Path target = outFile.equals("-") ? null : Path.of(outFile).toAbsolutePath();
        Path part = target == null ? Files.createTempFile("kong-catalog-sync-dump-", ".part")
                : Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
        try {
            UnownedReader.Read read;
            long entities;
            try (ExportWriter writer = new ExportWriter(ctx.vertx, Files.newOutputStream(part), format)) {
                read = CommandContext.await(new UnownedReader(ctx.vertx, ctx.kong(), ownerTag, parallelism)
                        .readAll(info, writer));
                entities = writer.finish();
            }
            err.println(read.source() == UnownedReader.Source.LISTS
                    ? "read Kong's configuration from untagged list pages (" + read.detail() + ")"
                    : "read Kong's configuration from GET /config: " + read.detail());
            if (target == null) {
                try (Reader in = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
                    in.transferTo(spec.commandLine().getOut());
                }
                spec.commandLine().getOut().flush();
            } else {
                try {
                    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
                }
                err.println("wrote " + entities + " entities to " + outFile);
            }
            err.flush();
            return ExitCodes.OK;
        } finally {
            Files.deleteIfExists(part);
        }
    }
}
