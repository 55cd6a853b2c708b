package io.catalogsync.catalog.translate;

import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog service's upstreams, one per distinct target set ({@link TargetSets}), each with its targets
 * ({@code host:port} as Kong stores them, weight 100). When every target of an upstream has the same host, its
 * {@code host_header} is that host, so the service sees its own name in {@code Host} instead of the upstream's
 * made-up name (virtual hosting, TLS SNI).
 *
 * <p>Health checks: passive checks (circuit breaker) on every upstream. Active probes of {@code healthcheck.path}:
 * when an endpoint of the service serves that path, only on the upstreams whose targets serve it; when none does
 * (a health path the catalog does not route), on every upstream. Probing a port for a path another port serves
 * marks every target of it unhealthy (the {@code orders} example: {@code /status} is served on {@code :8081}
 * only, and probing {@code :8080} for it took the whole API down).
 */
final class UpstreamBuilder {

    static final int TARGET_WEIGHT = 100;

    private UpstreamBuilder() {
    }

    static List<KongEntity> build(ServiceSpec s, TargetSets.Layout layout, Owner owner) {
        List<KongEntity> out = new ArrayList<>();
        List<String> tags = owner.tags(s.name()); // immutable: shared by the service's entities
        HealthcheckPolicy hc = s.healthcheck();
        boolean someServeProbePath = hc != null && layout.sets().stream().anyMatch(t -> t.serves(hc.path()));
        for (TargetSets.TargetSet set : layout.sets()) {
            String name = set.upstreamName();
            String upstreamId = owner.id(EntityType.UPSTREAM, name);
            out.add(new Upstream(upstreamId, name, s.loadBalancing().algorithm(), s.loadBalancing().hashOn(), null,
                    null, set.hosts().size() == 1 ? set.hosts().first() : null,
                    hc == null ? null : hc.healthchecks(s.protocol(), !someServeProbePath || set.serves(hc.path())),
                    tags, null, null));
            for (String t : set.targets()) {
                out.add(new Target(owner.id(EntityType.TARGET, name + "|" + t), t, TARGET_WEIGHT, Ref.id(upstreamId),
                        tags, null, null));
            }
        }
        return out;
    }
}
