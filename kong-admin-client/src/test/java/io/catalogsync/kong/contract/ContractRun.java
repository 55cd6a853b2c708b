package io.catalogsync.kong.contract;

import io.catalogsync.kong.entity.Consumer;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The per-run identity of one contract run: a random tag that every entity the suite creates carries, and the
 * name and path prefix that keeps them apart from everything else on a shared Kong. Names stay valid Kong names
 * and host names (upstream names must be host names: kong/db/schema/entities/upstreams.lua).
 */
final class ContractRun {

    /** Host names under {@code .invalid} (RFC 2606) never resolve, so nothing the suite creates can route anywhere. */
    static final String HOST_SUFFIX = ".contract.invalid";

    private final String id;

    private ContractRun(String id) {
        this.id = id;
    }

    static ContractRun random() {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        return new ContractRun("contract-" + HexFormat.of().formatHex(b));
    }

    /** The run tag, e.g. {@code contract-1a2b3c4d}. */
    String tag() {
        return id;
    }

    /** A second tag scoped to this run, for tag-filter cases. */
    String tag(String suffix) {
        return id + "-" + suffix;
    }

    /** The run tag plus the given extra tags. */
    List<String> tags(String... extra) {
        List<String> all = new ArrayList<>();
        all.add(id);
        all.addAll(List.of(extra));
        return all;
    }

    /** An entity name unique to this run, e.g. {@code contract-1a2b3c4d-svc}. */
    String name(String suffix) {
        return id + "-" + suffix;
    }

    /** A route path no other route on a shared Kong uses. */
    String path(String suffix) {
        return "/" + id + "/" + suffix;
    }

    String host(String suffix) {
        return suffix + HOST_SUFFIX;
    }

    Service service(String suffix) {
        return new Service(null, name(suffix), "http", host(suffix), 8080, null, null, null, null, null, null,
                tags(), null, null);
    }

    /** A service with only name, host and tags: everything else is Kong's default. */
    Service bareService(String suffix) {
        return new Service(null, name(suffix), null, host(suffix), null, null, null, null, null, null, null,
                tags(), null, null);
    }

    Route route(String suffix, Ref service) {
        return route(suffix, List.of(path(suffix)), null, service);
    }

    Route route(String suffix, List<String> paths, List<String> methods, Ref service) {
        return new Route(null, name(suffix), null, methods, null, paths, null, null, null, null, null, null, null,
                null, service, tags(), null, null);
    }

    Plugin plugin(String name, Map<String, Object> config, Ref service, Ref route, Ref consumer) {
        return new Plugin(null, name, null, service, route, consumer, config, null, null, tags(), null, null);
    }

    Consumer consumer(String suffix) {
        return new Consumer(null, name(suffix), null, tags(), null, null);
    }

    Upstream upstream(String suffix, Map<String, Object> healthchecks) {
        return new Upstream(null, name(suffix), null, null, null, null, null, healthchecks, tags(), null, null);
    }

    Target target(String hostPort, Integer weight) {
        return new Target(null, hostPort, weight, null, tags(), null, null);
    }
}
