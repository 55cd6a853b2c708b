package io.catalogsync.sync.apply;

import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import io.catalogsync.sync.plan.Delete;
import io.catalogsync.sync.plan.Operation;
import io.catalogsync.sync.plan.Plan;
import io.catalogsync.sync.plan.Update;
import io.catalogsync.sync.state.StateIndex;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.catalogsync.sync.read.Conflict;
import io.catalogsync.sync.read.ConflictDetector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Executes a plan against a DB-mode Kong through the Admin API.
 *
 * <p>Creates and updates run in dependency order, each entity as soon as its own parents are written
 * (upstream -> targets; upstream -> service -> routes -> route plugins; service -> service plugins; consumer
 * -> plugins naming it as anonymous). Deletes run in reverse: an entity is deleted after every operation on
 * an entity that currently references it (plugins, routes, services, targets, upstreams, consumers). The masking
 * hook is ordered so that no route of a masked service is ever routable without it ({@link MaskingHookOrder}). Every
 * write is a PUT or DELETE by id, so repeating a cycle is safe. A failed entity skips its dependents; other
 * catalog services go on.
 */
public final class Applier {

    /**
     * Writes in flight by default. Real Kong 3.4.2 (PostgreSQL, 2 workers) saturates its write rate at 16-32 in
     * flight (issue 12: 1,834 writes/s at 16); 16 is the smallest count at that plateau, and more only adds load on
     * Kong's workers and database connections. scripts/bench-sync.sh measures it for any Kong.
     */
    public static final int DEFAULT_PARALLELISM = 16;

    private final Vertx vertx;
    private final KongAdminClient client;
    private final int parallelism;

    public Applier(Vertx vertx, KongAdminClient client, int parallelism) {
        if (parallelism < 1 || parallelism > 256) {
            throw new IllegalArgumentException("parallelism must be 1..256, was " + parallelism);
        }
        this.vertx = vertx;
        this.client = client;
        this.parallelism = parallelism;
    }

    public Future<ApplyResult> apply(Plan plan) {
        EntityWriter writer = new EntityWriter(client);
        // The graph of a big plan takes a moment to build: on a worker, not the event loop.
        return vertx.executeBlocking(() -> graph(plan.operations()), false)
                .compose(nodes -> new Scheduler(parallelism, writer::execute, Applier::skipReason).run(nodes));
    }

    /**
     * What {@link #applyFindingConflicts} did: the plan and result without the creates Kong refused because an
     * unowned entity holds their name or id, and without what waited for them; and those conflicts, each with
     * the number of operations withheld with it. Reported as the conflicts found before a plan are.
     */
    public record Applied(Plan plan, ApplyResult result, List<Conflict> conflicts) {
    }

    /**
     * Applies the plan with creates that find conflicts themselves ({@code EntityWriter.detectingConflicts}): no
     * lookup before the write, and nothing unowned is ever overwritten.
     */
    public Future<Applied> applyFindingConflicts(Plan plan, String ownerTag) {
        return applyFindingConflicts(plan, ownerTag, new ConcurrentCreates());
    }

    /** {@link #applyFindingConflicts(Plan, String)}, telling {@code concurrent} of another writer's creates. */
    public Future<Applied> applyFindingConflicts(Plan plan, String ownerTag, ConcurrentCreates concurrent) {
        EntityWriter writer = EntityWriter.detectingConflicts(client, ownerTag, concurrent);
        Map<Operation, WriteConflict> found = Collections.synchronizedMap(new IdentityHashMap<>());
        return vertx.executeBlocking(() -> graph(plan.operations()), false)
                .compose(nodes -> new Scheduler(parallelism, op -> writer.execute(op).onFailure(e -> {
                    if (e instanceof WriteConflict wc) {
                        found.put(op, wc);
                    }
                }), Applier::skipReason).run(nodes).map(r -> withoutConflicts(plan, nodes, r, found, ownerTag)));
    }

    private static Applied withoutConflicts(Plan plan, List<Scheduler.Node> nodes, ApplyResult r,
                                            Map<Operation, WriteConflict> found, String ownerTag) {
        if (found.isEmpty()) {
            return new Applied(plan, r, List.of());
        }
        Set<Operation> withheld = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Conflict> conflicts = new ArrayList<>();
        for (Scheduler.Node n : nodes) {
            WriteConflict wc = found.get(n.op);
            if (wc == null) {
                continue;
            }
            int before = withheld.size();
            Deque<Scheduler.Node> work = new ArrayDeque<>(List.of(n));
            while (!work.isEmpty()) {
                Scheduler.Node d = work.poll();
                if (withheld.add(d.op)) {
                    work.addAll(d.dependents);
                }
            }
            ConflictDetector.conflictWith(wc.desired, wc.holder, ownerTag, Math.max(0, withheld.size() - before - 1))
                    .ifPresent(conflicts::add);
        }
        List<Operation> ops = plan.operations().stream().filter(o -> !withheld.contains(o)).toList();
        ApplyResult kept = new ApplyResult(r.applied(),
                r.failed().stream().filter(f -> !withheld.contains(f.operation())).toList(),
                r.skipped().stream().filter(s -> !withheld.contains(s.operation())).toList());
        return new Applied(new Plan(ops, plan.refusedDeletions(), plan.ownedEntities()), kept, conflicts);
    }

