package io.catalogsync.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest ({@code Implementation-Version}), "dev" when run from classes. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[]{"kong-catalog-sync " + (v == null ? "dev" : v),
                "Java " + System.getProperty("java.version")};
    }
}
