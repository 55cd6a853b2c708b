package io.catalogsync.sync.apply;

import io.catalogsync.kong.admin.EntityApi;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.kong.admin.KongConflictException;
import io.catalogsync.kong.admin.KongException;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.sync.kind.Kind;
import io.catalogsync.sync.kind.Kinds;
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
        return execute(op, op.entity());
    }

    private <T extends KongEntity> Future<Void> execute(Operation op, T e) {
        Kind<T> kind = Kinds.of(e);
        EntityApi<T> api = kind.api(client, e);
        if (op instanceof Delete) {
            return api.delete(e.id());
        }
        if (op instanceof Create && ownerTag != null && kind.putCreates() && e.id() != null) {
            return createOrConflict(kind, api, e);
        }
        if (op instanceof Create && !kind.putCreates()) {
            return api.create(e)
                    .<Void>mapEmpty()
                    .recover(err -> refusedAsTaken(err)
                            ? api.upsert(e.id(), e).mapEmpty()
                            : Future.failedFuture(err));
        }
        return api.upsert(e.id(), e).mapEmpty();
    }

    private <T extends KongEntity> Future<Void> createOrConflict(Kind<T> kind, EntityApi<T> api, T e) {
        return api.create(e).<Void>mapEmpty().recover(err -> {
            if (!refusedAsTaken(err)) {
                return Future.failedFuture(err);
            }
            // Who holds it: the id first (what a PUT would overwrite), then the name.
            return api.get(e.id())
                    .compose(byId -> byId.isPresent() || e.key() == null || !kind.uniqueName()
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
                            return api.upsert(e.id(), e).<Void>mapEmpty();
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
}
