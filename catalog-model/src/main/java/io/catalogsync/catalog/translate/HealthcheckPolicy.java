package io.catalogsync.catalog.translate;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code healthcheck.path/interval/healthyThreshold/unhealthyThreshold}: active probes plus passive checks (circuit
 * breaker) on the upstream, in the shape of kong/db/schema/entities/upstreams.lua {@code healthchecks}. Setting any
 * key turns both on; unset keys take the defaults below. Kong's ranges: interval 0..65535 s, counters 0..255; 0
 * would disable a check, so the catalog must give at least 1.
 */
record HealthcheckPolicy(String path, int intervalSeconds, int healthyThreshold, int unhealthyThreshold) {

    static final String DEFAULT_PATH = "/";
    static final int DEFAULT_INTERVAL = 10;
    static final int DEFAULT_HEALTHY = 2;
    static final int DEFAULT_UNHEALTHY = 3;

    /** Null when no {@code healthcheck.*} key is set. */
    static HealthcheckPolicy parse(Metadata md) {
        if (!md.hasAny("healthcheck.")) {
            return null;
        }
        String path = md.string("healthcheck.path");
        if (path != null) {
            String problem = Paths.problem(path);
            if (problem != null) {
                md.error("healthcheck.path", Metadata.quote(path) + " " + problem);
            }
        }
        Integer interval = md.wholeInt("healthcheck.interval", 1, 65535);
        Integer healthy = md.wholeInt("healthcheck.healthyThreshold", 1, 255);
        Integer unhealthy = md.wholeInt("healthcheck.unhealthyThreshold", 1, 255);
        return new HealthcheckPolicy(path == null ? DEFAULT_PATH : path,
                interval == null ? DEFAULT_INTERVAL : interval, healthy == null ? DEFAULT_HEALTHY : healthy,
                unhealthy == null ? DEFAULT_UNHEALTHY : unhealthy);
    }

    /**
     * Kong's {@code healthchecks} record; {@code protocol} (http/https) is the probe type. Without {@code probe}
     * only the passive checks are set: Kong's active defaults (interval 0) leave probing off (upstreams.lua).
     */
    Map<String, Object> healthchecks(String protocol, boolean probe) {
        Map<String, Object> activeHealthy = new TreeMap<>();
        activeHealthy.put("interval", intervalSeconds);
        activeHealthy.put("successes", healthyThreshold);
        Map<String, Object> activeUnhealthy = new TreeMap<>();
        activeUnhealthy.put("interval", intervalSeconds);
        activeUnhealthy.putAll(failures());
        Map<String, Object> activeRecord = new TreeMap<>();
        activeRecord.put("type", protocol);
        activeRecord.put("http_path", path);
        activeRecord.put("healthy", activeHealthy);
        activeRecord.put("unhealthy", activeUnhealthy);

        Map<String, Object> passive = new TreeMap<>();
        passive.put("type", protocol);
        passive.put("healthy", Map.of("successes", healthyThreshold));
        passive.put("unhealthy", failures());

        Map<String, Object> hc = new TreeMap<>();
        if (probe) {
            hc.put("active", activeRecord);
        }
        hc.put("passive", passive);
        return hc;
    }

    private Map<String, Object> failures() {
        Map<String, Object> m = new TreeMap<>();
        m.put("http_failures", unhealthyThreshold);
        m.put("tcp_failures", unhealthyThreshold);
        m.put("timeouts", unhealthyThreshold);
        return m;
    }
}
