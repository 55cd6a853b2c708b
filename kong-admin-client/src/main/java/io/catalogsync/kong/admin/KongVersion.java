package io.catalogsync.kong.admin;

/** A Kong version, compared by major, minor, patch; suffixes like {@code -enterprise-edition} are ignored. */
public record KongVersion(int major, int minor, int patch) implements Comparable<KongVersion> {

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
