package io.catalogsync.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.catalog.translate.ServiceError;
import io.catalogsync.catalog.translate.Translation;
import io.catalogsync.catalog.translate.Warning;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.sync.source.CatalogFetch;
import io.catalogsync.sync.state.EntityJson;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Reads the catalog and checks every service, without Kong.",
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

    @Override
    public Integer call() {
        Settings settings = Settings.resolve(main.env, common, catalog, null, translation, null);
        PrintWriter out = spec.commandLine().getOut();
        try (CommandContext ctx = new CommandContext(settings)) {
            CatalogFetch fetch = ctx.fetch();
            if (fetch instanceof CatalogFetch.Failed f) {
                spec.commandLine().getErr().println("error: " + f.message());
                return f.unavailable() ? ExitCodes.UNAVAILABLE : ExitCodes.CATALOG_INVALID;
            }
            CatalogFetch.Fetched fetched = (CatalogFetch.Fetched) fetch;
            Translation t = ctx.translate(fetched);
            if (settings.output() == CommonOptions.Output.JSON) {
                out.println(json(ctx, fetched, t).toPrettyString());
            } else {
                text(out, ctx, fetched, t);
            }
            return t.rejected().isEmpty() ? ExitCodes.OK : ExitCodes.CATALOG_INVALID;
        }
    }

    private static void text(PrintWriter out, CommandContext ctx, CatalogFetch.Fetched f, Translation t) {
        long rejected = t.rejected().stream().map(ServiceError::service).distinct().count();
        out.printf("Catalog %s: %d services, %d valid, %d rejected, %d warnings (entities shaped for Kong %s)%n",
                ctx.source().describe(), f.services().size(), t.validServices().size(), rejected,
                t.warnings().size() + f.warnings().size(), ctx.settings.kongVersion());
        StringBuilder counts = new StringBuilder();
        entityCounts(t).forEach((type, c) -> counts.append(counts.length() == 0 ? "" : ", ").append(c).append(' ')
                .append(type.tag()).append(c == 1 ? "" : "s"));
        out.println("Kong entities of the valid services: " + counts);
        if (!t.rejected().isEmpty()) {
            out.println();
            out.println("Rejected:");
            t.rejected().forEach(e -> out.println("  " + e));
        }
        if (!t.warnings().isEmpty() || !f.warnings().isEmpty()) {
            out.println();
            out.println("Warnings:");
            f.warnings().forEach(w -> out.println("  " + w));
            t.warnings().forEach(w -> out.println("  " + w));
        }
        if (!t.validServices().isEmpty()) {
            out.println();
            out.println("Valid: " + String.join(", ", new java.util.TreeSet<>(t.validServices())));
        }
    }

    /** The desired Kong entities of the valid services by kind; every kind present, zero when none. */
    private static Map<EntityType, Integer> entityCounts(Translation t) {
        Map<EntityType, Integer> out = new EnumMap<>(EntityType.class);
        for (EntityType type : EntityType.values()) {
            out.put(type, 0);
        }
        t.desired().all().forEach(e -> out.merge(e.type(), 1, Integer::sum));
        return out;
    }

    private static ObjectNode json(CommandContext ctx, CatalogFetch.Fetched f, Translation t) {
        ObjectNode n = EntityJson.MAPPER.createObjectNode();
        n.put("source", ctx.source().describe());
        n.put("services", f.services().size());
        n.put("kong_version", ctx.settings.kongVersion().toString());
        ObjectNode entities = n.putObject("entities");
        entityCounts(t).forEach((type, c) -> entities.put(type.tag(), c));
        ArrayNode valid = n.putArray("valid");
        new java.util.TreeSet<>(t.validServices()).forEach(valid::add);
        ArrayNode rejected = n.putArray("rejected");
        for (ServiceError e : t.rejected()) {
            rejected.addObject().put("service", e.service()).put("field", e.field()).put("message", e.message());
        }
        ArrayNode warnings = n.putArray("warnings");
        f.warnings().forEach(w -> warnings.addObject().put("service", "(catalog)").put("field", "source").put("message", w));
        for (Warning w : t.warnings()) {
            warnings.addObject().put("service", w.service()).put("field", w.field()).put("message", w.message());
        }
        return n;
    }
}
