package io.catalogsync.masking.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catalogsync.masking.store.RedisStoreOptions.Endpoint;
import io.catalogsync.masking.store.RedisStoreOptions.Mode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisStoreOptionsTest {

    @Test
    void parsesStandaloneUrlWithPasswordOnly() {
        RedisStoreOptions o = RedisStoreOptions.fromUrl("redis://s3cr%40t@cache.local:6380/2").build();
        assertThat(o.mode()).isEqualTo(Mode.STANDALONE);
        assertThat(o.endpoints()).containsExactly(new Endpoint("cache.local", 6380));
        assertThat(o.username()).isNull();
        assertThat(o.password()).isEqualTo("s3cr@t");
        assertThat(o.database()).isEqualTo(2);
        assertThat(o.tls()).isFalse();
        assertThat(o.keyPrefix()).isEqualTo("kcs:mask:");
    }

    @Test
    void parsesTlsUrlWithAclUserAndDefaultPort() {
        RedisStoreOptions o = RedisStoreOptions.fromUrl("rediss://masker:pw:with:colons@master.example.cache.amazonaws.com")
                .build();
        assertThat(o.tls()).isTrue();
        assertThat(o.tlsVerify()).isEqualTo(RedisStoreOptions.TlsVerify.FULL);
        assertThat(o.username()).isEqualTo("masker");
        assertThat(o.password()).isEqualTo("pw:with:colons");
        assertThat(o.endpoints()).containsExactly(new Endpoint("master.example.cache.amazonaws.com", 6379));
    }

    @Test
    void parsesClusterUrlsAndIpv6() {
        RedisStoreOptions o = RedisStoreOptions.fromUrl("redis-cluster://10.0.0.1:7000,10.0.0.2:7001,[::1]:7002")
                .build();
        assertThat(o.mode()).isEqualTo(Mode.CLUSTER);
        assertThat(o.endpoints()).containsExactly(new Endpoint("10.0.0.1", 7000), new Endpoint("10.0.0.2", 7001),
                new Endpoint("::1", 7002));
        assertThat(RedisStoreOptions.fromUrl("rediss-cluster://h:1").build().tls()).isTrue();
    }

    @Test
    void memoryUrl() {
        assertThat(RedisStoreOptions.fromUrl("memory:").build().mode()).isEqualTo(Mode.MEMORY);
    }

    @Test
    void rejectsBadValuesNamingTheSetting() {
        assertThatThrownBy(() -> RedisStoreOptions.fromUrl("http://x")).hasMessageContaining("scheme 'http'");
        assertThatThrownBy(() -> RedisStoreOptions.fromUrl("redis://h:port")).hasMessageContaining("port must be a number");
        assertThatThrownBy(() -> RedisStoreOptions.fromUrl("redis://h:70000").build())
                .hasMessageContaining("port must be 1..65535");
        assertThatThrownBy(() -> RedisStoreOptions.fromUrl("redis://a:1,b:2").build())
                .hasMessageContaining("redis-cluster://");
        assertThatThrownBy(() -> RedisStoreOptions.fromUrl("redis-cluster://a:1/3").build())
                .hasMessageContaining("database 0");
        assertThatThrownBy(() -> RedisStoreOptions.fromUrl("redis://h").caFile(Path.of("/ca.pem")).build())
                .hasMessageContaining("not rediss://");
        assertThatThrownBy(() -> RedisStoreOptions.fromUrl("redis://h").commandTimeout(Duration.ZERO).build())
                .hasMessageContaining("command timeout must be positive");
        assertThatThrownBy(() -> RedisStoreOptions.fromUrl("redis://h?ssl=true"))
                .hasMessageContaining("query parameters");
        assertThatThrownBy(() -> RedisStoreOptions.fromUrl("redis://%zz@h")).hasMessageContaining("percent escape");
        assertThatThrownBy(() -> RedisStoreOptions.TlsVerify.parse("maybe")).hasMessageContaining("full, ca, none");
    }

    @Test
    void toStringNeverShowsThePassword() {
        RedisStoreOptions o = RedisStoreOptions.fromUrl("rediss://user:Sup3rS3cret@h:6379").build();
        assertThat(o.toString()).doesNotContain("Sup3rS3cret").contains("password=****").contains("username=user");
        RedisStoreOptions none = RedisStoreOptions.fromUrl("redis://h").build();
        assertThat(none.toString()).contains("password=<none>");
        assertThat(o.toBuilder().build()).isEqualTo(o);
        assertThat(RedisStoreOptions.builder().endpoints(List.of(new Endpoint("h", 1))).password("x").build()
                .toString()).doesNotContain("=x,");
    }
}
