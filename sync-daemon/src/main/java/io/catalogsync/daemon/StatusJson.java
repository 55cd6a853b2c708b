package io.catalogsync.daemon;

import io.catalogsync.sync.report.CycleReport;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.TreeMap;

/**
 * Renders {@code GET /status}: the loop's own fields (role, leader, next cycle, failures in a row, services
 * failing cycle after cycle) around the engine's report of the last cycle. Everything in it comes from
 * {@link LoopState}, {@link Leadership} and the daemon's configuration, none of which holds a secret: catalog keys, admin tokens and Redis passwords never reach them.
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
                .put("failingServices", new JsonObject(new TreeMap<String, Object>(s.failingServices())))
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

    /**
     * The engine's report of the cycle, exactly as {@code run --once --output json} prints it (without the
     * operations: counts, refusals with their reasons, errors), with the loop's number and trigger.
     */
    static JsonObject cycle(FinishedCycle c) {
        if (c == null) {
            return null;
        }
        return new JsonObject().put("cycle", c.id()).put("trigger", c.trigger().tag())
                .mergeIn(new JsonObject(CycleReport.toJson(c.report(), false).toString()));
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
