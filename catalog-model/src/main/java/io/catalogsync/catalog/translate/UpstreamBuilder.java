package io.catalogsync.catalog.translate;

import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The catalog service's upstream and its targets: the distinct {@code host:port} of its endpoints, weight 100.
 * When every endpoint has the same host, the upstream's {@code host_header} is that host, so the service sees
 * its own name in {@code Host} instead of the upstream's made-up name (virtual hosting, TLS SNI).
 */
final class UpstreamBuilder {

    static final int TARGET_WEIGHT = 100;

    private UpstreamBuilder() {
    }

    static List<KongEntity> build(ServiceSpec s, Owner owner) {
        String name = Names.upstreamName(s.name());
        String upstreamId = owner.id(EntityType.UPSTREAM, name);
        TreeSet<String> hosts = new TreeSet<>();
        TreeSet<String> targets = new TreeSet<>();
        for (EndpointSpec e : s.endpoints()) {
            hosts.add(e.host());
            targets.add(e.target());
        }
        List<KongEntity> out = new ArrayList<>();
        out.add(new Upstream(upstreamId, name, s.loadBalancing().algorithm(), s.loadBalancing().hashOn(), null, null,
                hosts.size() == 1 ? hosts.first() : null,
                s.healthcheck() == null ? null : s.healthcheck().healthchecks(s.protocol()),
                owner.tags(s.name()), null, null));
        for (String t : targets) {
            out.add(new Target(owner.id(EntityType.TARGET, name + "|" + t), t, TARGET_WEIGHT, Ref.id(upstreamId),
                    owner.tags(s.name()), null, null));
        }
        return out;
    }
}
