package io.catalogsync.kong.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Version strings as Kong's GET / reports them, OSS and Enterprise, and which of them are supported. */
class KongVersionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"3.4.2, 3, 4, 2", "3.9.3, 3, 9, 3", "3.10.0.1, 3, 10, 0", "3.14.0.0-enterprise-edition, 3, 14, 0",
            "3.4.3.12-enterprise-edition, 3, 4, 3", "3.6, 3, 6, 0"})
    void parsesOssAndEnterpriseVersions(String text, int major, int minor, int patch) {
        assertThat(KongVersion.parse(text)).isEqualTo(new KongVersion(major, minor, patch));
        assertThat(KongVersion.parse(text).requireSupported()).isEqualTo(new KongVersion(major, minor, patch));
    }

    @Test
    void enterpriseVersionsFollowTheShapesOf39() {
        // 3.10 is not "3.1": minor versions compare as numbers
        assertThat(KongVersion.parse("3.10.0.1").atLeast(3, 9)).isTrue();
        assertThat(KongVersion.parse("3.14.0.0-enterprise-edition").atLeast(3, 6)).isTrue();
        assertThat(KongVersion.parse("3.10.0.1")).isGreaterThan(KongVersion.parse("3.9.3"));
        assertThat(KongVersion.parse("3.5.0").atLeast(3, 6)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"4.0.0", "2.8.0", "5.1.0.0-enterprise-edition", "1.5.1"})
    void anUnknownMajorVersionIsRefusedNamingIt(String text) {
        KongVersion v = KongVersion.parse(text);
        assertThatThrownBy(v::requireSupported).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Kong " + v + " is not supported").hasMessageContaining("3.x");
        KongInfo info = new KongInfo(text, null, "postgres", "traditional_compatible", Set.of(), Set.of());
        assertThatThrownBy(info::supportedVersion).hasMessageContaining("Kong " + v + " is not supported");
    }
}
