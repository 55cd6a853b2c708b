package io.catalogsync.kong.admin;

import java.util.Set;

/**
 * What {@code GET /} says about the node. {@code database} is {@code "off"} in DB-less mode. {@code edition} is
 * {@code null} on OSS builds that do not send it (3.4 OSS has no {@code edition} key).
 */
public record KongInfo(String version, String edition, String database, String routerFlavor,
                       Set<String> availablePlugins, Set<String> enabledPlugins) {

    public KongInfo {
        availablePlugins = Set.copyOf(availablePlugins);
        enabledPlugins = Set.copyOf(enabledPlugins);
    }

    public boolean dbless() {
        return "off".equals(database);
    }

    /** The major and minor version as a comparable pair, e.g. {@code 3.4.2} gives {@code [3, 4]}. */
    public KongVersion parsedVersion() {
        return KongVersion.parse(version);
    }

    /**
     * {@link #parsedVersion()} when kong-catalog-sync knows that version's shapes; an
     * {@link IllegalArgumentException} naming the version otherwise (see {@link KongVersion#requireSupported()}).
     */
    public KongVersion supportedVersion() {
        return parsedVersion().requireSupported();
    }
}
