package io.catalogsync.sync.apply;

import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongConflictException;
import io.catalogsync.kong.entity.Consumer;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import io.catalogsync.sync.plan.Create;
import io.catalogsync.sync.plan.Delete;
import io.catalogsync.sync.plan.Operation;
import io.vertx.core.Future;

/**
 * One Admin API write per operation: {@code PUT /{collection}/{id}} for creates and updates (Kong's PUT
 * creates or replaces, so a retried or repeated write is harmless), {@code DELETE /{collection}/{id}} for
 * deletes (a 404 counts as done). Targets live under their upstream and are the exception: Kong's
 * {@code PUT /upstreams/{u}/targets/{t}} only updates (kong/api/routes/upstreams.lua, {@code update_target_cb}
 * answers 404 for a missing target), so a new target is {@code POST}ed with its deterministic id, and a 409
 * (an earlier attempt got through) falls back to the PUT.
 */
final class EntityWriter {

    private final KongAdminClient client;

    EntityWriter(KongAdminClient client) {
        this.client = client;
    }

    Future<Void> execute(Operation op) {
        KongEntity e = op.entity();
        if (op instanceof Delete) {
            return delete(e);
        }
        if (op instanceof Create && e instanceof Target t) {
            return client.targets(upstreamOf(t)).create(t)
                    .<Void>mapEmpty()
                    .recover(err -> err instanceof KongConflictException
                            ? client.targets(upstreamOf(t)).upsert(t.id(), t).mapEmpty()
                            : Future.failedFuture(err));
        }
        return upsert(e);
    }

    private Future<Void> upsert(KongEntity e) {
        String id = e.id();
        if (e instanceof Upstream u) {
            return client.upstreams().upsert(id, u).mapEmpty();
        }
        if (e instanceof Target t) {
            return client.targets(upstreamOf(t)).upsert(id, t).mapEmpty();
        }
        if (e instanceof Service s) {
            return client.services().upsert(id, s).mapEmpty();
        }
        if (e instanceof Route r) {
            return client.routes().upsert(id, r).mapEmpty();
        }
        if (e instanceof Consumer c) {
            return client.consumers().upsert(id, c).mapEmpty();
        }
        return client.plugins().upsert(id, (Plugin) e).mapEmpty();
    }

    private Future<Void> delete(KongEntity e) {
        String id = e.id();
        if (e instanceof Upstream) {
            return client.upstreams().delete(id);
        }
        if (e instanceof Target t) {
            return client.targets(upstreamOf(t)).delete(id);
        }
        if (e instanceof Service) {
            return client.services().delete(id);
        }
        if (e instanceof Route) {
            return client.routes().delete(id);
        }
        if (e instanceof Consumer) {
            return client.consumers().delete(id);
        }
        return client.plugins().delete(id);
    }

    private static String upstreamOf(Target t) {
        if (t.upstream() == null) {
            throw new IllegalArgumentException("target " + t.target() + " has no upstream");
        }
        return t.upstream().id() != null ? t.upstream().id() : t.upstream().name();
    }
}
