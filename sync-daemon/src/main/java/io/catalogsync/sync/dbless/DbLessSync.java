package io.catalogsync.sync.dbless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.kong.admin.ConfigResult;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongInfo;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.sync.apply.ApplyResult;
import io.catalogsync.sync.plan.Delete;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Plan;
import io.catalogsync.sync.render.DeclarativeConfig;
import io.catalogsync.sync.state.Ownership;
import io.catalogsync.sync.state.StateIndex;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Applies a plan to a DB-less Kong ({@code database: off}), where the Admin API refuses entity writes and the
 * whole configuration is replaced by one {@code POST /config}.
 *
 * <p>The pushed configuration is the owned state Kong holds with the plan applied to it (so entities of rejected
 * catalog services, and deletions a guard refused, stay as they are), plus every unowned entity of every type
 * exactly as Kong exports it ({@link UnownedReader}). An empty plan pushes nothing: the differ already compared
 * owned desired with owned actual.
 *
 * <p>Kong answers a bad configuration with flattened errors naming each failing entity with its tags
 * (kong/db/errors.lua {@code declarative_config_flattened}); the {@code catalog-service:} tag says which catalog
 * service caused it. When every error belongs to catalog services, the push is retried once without those
 * services' changes (their previously loaded entities kept), so that the others still sync.
 */
public final class DbLessSync {

    private final Vertx vertx;
    private final KongAdminClient client;
    private final String ownerTag;

    public DbLessSync(Vertx vertx, KongAdminClient client, String ownerTag) {
        this.vertx = vertx;
        this.client = client;
        this.ownerTag = ownerTag;
    }

    /**
     * @param owned the owned state Kong holds now (what the plan was made against)
     */
    public Future<DbLessResult> apply(Plan plan, KongState owned, KongInfo info, int parallelism) {
        return apply(plan, owned, () -> new UnownedReader(vertx, client, ownerTag, parallelism).read(info));
    }

    /**
     * @param unowned reads Kong's unowned entities ({@link UnownedReader}); called only when the plan is not empty.
     *                If it fails, nothing is pushed: the push would drop what could not be read.
     */
    public Future<DbLessResult> apply(Plan plan, KongState owned,
                                      java.util.function.Supplier<Future<UnownedReader.Unowned>> unowned) {
        if (plan.isEmpty()) {
            return Future.succeededFuture(new DbLessResult(ApplyResult.EMPTY, 0, List.of()));
        }
        return unowned.get().compose(u -> push(plan, owned, u.config(), 1, Map.of()));
    }

    private Future<DbLessResult> push(Plan plan, KongState owned, ObjectNode unowned, int attempt,
                                      Map<String, List<String>> earlierRejections) {
        // The owned state after the plan is CPU work proportional to Kong's size: a worker does it. The
        // configuration itself is written straight into the request body (DeclarativeConfig.writeNested), never
        // held as a tree: at 10,000 services that tree alone was larger than the rest of the cycle's state.
        return vertx.executeBlocking(() -> afterPlan(owned, plan), false)
                .compose(target -> load(plan, owned, unowned, attempt, earlierRejections, target));
    }

    private Future<DbLessResult> load(Plan plan, KongState owned, ObjectNode unowned, int attempt,
                                      Map<String, List<String>> earlierRejections, KongState target) {
        return client.loadConfig(g -> DeclarativeConfig.writeNested(g, target, unowned), false).compose(result -> {
            if (result.outcome() != ConfigResult.Outcome.REJECTED) {
                return Future.succeededFuture(done(plan, earlierRejections, attempt));
            }
            Map<String, List<String>> byService = new TreeMap<>();
            List<String> unattributed = new ArrayList<>();
            StateIndex idx = new StateIndex(target);
            for (ConfigResult.EntityError e : result.errors()) {
                String service = serviceOf(e, idx);
                String text = describe(e);
                if (service == null) {
                    unattributed.add(text);
                } else {
                    byService.computeIfAbsent(service, k -> new ArrayList<>()).add(text);
                }
            }
            String kongMessage = result.message() == null ? "declarative config is invalid" : result.message();
            if (attempt == 1 && unattributed.isEmpty() && !byService.isEmpty()) {
                Plan without = plan.withoutServices(byService.keySet());
                return push(without, owned, unowned, 2, byService).map(retried -> {
                    // Operations of the rejected services were dropped from the retried plan: report them failed.
                    List<ApplyResult.FailedOperation> failed = new ArrayList<>(retried.result().failed());
                    for (Operation o : plan.operations()) {
                        if (o.catalogService() != null && byService.containsKey(o.catalogService())) {
                            failed.add(new ApplyResult.FailedOperation(o, "Kong rejected the configuration of "
                                    + o.catalogService() + ": " + String.join("; ", byService.get(o.catalogService())), 400));
                        }
                    }
                    return new DbLessResult(new ApplyResult(retried.result().applied(), failed,
                            retried.result().skipped()), retried.pushes(), List.copyOf(byService.keySet()));
                });
            }
            List<String> all = new ArrayList<>(unattributed);
            byService.forEach((s, msgs) -> msgs.forEach(m -> all.add(s + ": " + m)));
            String message = "Kong rejected the declarative configuration: " + kongMessage
                    + (all.isEmpty() ? "" : " (" + String.join("; ", all) + ")");
            List<ApplyResult.FailedOperation> failed = new ArrayList<>();
            for (Operation o : plan.operations()) {
                failed.add(new ApplyResult.FailedOperation(o, message, 400));
            }
            Set<String> services = new TreeSet<>(byService.keySet());
            services.addAll(earlierRejections.keySet());
            return Future.succeededFuture(new DbLessResult(new ApplyResult(List.of(), failed, List.of()), attempt,
                    List.copyOf(services)));
        }, err -> {
            List<ApplyResult.FailedOperation> failed = new ArrayList<>();
            String message = "POST /config failed: " + (err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage());
            int status = err instanceof io.catalogsync.kong.admin.KongException k ? k.status() : 0;
            for (Operation o : plan.operations()) {
                failed.add(new ApplyResult.FailedOperation(o, message, status));
            }
            return Future.succeededFuture(new DbLessResult(new ApplyResult(List.of(), failed, List.of()), attempt,
                    List.of()));
        });
    }

