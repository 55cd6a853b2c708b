package io.catalogsync.kong.admin;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongUnaryOperator;

/**
 * Retry delays: exponential backoff {@code base * 2^attempt} with full jitter (a uniform delay between 0 and
 * that bound, so that many clients retrying together spread out), capped at {@code max}. A {@code Retry-After}
 * in seconds from Kong (429 from a rate limiter in front of it, 503) replaces the computed delay; when it asks
 * for longer than {@code max} the request gives up rather than come back early.
 */
final class Backoff {

    private final long baseMillis;
    private final long maxMillis;
    private final LongUnaryOperator random;

    /** @param random given a bound {@code n > 0}, a value in {@code [0, n]} */
    Backoff(Duration base, Duration max, LongUnaryOperator random) {
        this.baseMillis = base.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /**
     * The delay before retry number {@code attempt + 1} ({@code attempt} counts from 0), or empty when
     * {@code Retry-After} asks for more than the maximum delay.
     */
    OptionalLong delayMillis(int attempt, String retryAfter) {
        Long asked = retryAfterMillis(retryAfter);
        if (asked != null) {
            return asked > maxMillis ? OptionalLong.empty() : OptionalLong.of(asked);
        }
        // attempt is bounded by maxRetries (<= 20); the shift cannot overflow for any sane base.
        long bound = Math.min(maxMillis, baseMillis << Math.min(attempt, 30));
        return OptionalLong.of(bound <= 0 ? 0 : random.applyAsLong(bound));
    }

    /** Seconds only: Kong and the proxies in front of it send delta-seconds; an HTTP-date falls back to backoff. */
    static Long retryAfterMillis(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.isEmpty() || v.length() > 9) {
            return null;
        }
        for (int i = 0; i < v.length(); i++) {
            if (!Character.isDigit(v.charAt(i))) {
                return null;
            }
        }
        return Long.parseLong(v) * 1000L;
    }
}
