package io.catalogsync.sync.apply;

import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.entity.Consumer;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import io.catalogsync.sync.plan.Delete;
import io.catalogsync.sync.plan.Operation;
import io.vertx.core.Future;

/**
 * One Admin API write per operation: {@code PUT /{collection}/{id}} for creates and updates (Kong's PUT
 * creates or replaces, so a retried or repeated write is harmless), {@code DELETE /{collection}/{id}} for
 * deletes (a 404 counts as done). Targets live under their upstream.
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