    private static DbLessResult done(Plan plan, Map<String, List<String>> earlierRejections, int attempt) {
        return new DbLessResult(new ApplyResult(plan.operations(), List.of(), List.of()), attempt,
                List.copyOf(earlierRejections.keySet()));
    }

    /**
     * The whole configuration to push: {@code target} (the daemon's entities) in the nested layout, then every
     * list of {@code unowned} appended to the top-level list of its collection, and its meta keys
     * ({@code _transform}) copied. Unowned entities keep their foreign keys as bare ids, so an unowned plugin
     * on an owned route, or an owned plugin on an unowned service, resolves by id in Kong
     * (kong/db/schema/others/declarative_config.lua {@code validate_references}).
     */
    static ObjectNode fullConfig(KongState target, ObjectNode unowned) {
        com.fasterxml.jackson.databind.util.TokenBuffer tokens =
                new com.fasterxml.jackson.databind.util.TokenBuffer(io.catalogsync.sync.state.EntityJson.MAPPER, false);
        try {
            DeclarativeConfig.writeNested(tokens, target, unowned);
            return (ObjectNode) io.catalogsync.sync.state.EntityJson.MAPPER.readTree(tokens.asParser());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The owned state with the plan's writes applied: what the pushed configuration holds for the daemon. */
    static KongState afterPlan(KongState owned, Plan plan) {
        Map<String, KongEntity> byIdentity = new LinkedHashMap<>();
        owned.all().forEach(e -> byIdentity.put(e.type().key(e.id()), e));
        for (Operation o : plan.operations()) {
            String key = o.type().key(o.entity().id());
            if (o instanceof Delete) {
                byIdentity.remove(key);
            } else {
                byIdentity.put(key, o.entity());
            }
        }
        return KongState.builder().addAll(byIdentity.values()).build();
    }

    /** The catalog service an error is about: its tags, else the entity it names in the pushed state. */
    static String serviceOf(ConfigResult.EntityError e, StateIndex pushed) {
        String fromTags = Ownership.catalogService(e.entityTags()).orElse(null);
        if (fromTags != null) {
            return fromTags;
        }
        JsonNode tags = e.entity() == null ? null : e.entity().get("tags");
        if (tags != null && tags.isArray()) {
            List<String> ts = new ArrayList<>();
            tags.forEach(t -> ts.add(t.asText()));
            String s = Ownership.catalogService(ts).orElse(null);
            if (s != null) {
                return s;
            }
        }
        if (e.entityId() != null) {
            for (io.catalogsync.kong.entity.EntityType t : io.catalogsync.kong.entity.EntityType.values()) {
                String s = pushed.byId(t, e.entityId()).flatMap(Ownership::catalogService).orElse(null);
                if (s != null) {
                    return s;
                }
            }
        }
        return null;
    }

    private static String describe(ConfigResult.EntityError e) {
        StringBuilder sb = new StringBuilder();
        sb.append(e.entityType() == null ? "entity" : e.entityType());
        String name = e.entityName() != null ? e.entityName() : e.entityId();
        if (name != null) {
            sb.append(' ').append(name);
        }
        List<String> parts = new ArrayList<>();
        for (ConfigResult.FieldError f : e.fieldErrors()) {
            parts.add(f.field() == null ? f.message() : f.field() + ": " + f.message());
        }
        if (!parts.isEmpty()) {
            sb.append(": ").append(String.join(", ", parts));
        }
        return sb.toString();
    }
}
