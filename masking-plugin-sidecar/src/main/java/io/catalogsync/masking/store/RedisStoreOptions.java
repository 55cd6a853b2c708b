package io.catalogsync.masking.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Immutable settings of the mapping store. Build with {@link #builder()} or {@link #fromUrl(String)}; the
 * builder rejects bad values with a message naming the setting. {@link #toString()} never shows the password.
 *
 * <p>URL forms accepted by {@link #fromUrl(String)}:
 * <ul>
 *   <li>{@code memory:} — in-memory store, demo and unit tests only;</li>
 *   <li>{@code redis://[user[:password]@]host[:port][/db]} and {@code rediss://...} (TLS);</li>
 *   <li>{@code redis-cluster://[user[:password]@]host:port,host:port,...} and {@code rediss-cluster://...}
 *       (cluster mode, e.g. ElastiCache with cluster mode enabled).</li>
 * </ul>
 * User and password in the URL are percent-decoded.
 */
public record RedisStoreOptions(
        Mode mode,
        List<Endpoint> endpoints,
        boolean tls,
        TlsVerify tlsVerify,
        Path caFile,
        String username,
        String password,
        int database,
        Duration commandTimeout,
        Duration connectTimeout,
        Duration reconnectMaxDelay,
        String keyPrefix) {

    public static final int DEFAULT_PORT = 6379;
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_RECONNECT_MAX_DELAY = Duration.ofSeconds(2);
    public static final String DEFAULT_KEY_PREFIX = "kcs:mask:";

    /** Which store implementation to use. */
    public enum Mode { STANDALONE, CLUSTER, MEMORY }

    /** How a TLS peer is checked: the whole chain and host name, the chain only, or not at all. */
    public enum TlsVerify {
        FULL, CA, NONE;

        public static TlsVerify parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("redis TLS verify mode must be one of full, ca, none; got '"
                        + value + "'");
            }
        }
    }

    /** One Redis node address. */
    public record Endpoint(String host, int port) {
        public Endpoint {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("redis host must not be empty");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("redis port must be 1..65535, got " + port);
            }
        }

        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    public RedisStoreOptions {
        Objects.requireNonNull(mode, "mode");
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(tlsVerify, "tlsVerify");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        requirePositive(commandTimeout, "redis command timeout");
        requirePositive(connectTimeout, "redis connect timeout");
        requirePositive(reconnectMaxDelay, "redis reconnect max delay");
        if (mode != Mode.MEMORY && endpoints.isEmpty()) {
            throw new IllegalArgumentException("redis URL must name at least one host");
        }
        if (mode == Mode.STANDALONE && endpoints.size() > 1) {
            throw new IllegalArgumentException("a standalone redis URL names one host; use redis-cluster:// for "
                    + endpoints.size() + " hosts");
        }
        if (database < 0) {
            throw new IllegalArgumentException("redis database must be >= 0, got " + database);
        }
        if (mode == Mode.CLUSTER && database != 0) {
            throw new IllegalArgumentException("redis cluster mode only has database 0, got " + database);
        }
        if (caFile != null && !tls) {
            throw new IllegalArgumentException("redis CA file given but the URL is not rediss:// (TLS)");
        }
        if (username != null && password == null) {
            throw new IllegalArgumentException("redis username given without a password");
        }
        if (keyPrefix.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("redis key prefix must not contain whitespace");
        }
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.mode = mode;
        b.endpoints = new ArrayList<>(endpoints);
        b.tls = tls;
        b.tlsVerify = tlsVerify;
        b.caFile = caFile;
        b.username = username;
        b.password = password;
        b.database = database;
        b.commandTimeout = commandTimeout;
        b.connectTimeout = connectTimeout;
        b.reconnectMaxDelay = reconnectMaxDelay;
        b.keyPrefix = keyPrefix;
        return b;
    }

    /** Parses a store URL (see the class comment) into a builder, so flags can still override parts of it. */
    public static Builder fromUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("redis URL must not be empty");
        }
        String trimmed = url.trim();
        if (trimmed.equals("memory:") || trimmed.equals("memory://")) {
            return builder().mode(Mode.MEMORY);
        }
        int schemeEnd = trimmed.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("redis URL must start with redis://, rediss://, redis-cluster://, "
                    + "rediss-cluster:// or be memory:");
        }
        String scheme = trimmed.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        Builder b = builder();
        switch (scheme) {
            case "redis" -> b.mode(Mode.STANDALONE).tls(false);
            case "rediss" -> b.mode(Mode.STANDALONE).tls(true);
            case "redis-cluster" -> b.mode(Mode.CLUSTER).tls(false);
            case "rediss-cluster" -> b.mode(Mode.CLUSTER).tls(true);
            default -> throw new IllegalArgumentException("unsupported redis URL scheme '" + scheme
                    + "' (use redis, rediss, redis-cluster, rediss-cluster or memory:)");
        }
        String rest = trimmed.substring(schemeEnd + 3);
        if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
            throw new IllegalArgumentException("redis URL query parameters are not supported; use the flags");
        }
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                String user = percentDecode(userInfo.substring(0, colon));
                b.username(user.isEmpty() ? null : user);
                b.password(percentDecode(userInfo.substring(colon + 1)));
            } else if (!userInfo.isEmpty()) {
                // redis://secret@host is the common form for a password-only AUTH (requirepass, ElastiCache token)
                b.password(percentDecode(userInfo));
            }
        }
        String hosts = rest;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            hosts = rest.substring(0, slash);
            String db = rest.substring(slash + 1);
            if (!db.isEmpty()) {
                try {
                    b.database(Integer.parseInt(db));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("redis URL database must be a number, got '" + db + "'");
                }
            }
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (String hostPort : hosts.split(",")) {
            if (!hostPort.isBlank()) {
                endpoints.add(parseEndpoint(hostPort.trim()));
            }
        }
        b.endpoints(endpoints);
        return b;
    }

    private static Endpoint parseEndpoint(String hostPort) {
        String host;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("redis URL has an unclosed IPv6 bracket: " + hostPort);
            }
            host = hostPort.substring(1, close);
            if (close + 1 < hostPort.length()) {
                if (hostPort.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("redis URL host '" + hostPort + "' is malformed");
                }
                port = hostPort.substring(close + 2);
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
            port = colon >= 0 ? hostPort.substring(colon + 1) : null;
        }
        int portNumber = DEFAULT_PORT;
        if (port != null) {
            try {
                portNumber = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("redis URL port must be a number, got '" + port + "'");
            }
        }
        return new Endpoint(host, portNumber);
    }

    private static String percentDecode(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("redis URL user info has a bad percent escape");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                int cp = s.codePointAt(i);
                byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Settings for logs: everything but the password, which shows as {@code ****} when set. */
    @Override
    public String toString() {
        if (mode == Mode.MEMORY) {
            return "RedisStoreOptions[mode=MEMORY, keyPrefix=" + keyPrefix + "]";
        }
        return "RedisStoreOptions[mode=" + mode + ", endpoints=" + endpoints + ", tls=" + tls
                + (tls ? ", tlsVerify=" + tlsVerify + ", caFile=" + caFile : "")
                + ", username=" + username + ", password=" + (password == null ? "<none>" : "****")
                + ", database=" + database + ", commandTimeout=" + commandTimeout
                + ", connectTimeout=" + connectTimeout + ", reconnectMaxDelay=" + reconnectMaxDelay
                + ", keyPrefix=" + keyPrefix + "]";
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private Mode mode = Mode.STANDALONE;
        private List<Endpoint> endpoints = new ArrayList<>();
        private boolean tls;
        private TlsVerify tlsVerify = TlsVerify.FULL;
        private Path caFile;
        private String username;
        private String password;
        private int database;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration reconnectMaxDelay = DEFAULT_RECONNECT_MAX_DELAY;
        private String keyPrefix = DEFAULT_KEY_PREFIX;

        private Builder() {
        }

        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder endpoints(List<Endpoint> endpoints) {
            this.endpoints = new ArrayList<>(endpoints);
            return this;
        }

        public Builder endpoint(String host, int port) {
            this.endpoints.add(new Endpoint(host, port));
            return this;
        }

        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        public Builder tlsVerify(TlsVerify tlsVerify) {
            this.tlsVerify = Objects.requireNonNull(tlsVerify, "tlsVerify");
            return this;
        }

        public Builder caFile(Path caFile) {
            this.caFile = caFile;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder database(int database) {
            this.database = database;
            return this;
        }

        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder reconnectMaxDelay(Duration reconnectMaxDelay) {
            this.reconnectMaxDelay = reconnectMaxDelay;
            return this;
        }

        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
            return this;
        }

        public RedisStoreOptions build() {
            return new RedisStoreOptions(mode, endpoints, tls, tlsVerify, caFile, username, password, database,
                    commandTimeout, connectTimeout, reconnectMaxDelay, keyPrefix);
        }
    }
}
