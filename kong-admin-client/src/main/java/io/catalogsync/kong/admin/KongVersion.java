package io.catalogsync.kong.admin;

/**
 * A Kong version, compared by major, minor, patch; suffixes like {@code -enterprise-edition} and Enterprise's fourth
 * number ({@code 3.10.0.1}) are ignored.
 *
 * <p>Only Kong 3 is supported. Within 3.x every version-dependent shape is chosen by major.minor (3.4-3.5 flat
 * rate-limiting Redis fields, 3.6 on nested); Enterprise 3.10-3.14 follow the shapes of 3.9, the last open-source
 * release (kong-transcripts/3.9.3). Another major version is refused by {@link #requireSupported()} rather than
 * guessed at: its Admin API may differ in ways no recording shows.
 */
public record KongVersion(int major, int minor, int patch) implements Comparable<KongVersion> {

    /** The one major version whose Admin API shapes are known. */
    public static final int SUPPORTED_MAJOR = 3;

    public static KongVersion parse(String version) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("empty Kong version");
        }
        String[] parts = version.trim().split("[^0-9]+");
        int[] n = new int[3];
        int found = 0;
        for (String p : parts) {
            if (!p.isEmpty() && found < 3) {
                n[found++] = Integer.parseInt(p);
            }
        }
        if (found == 0) {
            throw new IllegalArgumentException("not a Kong version: '" + version + "'");
        }
        return new KongVersion(n[0], n[1], n[2]);
    }

    /**
     * This version, when its Admin API shapes are known; otherwise an {@link IllegalArgumentException} naming it.
     */
    public KongVersion requireSupported() {
        if (major != SUPPORTED_MAJOR) {
            throw new IllegalArgumentException("Kong " + this + " is not supported: kong-catalog-sync knows the Admin API "
                    + "of Kong " + SUPPORTED_MAJOR + ".x (3.4 to 3.9 open source, 3.10 and later Enterprise) and "
                    + "refuses to guess the shapes of another major version");
        }
        return this;
    }

    public boolean atLeast(int major, int minor) {
        return this.major > major || (this.major == major && this.minor >= minor);
    }

    @Override
    public int compareTo(KongVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
