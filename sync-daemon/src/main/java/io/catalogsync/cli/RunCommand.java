package io.catalogsync.cli;

import io.catalogsync.daemon.AuditLog;
import io.catalogsync.sync.CycleResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Syncs Kong with the catalog. --once runs one cycle and exits with a code that says how it "
                + "went."})
final class RunCommand implements Callable<Integer> {

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

    @Mixin
    DaemonFlags daemon;

    @Option(names = "--once", description = "Run one reconcile cycle and exit.")
    boolean once;

    @Option(names = "--dry-run", description = "Plan only, write nothing (with --once: same as the plan command).")
    boolean dryRun;

    @Override
    public Integer call() {
        DaemonMode.logging(main.env, common, daemon);
        if (!once && !sync.services().isEmpty()) {
            throw new SettingsException("--service targets one run: use it with run --once or plan, not with the "
                    + "daemon");
        }
        if (!once) {
            return DaemonMode.run(main.env, common, Settings.resolve(main.env, common, catalog, kong, translation, sync),
                    daemon, dryRun, spec.commandLine().getErr());
        }
        Settings settings = Settings.resolve(main.env, common, catalog, kong, translation, sync);
        settings.requireCatalog();
        settings.requireKongAdmin();
        AuditLog audit = DaemonMode.auditLog(Settings.layers(common, main.env), daemon);
        try (CommandContext ctx = new CommandContext(settings)) {
            CycleResult r = CommandContext.await(ctx.reconciler().reconcile(
                    settings.reconcileOptions(dryRun).withServices(sync.services())));
            if (audit != null) {
                audit.write(r, "once-" + r.startedAt().toEpochMilli());
            }
            PlanCommand.print(spec.commandLine().getOut(), settings, r);
            return ExitCodes.of(r);
        } finally {
            if (audit != null) {
                audit.close();
            }
        }
    }
}
