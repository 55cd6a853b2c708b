package io.catalogsync.sync.apply;

import io.catalogsync.kong.admin.EntityApi;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongConflictException;
import io.catalogsync.kong.admin.KongException;
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
import io.catalogsync.sync.state.Ownership;
import io.vertx.core.Future;

/**
 * One Admin API write per operation: {@code PUT /{collection}/{id}} for creates and updates (Kong's PUT
 * creates or replaces, so a retried or repeated write is harmless), {@code DELETE /{collection}/{id}} for
 * deletes (a 404 counts as done). Targets live under their upstream and are the exception: Kong's
 * {@code PUT /upstreams/{u}/targets/{t}} only updates (kong/api/routes/upstreams.lua, {@code update_target_cb}
 * answers 404 for a missing target), so a new target is {@code POST}ed with its deterministic id, and a 409
 * or a primary key violation (an earlier attempt got through) falls back to the PUT.
 *
 * <p>With an owner tag ({@link #detectingConflicts}), creates are {@code POST}s carrying the deterministic id
 * too, so that the write itself finds an unowned entity in the way and can never overwrite it (a PUT by id
 * would replace an unowned entity holding that id). Kong refuses such a POST: 409 {@code unique constraint
 * violation} naming the field when another entity holds the name (kong/db/strategies/postgres/init.lua
 * {@code toerror}; kong-transcripts/3.4.2/services.json "POST duplicate name"), 400 {@code primary key
 * violation} (code 3, kong/api/endpoints.lua {@code ERRORS_HTTP_CODES}) when one holds the id. The holder is
 * then read once: an owned holder is an earlier attempt of ours that got through (the POST is retried like a PUT,
 * since a POST with its id cannot create twice) and gets the PUT; an unowned one is a {@link WriteConflict}.
 */
final class EntityWriter {

    /** kong/db/errors.lua {@code PRIMARY_KEY_VIOLATION}. */
    private static final int PRIMARY_KEY_VIOLATION = 3;

    private final KongAdminClient client;
    private final String ownerTag;
    /** Told of owned holders found by creates (another writer after the read), or null. */
    private final ConcurrentCreates concurrent;

    EntityWriter(KongAdminClient client) {
        this(client, null, null);
    }

    private EntityWriter(KongAdminClient client, String ownerTag, ConcurrentCreates concurrent) {
        this.client = client;
        this.ownerTag = ownerTag;
        this.concurrent = concurrent;
    }

    /** A writer whose creates find conflicts with entities not carrying {@code ownerTag} by Kong's answer. */
    static EntityWriter detectingConflicts(KongAdminClient client, String ownerTag) {
        return new EntityWriter(client, ownerTag, null);
    }

    /** {@link #detectingConflicts}, also telling {@code concurrent} of owned holders its creates meet. */
    static EntityWriter detectingConflicts(KongAdminClient client, String ownerTag, ConcurrentCreates concurrent) {
        return new EntityWriter(client, ownerTag, concurrent);
    }

    Future<Void> execute(Operation op) {
        KongEntity e = op.entity();
        if (op instanceof Delete) {
            return delete(e);
        }
        if (op instanceof Create && ownerTag != null && !(e instanceof Target) && e.id() != null) {
            return createOrConflict(e);
        }
        if (op instanceof Create && e instanceof Target t) {
            return client.targets(upstreamOf(t)).create(t)
                    .<Void>mapEmpty()
                    .recover(err -> refusedAsTaken(err)
                            ? client.targets(upstreamOf(t)).upsert(t.id(), t).mapEmpty()
                            : Future.failedFuture(err));
        }
        return upsert(e);
    }

    private Future<Void> createOrConflict(KongEntity e) {
        if (e instanceof Upstream u) {
            return createOrConflict(client.upstreams(), u);
        }
        if (e instanceof Service s) {
            return createOrConflict(client.services(), s);
        }
        if (e instanceof Route r) {
            return createOrConflict(client.routes(), r);
        }
        if (e instanceof Consumer c) {
            return createOrConflict(client.consumers(), c);
        }
        return createOrConflict(client.plugins(), (Plugin) e);
    }

    private <T extends KongEntity> Future<Void> createOrConflict(EntityApi<T> api, T e) {
        return api.create(e).<Void>mapEmpty().recover(err -> {
            if (!refusedAsTaken(err)) {
                return Future.failedFuture(err);
            }
            // Who holds it: the id first (what a PUT would overwrite), then the name.
            return api.get(e.id())
                    .compose(byId -> byId.isPresent() || e.key() == null || e instanceof Plugin
                            ? Future.succeededFuture(byId) : api.get(e.key()))
                    .compose(holder -> {
                        if (holder.isEmpty()) {
                            return Future.failedFuture(err);
                        }
                        T h = holder.get();
                        if (!Ownership.owned(h, ownerTag)) {
                            return Future.failedFuture(new WriteConflict(e, h));
                        }
                        if (e.id().equals(h.id())) {
                            // An earlier attempt of ours got through, or another writer with our owner tag
                            // created it after our read: make it what the plan wants, and tell which.
                            if (concurrent != null) {
                                concurrent.holderFound(e, h);
                            }
                            return upsert(e);
                        }
                        return Future.failedFuture(err);
                    });
        });
    }

    /** Kong refused a create because another entity holds its name, scope (409) or id (primary key violation). */
    private static boolean refusedAsTaken(Throwable err) {
        if (err instanceof KongConflictException) {
            return true;
        }
        return err instanceof KongException k && k.status() == 400 && k.kongCode() != null
                && k.kongCode() == PRIMARY_KEY_VIOLATION;
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
