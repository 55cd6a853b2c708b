package io.catalogsync.catalog.translate;

import java.util.List;

/**
 * {@code loadBalancing.algorithm}: the upstream's {@code algorithm} (kong/db/schema/entities/upstreams.lua).
 * {@code consistent-hashing} needs something to hash on, and the catalog has no key for it: the client IP is used
 * ({@code hash_on: ip}), the common choice for session affinity.
 */
record LoadBalancingPolicy(String algorithm) {

    static final List<String> ALGORITHMS = List.of("round-robin", "consistent-hashing", "least-connections", "latency");

    static LoadBalancingPolicy parse(Metadata md) {
        String algorithm = md.oneOf("loadBalancing.algorithm", ALGORITHMS);
        return new LoadBalancingPolicy(algorithm == null ? "round-robin" : algorithm);
    }

    /** Kong's {@code hash_on}, or null to keep Kong's default ({@code none}). */
    String hashOn() {
        return algorithm.equals("consistent-hashing") ? "ip" : null;
    }
}
