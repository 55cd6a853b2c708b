package io.catalogsync.catalog.translate;

import io.catalogsync.kong.entity.EntityType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Deterministic names and ids of the Kong entities the daemon owns.
 *
 * <p>Names only use Kong's name characters (letters, digits, {@code .-_~}: kong/db/schema/typedefs.lua
 * {@code validate_name}/{@code validate_utf8_name}). Catalog service names may not contain {@code ~}, so {@code ~}
 * separates the service from the rest of a name: two different services can never produce the same name, whatever
 * their endpoints ({@code a-b}+{@code c} is {@code a-b~c}, {@code a}+{@code b-c} is {@code a~b-c}).
 * <ul>
 *   <li>upstream: {@code <service>.upstream}, or {@code <service>.upstream.<label>} per target set when the
 *       service's routes have different backends (an upstream name must be a host name: upstreams.lua; the label
 *       has no dot, see {@link TargetSets})</li>
 *   <li>Kong Service: {@code <service>} when the catalog service needs one Kong Service, else
 *       {@code <service>~<path-slug>} per upstream base path and upstream (see {@link Translator})</li>
 *   <li>route: {@code <service>~<path-slug>}, whatever its methods (see {@link RoutingBuilder})</li>
 *   <li>the shared anonymous consumer: {@value #ANONYMOUS_CONSUMER}</li>
 * </ul>
 * A slug is readable but lossy ({@code /api/v1/*} and {@code /api/v1} both read {@code api.v1}); when two names of
 * one catalog service would coincide, each of them gets {@code ~<8 hex>} of a hash of its exact key. This depends
 * on the set of endpoints, never on their order.
 *
 * <p>Ids are name-based UUIDs (version 3) of owner tag, entity type and natural key: the same catalog gives the
 * same ids on every run and every replica, so writes are {@code PUT /{collection}/{id}} and a second owner tag
 * (a second installation) gets different ids.
 */
public final class Names {

    /** The username of the one consumer the daemon owns, used as {@code anonymous} by auth plugins. */
    public static final String ANONYMOUS_CONSUMER = "kong-catalog-sync-anonymous";
    public static final String SEPARATOR = "~";
    public static final int MAX_SERVICE_NAME = 128;
    private static final String CATALOG_SERVICE_TAG_PREFIX = "catalog-service:";

    // A valid service name is dot-separated labels of letters, digits, '_' and inner '-' (the regular expression
    // [A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])? per label): a Kong name, a tag and (with ".upstream") a host name
    // as the upstream name must be.

    private Names() {
    }

    /** The tag every entity of one catalog service carries: {@code catalog-service:<name>}. */
    public static String catalogServiceTag(String serviceName) {
        return CATALOG_SERVICE_TAG_PREFIX + serviceName;
    }

    /** The catalog service named by a tag, or null when the tag is not a catalog-service tag. */
    public static String serviceOfTag(String tag) {
        return tag != null && tag.startsWith(CATALOG_SERVICE_TAG_PREFIX)
                ? tag.substring(CATALOG_SERVICE_TAG_PREFIX.length()) : null;
    }

    /** Whether a catalog service name can be used in Kong names, tags and the upstream host name. */
    public static boolean isValidServiceName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_SERVICE_NAME) {
            return false;
        }
        // SERVICE_NAME by hand: labels of letters and digits with inner '_' and '-', separated by single dots.
        int labelStart = 0;
        for (int i = 0; i <= name.length(); i++) {
            char c = i < name.length() ? name.charAt(i) : '.';
            if (c == '.') {
                if (i == labelStart || !alnum(name.charAt(labelStart)) || !alnum(name.charAt(i - 1))) {
                    return false;
                }
                labelStart = i + 1;
            } else if (!alnum(c) && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean alnum(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    public static String upstreamName(String serviceName) {
        return serviceName + ".upstream";
    }

    /** A deterministic entity id: a name-based UUID of owner tag, entity type and natural key. */
    public static String id(String ownerTag, EntityType type, String naturalKey) {
        // The UTF-8 of "owner\ncollection\nkey" fed to MD5 piece by piece: the same digest without building the
        // concatenated string and its byte copy for each of the ~43,500 ids of a 10,000-service plan.
        MessageDigest md5 = MD5.get();
        md5.update(ownerBytes(ownerTag));
        md5.update((byte) '\n');
        md5.update(COLLECTIONS[type.ordinal()]);
        md5.update((byte) '\n');
        md5.update(naturalKey.getBytes(StandardCharsets.UTF_8));
        return uuidOf(md5.digest()).toString();
    }

    /** Each type's collection name in bytes, and the last owner tag's: encoded once, not for each of ~43,500 ids. */
    private static final byte[][] COLLECTIONS = new byte[EntityType.values().length][];
    private record OwnerBytes(String tag, byte[] bytes) {
    }
    private static volatile OwnerBytes lastOwner = new OwnerBytes("", new byte[0]);

    static {
        for (EntityType t : EntityType.values()) {
            COLLECTIONS[t.ordinal()] = t.collection().getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] ownerBytes(String ownerTag) {
        OwnerBytes last = lastOwner;
        if (!last.tag().equals(ownerTag)) {
            last = new OwnerBytes(ownerTag, ownerTag.getBytes(StandardCharsets.UTF_8));
            lastOwner = last;
        }
        // MessageDigest.update only reads the array
        return last.bytes();
    }

    /** Cloned per thread: {@code MessageDigest.getInstance} looks the provider up on every call. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 not supported", e);
        }
    });

    /** Exactly {@link UUID#nameUUIDFromBytes} (version 3, IETF variant), without a provider lookup per id. */
    static UUID nameUuid(byte[] name) {
        return uuidOf(MD5.get().digest(name));
    }

    /** Version 3, IETF variant, from an MD5 digest (as {@link UUID#nameUUIDFromBytes}). */
    private static UUID uuidOf(byte[] md5) {
        md5[6] &= 0x0f;
        md5[6] |= 0x30;
        md5[8] &= 0x3f;
        md5[8] |= (byte) 0x80;
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (md5[i] & 0xff);
        }
        for (int i = 8; i < 16; i++) {
            lsb = (lsb << 8) | (md5[i] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    /** First 8 hex digits of the SHA-256 of {@code key}: a short stable disambiguator. */
    static String shortHash(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * A readable name part for a path: segments joined with {@code .}, characters outside Kong's name set replaced
     * by {@code _}, {@code root} for {@code /}. Never contains {@link #SEPARATOR}.
     */
    static String slug(String path) {
        StringBuilder sb = new StringBuilder();
        for (String seg : path.split("/")) {
            if (seg.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('.');
            }
            for (int i = 0; i < seg.length(); i++) {
                char c = seg.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                        || c == '_' || c == '.';
                sb.append(ok ? c : '_');
            }
        }
        return sb.length() == 0 ? "root" : sb.toString();
    }
}
