package io.catalogsync.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.catalog.translate.ServiceError;
import io.catalogsync.catalog.translate.Translation;
import io.catalogsync.catalog.translate.Warning;
import io.catalogsync.kong.admin.KongInfo;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.sync.plan.Create;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Plan;
import io.catalogsync.sync.source.CatalogFetch;
import io.catalogsync.sync.state.EntityJson;
import io.catalogsync.sync.state.Ownership;
import io.catalogsync.sync.validate.PluginValidation;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Reads the catalog and checks every service, without Kong unless --kong-admin is given:",
                "then entities are shaped for that Kong, and Kong itself validates every plugin configuration",
                "(POST /schemas/plugins/validate).",
                "Lists rejected services with the field at fault, and warnings (ignored input).",
                "Exit 3 when a service is rejected or the catalog does not parse."})
final class ValidateCommand implements Callable<Integer> {

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

    @Mixin
    KongOptions kong;

    @Override
    public Integer call() {
        Settings settings = Settings.resolve(main.env, common, catalog, kong, translation, null);
        PrintWriter out = spec.commandLine().getOut();
        try (CommandContext ctx = new CommandContext(settings)) {
            CatalogFetch fetch = ctx.fetch();
            if (fetch instanceof CatalogFetch.Failed f) {
                spec.commandLine().getErr().println("error: " + f.message());
                return f.unavailable() ? ExitCodes.UNAVAILABLE : ExitCodes.CATALOG_INVALID;
            }
            CatalogFetch.Fetched fetched = (CatalogFetch.Fetched) fetch;
            KongInfo info = null;
            if (settings.kongAdminUrl() != null) {
                try {
                    info = CommandContext.await(ctx.kong().info());
                    info.supportedVersion();
                } catch (RuntimeException e) {
                    spec.commandLine().getErr().println("error: cannot use Kong's Admin API: " + e.getMessage());
                    return ExitCodes.UNAVAILABLE;
                }
            }
            Translation t = info == null ? ctx.translate(fetched) : ctx.translate(fetched, info);
            List<PluginValidation.Invalid> refused = info == null ? List.of() : kongRefuses(ctx, info, t);
            if (settings.output() == CommonOptions.Output.JSON) {
                out.println(json(ctx, fetched, t, info, refused).toPrettyString());
            } else {
                text(out, ctx, fetched, t, info, refused);
            }
            return t.rejected().isEmpty() && refused.isEmpty() ? ExitCodes.OK : ExitCodes.CATALOG_INVALID;
        }
    }

    /** Every desired plugin, as Kong {@code info} judges it (each distinct configuration asked once). */
    private static List<PluginValidation.Invalid> kongRefuses(CommandContext ctx, KongInfo info, Translation t) {
        List<Operation> creates = new ArrayList<>();
        t.desired().plugins().forEach(p -> creates.add(new Create(p, p.key(),
                Ownership.catalogService(p).orElse(null))));
        return CommandContext.await(new PluginValidation(ctx.kong()).check(info.version(),
                new Plan(creates, List.of(), 0), 8));
    }

    private static Set<String> refusedServices(List<PluginValidation.Invalid> refused) {
        Set<String> out = new TreeSet<>();
        refused.forEach(i -> out.add(i.service() == null ? "(shared)" : i.service()));
        return out;
    }

    private static String shapedFor(CommandContext ctx, KongInfo info) {
        return info == null ? "Kong " + ctx.settings.kongVersion()
                : "Kong " + info.version() + " at " + ctx.settings.kongAdminUrl() + (info.dbless() ? ", DB-less" : "");
    }

    private static void text(PrintWriter out, CommandContext ctx, CatalogFetch.Fetched f, Translation t, KongInfo info,
                             List<PluginValidation.Invalid> refused) {
        Set<String> byKong = refusedServices(refused);
        Set<String> rejectedServices = new TreeSet<>(byKong);
        t.rejected().forEach(e -> rejectedServices.add(e.service()));
        Set<String> valid = new TreeSet<>(t.validServices());
        valid.removeAll(byKong);
        out.printf("Catalog %s: %d services, %d valid, %d rejected, %d warnings (entities shaped for %s)%n",
                ctx.source().describe(), f.services().size(), valid.size(), rejectedServices.size(),
                t.warnings().size() + f.warnings().size(), shapedFor(ctx, info));
        StringBuilder counts = new StringBuilder();
        entityCounts(t, byKong).forEach((type, c) -> counts.append(counts.length() == 0 ? "" : ", ").append(c).append(' ')
                .append(type.tag()).append(c == 1 ? "" : "s"));
        out.println("Kong entities of the valid services: " + counts);
        if (!t.rejected().isEmpty() || !refused.isEmpty()) {
            out.println();
            out.println("Rejected:");
            t.rejected().forEach(e -> out.println("  " + e));
            refused.forEach(i -> out.println("  " + (i.service() == null ? "(shared)" : i.service()) + ": plugin "
                    + i.plugin() + " " + i.field() + ": Kong " + info.version() + " refuses it: " + i.message()));
        }
        if (!t.warnings().isEmpty() || !f.warnings().isEmpty()) {
            out.println();
            out.println("Warnings:");
            f.warnings().forEach(w -> out.println("  " + w));
            t.warnings().forEach(w -> out.println("  " + w));
        }
        if (!valid.isEmpty()) {
            out.println();
            out.println("Valid: " + String.join(", ", valid));
        }
    }

    /** The desired Kong entities of the valid services by kind; every kind present, zero when none. */
    private static Map<EntityType, Integer> entityCounts(Translation t, Set<String> refusedByKong) {
        Map<EntityType, Integer> out = new EnumMap<>(EntityType.class);
        for (EntityType type : EntityType.values()) {
            out.put(type, 0);
        }
        t.desired().all().filter(e -> !refusedByKong.contains(Ownership.catalogService(e).orElse("(shared)")))
                .forEach(e -> out.merge(e.type(), 1, Integer::sum));
        return out;
    }

    private static ObjectNode json(CommandContext ctx, CatalogFetch.Fetched f, Translation t, KongInfo info,
                                   List<PluginValidation.Invalid> refused) {
        Set<String> byKong = refusedServices(refused);
        ObjectNode n = EntityJson.MAPPER.createObjectNode();
        n.put("source", ctx.source().describe());
        n.put("services", f.services().size());
        n.put("kong_version", info == null ? ctx.settings.kongVersion().toString() : info.version());
        ObjectNode entities = n.putObject("entities");
        entityCounts(t, byKong).forEach((type, c) -> entities.put(type.tag(), c));
        ArrayNode valid = n.putArray("valid");
        new TreeSet<>(t.validServices()).stream().filter(s -> !byKong.contains(s)).forEach(valid::add);
        ArrayNode rejected = n.putArray("rejected");
        for (ServiceError e : t.rejected()) {
            rejected.addObject().put("service", e.service()).put("field", e.field()).put("message", e.message());
        }
        for (PluginValidation.Invalid i : refused) {
            rejected.addObject().put("service", i.service()).put("field", "plugin " + i.plugin() + " " + i.field())
                    .put("message", "Kong " + info.version() + " refuses it: " + i.message());
        }
        ArrayNode warnings = n.putArray("warnings");
        f.warnings().forEach(w -> warnings.addObject().put("service", "(catalog)").put("field", "source").put("message", w));
        for (Warning w : t.warnings()) {
            warnings.addObject().put("service", w.service()).put("field", w.field()).put("message", w.message());
        }
        return n;
    }
}