    /** The operations as nodes, with "waits for" edges from the parent relation of {@link StateIndex}. */
    static List<Scheduler.Node> graph(List<Operation> ops) {
        List<Scheduler.Node> nodes = new ArrayList<>(ops.size());
        Map<String, Scheduler.Node> writes = new HashMap<>();
        Map<String, Scheduler.Node> deletes = new HashMap<>();
        KongState.Builder written = KongState.builder();
        KongState.Builder deleted = KongState.builder();
        for (Operation op : ops) {
            Scheduler.Node n = new Scheduler.Node(op);
            nodes.add(n);
            if (op instanceof Delete) {
                deletes.put(identity(op.entity()), n);
                deleted.add(op.entity());
            } else {
                writes.put(identity(op.entity()), n);
                written.add(op.entity());
            }
        }
        StateIndex writtenIdx = new StateIndex(written.build());
        StateIndex deletedIdx = new StateIndex(deleted.build());
        for (Scheduler.Node n : nodes) {
            Operation op = n.op;
            if (!(op instanceof Delete)) {
                // A create or update waits for the writes of its parents.
                for (KongEntity parent : writtenIdx.parents(op.entity())) {
                    Scheduler.Node p = writes.get(identity(parent));
                    if (p != null) {
                        n.mustWaitFor(p);
                    }
                }
            }
            // A delete waits for every operation on an entity that references the deleted one today.
            KongEntity before = op instanceof Delete ? op.entity() : op instanceof Update u ? u.current() : null;
            if (before != null) {
                for (KongEntity parent : deletedIdx.parents(before)) {
                    if (MaskingHookOrder.reversesChildFirst(op, parent)) {
                        continue;
                    }
                    Scheduler.Node d = deletes.get(identity(parent));
                    if (d != null) {
                        d.mustWaitFor(n);
                    }
                }
            }
        }
        MaskingHookOrder.addEdges(nodes);
        noRequestWithoutABackend(nodes, writtenIdx, deletedIdx, writes);
        return nodes;
    }

    /**
     * Two extra edges so that a change of upstream layout never leaves a Kong Service's host without a target
     * (Kong answers 503 "failure to get a peer from the ring-balancer" for an upstream without healthy targets):
     * a service write waits for the target writes of the upstream it will name; a target delete waits for every
     * operation on a service that names the target's upstream today, and for the target writes of the same
     * upstream. Together: new upstream and targets, then the services move, then the old targets and upstream go.
     * Likewise a route delete waits for the writes of routes with one of its paths, so a renamed route (an older
     * version named routes after their methods) is in place before the old one goes.
     */
    private static void noRequestWithoutABackend(List<Scheduler.Node> nodes, StateIndex writtenIdx,
                                                 StateIndex deletedIdx, Map<String, Scheduler.Node> writes) {
        Map<String, List<Scheduler.Node>> targetWritesByUpstream = new HashMap<>();
        Map<String, List<Scheduler.Node>> serviceOpsByOldHost = new HashMap<>();
        Map<String, List<Scheduler.Node>> routeWritesByPath = new HashMap<>();
        for (Scheduler.Node n : nodes) {
            Operation op = n.op;
            if (!(op instanceof Delete) && op.entity() instanceof Route r && r.paths() != null) {
                r.paths().forEach(p -> routeWritesByPath.computeIfAbsent(p, k -> new ArrayList<>()).add(n));
            }
            if (!(op instanceof Delete) && op.entity() instanceof Target t && t.upstream() != null
                    && t.upstream().id() != null) {
                targetWritesByUpstream.computeIfAbsent(t.upstream().id(), k -> new ArrayList<>()).add(n);
            }
            KongEntity before = op instanceof Delete ? op.entity() : op instanceof Update u ? u.current() : null;
            if (before instanceof Service s && s.host() != null) {
                serviceOpsByOldHost.computeIfAbsent(s.host(), k -> new ArrayList<>()).add(n);
            }
        }
        for (Scheduler.Node n : nodes) {
            Operation op = n.op;
            if (!(op instanceof Delete) && op.entity() instanceof Service) {
                for (KongEntity parent : writtenIdx.parents(op.entity())) {
                    if (parent instanceof Upstream u) {
                        targetWritesByUpstream.getOrDefault(u.id(), List.of()).forEach(n::mustWaitFor);
                    }
                }
            }
            if (op instanceof Delete && op.entity() instanceof Route r && r.paths() != null) {
                r.paths().forEach(p -> routeWritesByPath.getOrDefault(p, List.of()).forEach(n::mustWaitFor));
            }
            if (op instanceof Delete && op.entity() instanceof Target t && t.upstream() != null) {
                if (t.upstream().id() != null) {
                    targetWritesByUpstream.getOrDefault(t.upstream().id(), List.of()).forEach(n::mustWaitFor);
                }
                for (KongEntity parent : deletedIdx.parents(t)) {
                    if (parent instanceof Upstream u) {
                        serviceOpsByOldHost.getOrDefault(u.name(), List.of()).forEach(n::mustWaitFor);
                    }
                }
            }
        }
    }

    private static String identity(KongEntity e) {
        return e.type().key(e.id());
    }

    static String skipReason(Scheduler.Node failed, Scheduler.Node dependent) {
        Operation f = failed.op;
        String what = f.type().tag() + " " + f.key();
        if (dependent.op instanceof Delete) {
            return "waits for " + f.kind().name().toLowerCase(Locale.ROOT) + " of " + what + ", which failed";
        }
        return "parent " + what + " failed";
    }
}
