package io.catalogsync.cli;

import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.report.CycleReport;
import io.catalogsync.sync.report.DeckDiffJson;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Reads the catalog and the owned state in Kong and prints what a sync would do, with a "
                + "field-level diff for updates. Writes nothing."})
final class PlanCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    CatalogOptions catalog;

    @Mixin
    KongOptions kong;

    @Mixin
    TranslationOptions translation;

    @Mixin
    SyncOptions sync;

    @Option(names = "--detailed-exitcode",
            description = "Exit 0 when there is nothing to do, 2 when changes are pending or a guard holds "
                    + "deletions back.")
    boolean detailedExitCode;

    @Option(names = "--json-output",
            description = "Print the plan as decK's 'deck gateway diff --json-output' does (changes.creating/"
                    + "updating/deleting, summary, warnings, errors), for CI wrappers written for decK.")
    boolean deckJson;

    @Option(names = {"-q", "--quiet"},
            description = "Print only the closing summary (and errors on stderr); the exit code says the rest.")
    boolean quiet;

    @Option(names = "--no-color",
            description = "Accepted for decK's command lines; the output is never coloured.")
    boolean noColor;

    @Override
    public Integer call() {
        Settings settings = Settings.resolve(main.env, common, catalog, kong, translation, sync);
        settings.requireCatalog();
        settings.requireKongAdmin();
        try (CommandContext ctx = new CommandContext(settings)) {
            CycleResult r = CommandContext.await(ctx.reconciler().reconcile(
                    settings.reconcileOptions(true).withServices(sync.services())));
            PrintWriter out = spec.commandLine().getOut();
            if (deckJson) {
                out.println(DeckDiffJson.of(r).toPrettyString());
                out.flush();
            } else if (quiet) {
                if (r.failure() != null) {
                    spec.commandLine().getErr().println("error: " + r.failure().message());
                }
                out.print(DeckDiffJson.summaryText(r));
                out.flush();
            } else {
                print(out, settings, r);
                if (settings.output() != CommonOptions.Output.JSON) {
                    out.print("\n" + DeckDiffJson.summaryText(r));
                    out.flush();
                }
            }
            if (r.failure() != null) {
                return ExitCodes.of(r);
            }
            return detailedExitCode && r.changesPending() ? ExitCodes.CHANGES_PENDING : ExitCodes.OK;
        }
    }

    static void print(PrintWriter out, Settings settings, CycleResult r) {
        if (settings.output() == CommonOptions.Output.JSON) {
            out.println(CycleReport.toJson(r, true).toPrettyString());
        } else {
            out.print(CycleReport.toText(r));
        }
        out.flush();
    }
}
