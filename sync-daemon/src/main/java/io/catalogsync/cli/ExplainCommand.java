package io.catalogsync.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.sync.MaskingHookSource;
import io.catalogsync.sync.explain.Explainer;
import io.catalogsync.sync.source.CatalogFetch;
import io.catalogsync.sync.state.EntityJson;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "explain", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Says where a Kong entity the daemon writes comes from: the catalog service, the endpoints "
                + "and the metadata keys that produced each of its fields, and what to edit to change it.",
                "Reads the catalog only (no Kong). The entity is named by its id or its name (host:port for a "
                        + "target), optionally prefixed by its type: route:orders~api-v1.",
                "Exit 0 when found, 3 when the catalog does not parse, 4 when no entity (or several) match."})
final class ExplainCommand implements Callable<Integer> {

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

    @Parameters(paramLabel = "ENTITY", description = "The entity's id or name, optionally TYPE:NAME.")
    String entity;

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
            Explainer.Explanation x;
            try {
                x = Explainer.explain(((CatalogFetch.Fetched) fetch).services(),
                        settings.translateOptions(MaskingHookSource.load().orElse(null)), entity);
            } catch (Explainer.NotFoundException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return ExitCodes.NOT_FOUND;
            }
            if (settings.output() == CommonOptions.Output.JSON) {
                out.println(json(x).toPrettyString());
            } else {
                text(out, x);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    private static void text(PrintWriter out, Explainer.Explanation x) {
        out.printf("%s %s (id %s)%n", x.entity().type().tag(), x.entity().key(),
                x.entity().id());
        out.printf("  catalog service: %s%n", x.catalogService() == null ? "(none: shared)" : x.catalogService());
        if (!x.keys().isEmpty()) {
            out.printf("  exists because of metadata: %s%n", String.join(", ", x.keys()));
        }
        if (!x.endpoints().isEmpty()) {
            out.printf("  exists because of endpoint(s): %s%n", x.endpoints());
        }
        out.println("  fields:");
        int width = x.fields().stream().mapToInt(f -> f.field().length()).max().orElse(0);
        for (Explainer.FieldOrigin f : x.fields()) {
            out.printf("    %-" + width + "s = %s%n", f.field(), f.value());
            out.printf("    %-" + width + "s   <- %s%n", "", String.join("; ", f.origins()));
        }
        out.println("  to change it:");
        x.changeBy().forEach(c -> out.println("    - " + c));
    }

    private static ObjectNode json(Explainer.Explanation x) {
        ObjectNode root = EntityJson.MAPPER.createObjectNode();
        ObjectNode e = root.putObject("entity");
        e.put("type", x.entity().type().tag());
        e.put("key", x.entity().key());
        e.put("id", x.entity().id());
        root.put("catalogService", x.catalogService());
        ArrayNode keys = root.putArray("requiredMetadata");
        x.keys().forEach(keys::add);
        ArrayNode eps = root.putArray("requiredEndpoints");
        x.endpoints().forEach(eps::add);
        ArrayNode fields = root.putArray("fields");
        for (Explainer.FieldOrigin f : x.fields()) {
            ObjectNode n = fields.addObject();
            n.put("field", f.field());
            n.set("value", f.value());
            ArrayNode from = n.putArray("from");
            f.origins().forEach(from::add);
        }
        ArrayNode change = root.putArray("changeBy");
        x.changeBy().forEach(change::add);
        return root;
    }
}
