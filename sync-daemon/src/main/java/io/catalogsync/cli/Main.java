package io.catalogsync.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code kong-catalog-sync}: keeps Kong equal to a service catalog. Subcommands {@code plan}, {@code render},
 * {@code validate} and {@code run --once}; see docs/cli.md.
 */
@Command(name = "kong-catalog-sync",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Keeps Kong Gateway's services, routes and plugins equal to a service catalog.",
        subcommands = {PlanCommand.class, RenderCommand.class, ValidateCommand.class, RunCommand.class,
                ExplainCommand.class, DumpCommand.class, CommandLine.HelpCommand.class},
        exitCodeOnInvalidInput = ExitCodes.USAGE,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:Success (plan: no changes with --detailed-exitcode).",
                "1:Sync failed or partial: a write failed, a service was rejected, a conflict or refused deletion.",
                "2:plan --detailed-exitcode: changes are pending.",
                "3:Catalog invalid: services rejected by validation, or the catalog does not parse.",
                "4:explain: no entity (or more than one) has that id or name.",
                "64:Usage error: unknown option, bad or missing setting.",
                "69:Kong or the catalog could not be reached."},
        footer = {"%nSettings: flags > KCS_* environment > --config FILE (YAML) > defaults. See docs/cli.md."})
public final class Main implements Runnable {

    @Spec
    CommandSpec spec;

    final Map<String, String> env;

    public Main(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public void run() {
        // No subcommand: show what there is, as usage errors do.
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: plan, render, validate or run");
    }

    /** The command line as the launcher runs it; tests pass their own environment and writers. */
    public static CommandLine commandLine(Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main(env));
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExitCodeExceptionMapper(Main::exitCode);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            String message = ex.getMessage() == null ? ex.getClass().getName() : ex.getMessage();
            commandLine.getErr().println("error: " + message);
            commandLine.getErr().flush();
            return exitCode(ex);
        });
        // The exit code list is shown on every subcommand's --help too.
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n")
                    .exitCodeList(cl.getCommandSpec().usageMessage().exitCodeList());
        }
        return cl;
    }

    static int exitCode(Throwable e) {
        if (e instanceof SettingsException || e instanceof CommandLine.ParameterException) {
            return ExitCodes.USAGE;
        }
        // A command that reads Kong directly (dump) fails with Kong's exception, possibly wrapped (a page read
        // naming its collection): "Kong could not be read", as a cycle's KONG_UNAVAILABLE is.
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof io.catalogsync.kong.admin.KongException) {
                return ExitCodes.UNAVAILABLE;
            }
        }
        return ExitCodes.SYNC_FAILED;
    }

    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        int code = commandLine(env, out, err).execute(args);
        out.flush();
        err.flush();
        return code;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(args, System.getenv(), out, err));
    }
}
