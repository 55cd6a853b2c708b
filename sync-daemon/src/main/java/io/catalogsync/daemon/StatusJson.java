package io.catalogsync.daemon;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders {@code GET /status}. Everything in it comes from {@link LoopState}, {@link Leadership} and the daemon's
 * configuration, none of which holds a secret: catalog keys, admin tokens and Redis passwords never reach them.
 */
final class StatusJson {

    private StatusJson() {
    }

    static JsonObject render(LoopState s, Leadership leadership, String leaseName, DaemonOptions options,
                             Readiness readiness) {
        JsonObject out = new JsonObject()
                .put("identity", leadership.identity())
                .put("role", leadership.role().tag())
                .put("leader", leadership.leader())
                .put("lease", leaseName)
                .put("ready", readiness.ready())
                .put("readyReason", readiness.reason())
                .put("startedAt", iso(s.startedAt()))
                .put("syncInterval", Durations.format(options.schedule().interval()))
                .put("consecutiveFailures", s.consecutiveFailures())
                .put("lastSuccessAt", iso(s.lastSuccessAt()))
                .put("stopping", s.stopping());
        LoopState.Running r = s.running();
        out.put("running", r == null ? null : new JsonObject().put("cycle", r.id()).put("trigger", r.trigger().tag())
                .put("dryRun", r.dryRun()).put("since", iso(r.since())));
        out.put("nextCycleAt", iso(s.nextCycleAt()));
        out.put("nextTrigger", s.nextTrigger() == null ? null : s.nextTrigger().tag());
        out.put("lastCycle", cycle(s.lastCycle()));
        if (s.lastApplied() != null && s.lastApplied() != s.lastCycle()) {
            out.put("lastAppliedCycle", cycle(s.lastApplied()));
        }
        return out;
    }

    static JsonObject cycle(CycleSummary c) {
        if (c == null) {
            return null;
        }
        Map<String, Map<String, Integer>> byEntity = new TreeMap<>();
        int total = 0;
        for (CycleSummary.OpCount op : c.plan()) {
            byEntity.computeIfAbsent(op.entity(), k -> new TreeMap<>()).merge(op.kind(), op.count(), Integer::sum);
            total += op.count();
        }
        JsonObject plan = new JsonObject().put("total", total);
        byEntity.forEach((entity, kinds) -> plan.put(entity, new JsonObject(new TreeMap<>(kinds))));
        JsonArray ops = new JsonArray();
        c.operations().forEach(op -> ops.add(new JsonObject().put("entity", op.entity()).put("kind", op.kind())
                .put("result", op.result()).put("count", op.count())));
        JsonArray errors = new JsonArray();
        c.serviceErrors().forEach(e -> errors.add(new JsonObject().put("service", e.service()).put("stage", e.stage())
                .put("message", e.message())));
        CycleSummary.Catalog cat = c.catalog();
        JsonObject catalog = new JsonObject().put("result", cat.result())
                .put("durationMs", cat.duration() == null ? null : cat.duration().toMillis())
                .put("etag", cat.etag())
                .put("validServices", cat.validServices() < 0 ? null : cat.validServices())
                .put("invalidServices", cat.invalidServices() < 0 ? null : cat.invalidServices());
        JsonArray refused = new JsonArray();
        c.refusedDeletions().forEach(r -> refused.add(new JsonObject().put("reason", r.reason())
                .put("count", r.count()).put("message", r.message())));
        return new JsonObject()
                .put("cycle", c.id())
                .put("trigger", c.trigger().tag())
                .put("dryRun", c.dryRun())
                .put("start", iso(c.start()))
                .put("end", iso(c.end()))
                .put("durationMs", c.duration().toMillis())
                .put("result", c.result().tag())
                .put("error", c.error())
                .put("plan", plan)
                .put("operations", ops)
                .put("ownedEntities", new JsonObject(new TreeMap<>(c.ownedEntities())))
                .put("catalog", catalog)
                .put("serviceErrors", errors)
                .put("warnings", new JsonArray(c.warnings()))
                .put("conflicts", new JsonArray(c.conflicts()))
                .put("refusedDeletions", refused)
                .put("kong", c.kong() == null ? null : new JsonObject().put("version", c.kong().version())
                        .put("mode", c.kong().mode()))
                .put("report", c.engineReport());
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
