package io.catalogsync.catalog.translate;

import io.catalogsync.kong.admin.KongVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code rateLimit.*} metadata, becoming Kong's {@code rate-limiting} plugin on the service
 * (kong/plugins/rate-limiting/schema.lua). Limits must be ordered second &lt;= minute &lt;= ... &lt;= year, as the
 * schema's {@code validate_periods_order} requires.
 *
 * @param limits     period ({@code second} ... {@code year}) to limit, in period order
 * @param limitBy    Kong's {@code limit_by}
 * @param headerName with {@code limit_by=header}
 * @param path       with {@code limit_by=path}
 * @param policy     {@code local}, {@code cluster} or {@code redis}
 */
record RateLimitPolicy(Map<String, Long> limits, String limitBy, String headerName, String path, String policy) {

    static final List<String> PERIODS = List.of("second", "minute", "hour", "day", "month", "year");
    static final List<String> POLICIES = List.of("local", "cluster", "redis");
    private static final List<String> SIMPLE_LIMIT_BY = List.of("consumer", "ip", "credential", "service");
    // Lua numbers are doubles: keep limits exactly representable.
    private static final long MAX_LIMIT = 1_000_000_000_000_000L;

    /** "rateLimit." + each of {@link #PERIODS}: built once, not for each service (twice). */
    private static final List<String> PERIOD_KEYS = PERIODS.stream().map(p -> "rateLimit." + p).toList();

    private static boolean anyPeriod(Metadata md) {
        for (String key : PERIOD_KEYS) {
            if (md.has(key)) {
                return true;
            }
        }
        return false;
    }

    /** Null when the service sets no limit. */
    static RateLimitPolicy parse(Metadata md, KongRedis kongRedis, boolean dbless) {
        if (!anyPeriod(md)) {
            md.ignore(List.of("rateLimit.by", "rateLimit.policy"),
                    "no rateLimit.second/minute/hour/day/month/year is set");
            return null;
        }
        Map<String, Long> limits = new LinkedHashMap<>();
        for (int i = 0; i < PERIODS.size(); i++) {
            Long n = md.wholeNumber(PERIOD_KEYS.get(i), 1, MAX_LIMIT);
            if (n != null) {
                limits.put(PERIODS.get(i), n);
            }
        }
        checkOrder(md, limits);
        String by = md.string("rateLimit.by");
        String policy = md.oneOf("rateLimit.policy", POLICIES);
        String limitBy = "consumer";
        String header = null;
        String path = null;
        if (by != null) {
            if (SIMPLE_LIMIT_BY.contains(by)) {
                limitBy = by;
            } else if (by.startsWith("header:") && HeaderNames.isValid(by.substring(7).trim())) {
                limitBy = "header";
                header = by.substring(7).trim();
            } else if (by.startsWith("path:") && Paths.isValidPlainPath(by.substring(5).trim())) {
                limitBy = "path";
                path = by.substring(5).trim();
            } else {
                md.error("rateLimit.by", Metadata.quote(by) + " is not one of consumer, ip, credential, service,"
                        + " header:<header-name>, path:<path>");
            }
        }
        if (policy == null) {
            policy = kongRedis != null ? "redis" : "local";
        } else if (policy.equals("redis") && kongRedis == null) {
            md.error("rateLimit.policy", "\"redis\" needs Kong-side Redis settings, and the daemon has none"
                    + " configured");        } else if (policy.equals("cluster") && dbless) {
            // kong/plugins/rate-limiting/schema.lua: without a database the policy is one of local, redis only,
            // so Kong would refuse the write ("expected one of: local, redis"); say so before writing.
            md.error("rateLimit.policy", "\"cluster\" keeps counters in Kong's database, and the target Kong is"
                    + " DB-less (database = off): use local or redis");
        }
        // With a bad limit the service is rejected anyway; by/policy were still checked above so that all
        // problems are reported at once.
        return limits.isEmpty() ? null : new RateLimitPolicy(Map.copyOf(limits), limitBy, header, path, policy);
    }

    private static void checkOrder(Metadata md, Map<String, Long> limits) {
        String lowerPeriod = null;
        long lower = 0;
        for (String period : PERIODS) {
            Long v = limits.get(period);
            if (v == null) {
                continue;
            }
            if (lowerPeriod != null && v < lower) {
                md.error("rateLimit." + period, Metadata.quote(Long.toString(v)) + " is lower than rateLimit."
                        + lowerPeriod + " (" + lower + "); limits must grow from second to year");
            } else {
                lowerPeriod = period;
                lower = v;
            }
        }
    }

    /**
     * The plugin config. Redis fields (only with the {@code redis} policy) are flat {@code redis_*} before Kong
     * 3.6 and nested under {@code redis} from 3.6 on, where the flat names became deprecated shorthands
     * (kong/plugins/rate-limiting/schema.lua and kong/tools/redis/schema.lua at 3.6.0).
     */
    Map<String, Object> config(KongRedis redis, KongVersion version) {
        Map<String, Object> c = new TreeMap<>();
        for (String period : PERIODS) {
            Long v = limits.get(period);
            if (v != null) {
                c.put(period, ConfigValues.number(v));
            }
        }
        c.put("limit_by", limitBy);
        if (headerName != null) {
            c.put("header_name", headerName);
        }
        if (path != null) {
            c.put("path", path);
        }
        c.put("policy", policy);
        c.put("fault_tolerant", true);
        if (policy.equals("redis") && redis != null) {
            if (version.atLeast(3, 6)) {
                c.put("redis", redisFields(redis, ""));
            } else {
                c.putAll(redisFields(redis, "redis_"));
            }
        }
        return c;
    }

    private static Map<String, Object> redisFields(KongRedis r, String prefix) {
        Map<String, Object> m = new TreeMap<>();
        m.put(prefix + "host", r.host());
        m.put(prefix + "port", r.port());
        m.put(prefix + "ssl", r.ssl());
        m.put(prefix + "ssl_verify", r.sslVerify());
        if (r.serverName() != null) {
            m.put(prefix + "server_name", r.serverName());
        }
        if (r.database() != null) {
            m.put(prefix + "database", r.database());
        }
        if (r.usernameVaultRef() != null) {
            m.put(prefix + "username", r.usernameVaultRef());
        }
        if (r.passwordVaultRef() != null) {
            m.put(prefix + "password", r.passwordVaultRef());
        }
        m.put(prefix + "timeout", r.timeoutMs() != null ? r.timeoutMs() : 2000);
        return m;
    }
}
