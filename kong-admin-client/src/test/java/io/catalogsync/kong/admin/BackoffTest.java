package io.catalogsync.kong.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void exponentialBoundCappedAtMax() {
        List<Long> bounds = new ArrayList<>();
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), bound -> {
            bounds.add(bound);
            return bound;
        });

        for (int attempt = 0; attempt < 6; attempt++) {
            b.delayMillis(attempt, null);
        }

        assertThat(bounds).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
    }

    @Test
    void fullJitterStaysWithinTheBound() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10),
                bound -> ThreadLocalRandom.current().nextLong(bound + 1));
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 2000; i++) {
            long d = b.delayMillis(3, null).getAsLong();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }

        assertThat(min).isGreaterThanOrEqualTo(0).isLessThan(100);
        assertThat(max).isLessThanOrEqualTo(800).isGreaterThan(700);
    }

    @Test
    void retryAfterSecondsReplacesBackoffUnlessLongerThanMax() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), bound -> bound);

        assertThat(b.delayMillis(0, "2")).isEqualTo(OptionalLong.of(2000));
        assertThat(b.delayMillis(0, " 0 ")).isEqualTo(OptionalLong.of(0));
        assertThat(b.delayMillis(0, "6")).isEmpty();
        // An HTTP-date or junk falls back to the computed backoff.
        assertThat(b.delayMillis(1, "Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(OptionalLong.of(200));
        assertThat(b.delayMillis(1, "-1")).isEqualTo(OptionalLong.of(200));
    }
}
