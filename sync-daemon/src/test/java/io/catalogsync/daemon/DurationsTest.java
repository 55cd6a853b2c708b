package io.catalogsync.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void acceptsTheFormsOperatorsType() {
        assertThat(Durations.parse("30s", "x")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("1m", "x")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse("500ms", "x")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("1h30m", "x")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("1.5s", "x")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("30", "x")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse(" 2M ", "x")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("PT45S", "x")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void rejectsGarbageNamingTheSetting() {
        for (String bad : new String[] {"", "fast", "30x", "s30", "10s junk", "-5s", "1m-"}) {
            assertThatThrownBy(() -> Durations.parse(bad, "--sync-interval"))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--sync-interval");
        }
    }

    @Test
    void formatsShortestUnit() {
        assertThat(Durations.format(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
    }
}
