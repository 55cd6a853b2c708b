package io.catalogsync.masking.token;

import io.catalogsync.masking.detect.IdentifierType;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints tokens {@code [[AWS:<LABEL>:<hex>]]} where hex is the first 64 bits of
 * HMAC-SHA256(key, label + ":" + original [+ "#" + attempt]).
 *
 * <p>Keyed, never a bare hash: a 12-digit account id has only 10^12 values, so an unkeyed digest could be
 * reversed by enumeration; without the key a token reveals nothing. Deterministic for the same key, type and
 * value, so every request, restart and replica mints the same token. The label goes into the MAC input too, so
 * one string detected as two types yields two unrelated tokens. When a token is already taken by another
 * original (a 64-bit collision, which the store detects), the caller retries with the next {@code attempt}.
 *
 * <p>Thread-safe: each call works on its own clone of an initialised MAC. The key is never printed.
 */
public final class TokenMinter {

    static final String ALGORITHM = "HmacSHA256";
    static final int MIN_KEY_BYTES = 16;

    private final SecretKeySpec key;
    private final Mac prototype;

    /** @param hmacKey the secret, at least 16 bytes; copied, so the caller may wipe its array. */
    public TokenMinter(byte[] hmacKey) {
        Objects.requireNonNull(hmacKey, "hmacKey");
        if (hmacKey.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("hmacKey must be at least " + MIN_KEY_BYTES + " bytes, got " + hmacKey.length);
        }
        this.key = new SecretKeySpec(hmacKey, ALGORITHM);
        this.prototype = freshMac();
    }

    private Mac freshMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        }
    }

    /** The token for {@code original} detected as {@code type}: attempt 0. */
    public String mint(IdentifierType type, String original) {
        return mint(type, original, 0);
    }

    /** The token for the {@code attempt}-th collision retry; attempt 0 is the ordinary token. */
    public String mint(IdentifierType type, String original, int attempt) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(original, "original");
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be >= 0, got " + attempt);
        }
        String input = type.label() + ":" + original + (attempt == 0 ? "" : "#" + attempt);
        byte[] digest = newMac().doFinal(input.getBytes(StandardCharsets.UTF_8));
        StringBuilder token = new StringBuilder(TokenFormat.OPEN.length() + type.label().length() + 1
                + TokenFormat.HEX_LENGTH + TokenFormat.CLOSE.length());
        token.append(TokenFormat.OPEN).append(type.label()).append(':');
        for (int k = 0; k < TokenFormat.HEX_LENGTH / 2; k++) {
            token.append(Character.forDigit((digest[k] >> 4) & 0xf, 16)).append(Character.forDigit(digest[k] & 0xf, 16));
        }
        return token.append(TokenFormat.CLOSE).toString();
    }

    private Mac newMac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            // The JDK's provider clones; a provider that cannot gets a fresh MAC per call (slower, same result).
            return freshMac();
        }
    }

    @Override
    public String toString() {
        return "TokenMinter[" + ALGORITHM + ", key hidden]";
    }
}
