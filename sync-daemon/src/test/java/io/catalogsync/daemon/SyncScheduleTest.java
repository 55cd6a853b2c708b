package io.catalogsync.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SyncScheduleTest {

    private final SyncSchedule schedule = new SyncSchedule(Duration.ofSeconds(30), 0.1, Duration.ofMinutes(5));

    @Test
    void intervalIsJitteredWithinTenPercent() {
        assertThat(schedule.nextDelay(0, () -> 0.5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(schedule.nextDelay(0, () -> 0.0)).isEqualTo(Duration.ofSeconds(27));
        assertThat(schedule.nextDelay(0, () -> 0.999_999)).isBetween(Duration.ofMillis(32_999), Duration.ofSeconds(33));
    }

    @Test
    void failuresDoubleTheDelayUpToTheCap() {
        assertThat(schedule.nextDelay(1, () -> 0.5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(schedule.nextDelay(2, () -> 0.5)).isEqualTo(Duration.ofSeconds(60));
        assertThat(schedule.nextDelay(3, () -> 0.5)).isEqualTo(Duration.ofSeconds(120));
        assertThat(schedule.nextDelay(4, () -> 0.5)).isEqualTo(Duration.ofSeconds(240));
        assertThat(schedule.nextDelay(5, () -> 0.5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(schedule.nextDelay(10_000, () -> 0.5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(schedule.nextDelay(10_000, () -> 0.0)).isEqualTo(Duration.ofSeconds(270));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new SyncSchedule(Duration.ofMillis(10), 0.1, Duration.ofMinutes(5)))
                .hasMessageContaining("--sync-interval");
        assertThatThrownBy(() -> new SyncSchedule(Duration.ofSeconds(30), 0.9, Duration.ofMinutes(5)))
                .hasMessageContaining("--sync-jitter");
        assertThatThrownBy(() -> new SyncSchedule(Duration.ofSeconds(30), 0.1, Duration.ofSeconds(5)))
                .hasMessageContaining("--backoff-max");
    }
}
