package io.catalogsync.cli;

import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.report.CycleReport;
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

    @Override
    public Integer call() {
        Settings settings = Settings.resolve(main.env, common, catalog, kong, translation, sync);
        settings.requireCatalog();
        settings.requireKongAdmin();
        try (CommandContext ctx = new CommandContext(settings)) {
            CycleResult r = CommandContext.await(ctx.reconciler().reconcile(settings.reconcileOptions(true)));
            print(spec.commandLine().getOut(), settings, r);
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
