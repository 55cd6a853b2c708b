package io.catalogsync.catalog.translate;

import java.util.regex.Pattern;

/**
 * Kong vault references ({@code {vault://env/my-secret}}, {@code {vault://aws/redis/password}}): the only form in
 * which this project puts credentials into Kong configuration, so that the desired state, plans, rendered files
 * and logs never hold a secret. Syntax per Kong's {@code kong/pdk/vault.lua} ({@code {vault://<name>/<resource>}}
 * with an optional {@code /<key>} and {@code ?<query>}).
 */
final class VaultRefs {

    private static final Pattern REF = Pattern.compile("\\{vault://[a-z0-9_-]+/[^{}\\s]+}");

    private VaultRefs() {
    }

    static boolean isVaultRef(String value) {
        return value != null && REF.matcher(value).matches();
    }

    /**
     * Throws when {@code value} is set but not a vault reference. The message never repeats the value: it may be
     * a plain secret pasted by mistake.
     */
    static String require(String value, String what) {
        if (value != null && !isVaultRef(value)) {
            throw new IllegalArgumentException(what + " must be a Kong vault reference such as"
                    + " {vault://env/kcs-redis-password}; plain secret values are refused (value not shown)");
        }
        return value;
    }
}
