package io.pharos.config;

import io.pharos.common.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PHAROS_REDIS_URL and the cache's settings: parsed, defaulted, refused with the setting named, never shown with a password. */
class CacheSettingsTest {

    private static Settings load(Map<String, String> flags) {
        return SettingsLoader.load(Map.of(), null, flags);
    }

    @Test
    void the_cache_is_off_by_default_with_a_five_minute_ttl_and_a_100_ms_timeout() {
        CacheSettings cache = load(Map.of()).cache();
        assertThat(cache.enabled()).isFalse();
        assertThat(cache.ttl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(cache.timeout()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void a_redis_url_names_host_port_password_and_database() {
        RedisUrl url = load(Map.of("PHAROS_REDIS_URL", "redis://:s3cret@cache.internal:6380/2")).cache().redis();
        assertThat(url).isEqualTo(new RedisUrl("cache.internal", 6380, null, "s3cret", 2));
        assertThat(url.masked()).isEqualTo("redis://:***@cache.internal:6380/2");
        assertThat(url.toString()).doesNotContain("s3cret");
        assertThat(RedisUrl.parse("redis://localhost")).isEqualTo(new RedisUrl("localhost", 6379, null, null, 0));
        assertThat(RedisUrl.parse("redis://app:pw@h:1/0").masked()).isEqualTo("redis://app:***@h:1/0");
    }

    @Test
    void a_bad_url_or_number_is_refused_naming_the_setting_without_the_password() {
        for (String bad : new String[] {"http://h:6379", "redis://:pw@h:6379/16", "redis://:pw@h:6379/x", "redis://", "redis://:pw@h:6379?tls=1"}) {
            assertThatThrownBy(() -> load(Map.of("PHAROS_REDIS_URL", bad))).as(bad)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("PHAROS_REDIS_URL").hasMessageNotContaining(":pw@");
        }
        assertThatThrownBy(() -> load(Map.of("PHAROS_CACHE_TTL_SECONDS", "0"))).hasMessageContaining("PHAROS_CACHE_TTL_SECONDS");
        assertThatThrownBy(() -> load(Map.of("PHAROS_REDIS_TIMEOUT_MS", "5"))).hasMessageContaining("PHAROS_REDIS_TIMEOUT_MS");
    }

    @Test
    void pharos_settings_shows_the_url_without_its_password() {
        var values = SettingsLoader.describe(Map.of("PHAROS_REDIS_URL", "redis://:s3cret@cache.internal:6380/2"), null, Map.of());
        var redis = values.stream().filter(v -> v.name().equals("PHAROS_REDIS_URL")).findFirst().orElseThrow();
        assertThat(redis.value()).isEqualTo("redis://:***@cache.internal:6380/2");
        assertThat(redis.source()).isEqualTo("environment");
        assertThat(values).extracting(SettingsLoader.Value::name).contains("PHAROS_CACHE_TTL_SECONDS", "PHAROS_REDIS_TIMEOUT_MS");
    }
}
