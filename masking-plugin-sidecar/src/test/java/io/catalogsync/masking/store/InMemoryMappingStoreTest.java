package io.catalogsync.masking.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryMappingStoreTest {

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void storesReportsCollisionsAndExpires() throws Exception {
        MutableClock clock = new MutableClock();
        MappingStore store = MappingStores.inMemory(clock);
        Duration ttl = Duration.ofSeconds(10);
        assertThat(get(store.putAll(Map.of("t1", "a", "t2", "b"), ttl)).collisions()).isEmpty();
        assertThat(get(store.putAll(Map.of("t1", "a", "t2", "other"), ttl)).collisions()).containsExactly("t2");
        assertThat(get(store.getAll(List.of("t1", "t2", "t3")))).containsExactlyInAnyOrderEntriesOf(
                Map.of("t1", "a", "t2", "b"));

        clock.now = clock.now.plusSeconds(8);
        get(store.putAll(Map.of("t1", "a"), ttl)); // same value: TTL refreshed
        clock.now = clock.now.plusSeconds(5);
        assertThat(get(store.getAll(List.of("t1", "t2")))).containsOnlyKeys("t1");
        assertThat(get(store.putAll(Map.of("t2", "now-free"), ttl)).collisions()).isEmpty();
        assertThat(store.roundTrips()).isEqualTo(6);
    }

    static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    }
}
