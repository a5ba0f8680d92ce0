package io.pharos.config;

import io.pharos.common.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicaSettingsTest {

    private static Settings load(Map<String, String> env) {
        return SettingsLoader.load(env, null, Map.of());
    }

    @Test
    void read_urls_are_comma_separated_postgresql_replicas_with_a_lag_limit() {
        Settings s = load(Map.of("DATABASE_URL", "postgresql://app:pw@primary:5432/pharos",
                "PHAROS_DB_READ_URLS", "postgresql://app:pw@replica-1:5432/pharos, postgres://app:pw@replica-2/pharos",
                "PHAROS_DB_READ_MAX_LAG_MS", "2500"));
        assertThat(s.replicas().urls()).extracting(DatabaseUrl::jdbcUrl)
                .containsExactly("jdbc:postgresql://replica-1:5432/pharos", "jdbc:postgresql://replica-2:5432/pharos");
        assertThat(s.replicas().maxLag()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void without_read_urls_every_read_goes_to_the_primary_and_the_default_lag_limit_is_5_s() {
        Settings s = load(Map.of("DATABASE_URL", "postgresql://app@primary/pharos"));
        assertThat(s.replicas().configured()).isFalse();
        assertThat(s.replicas().maxLag()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void an_sqlite_library_refuses_read_urls_naming_the_setting() {
        assertThatThrownBy(() -> load(Map.of("DATABASE_URL", "sqlite:lib.db", "PHAROS_DB_READ_URLS", "postgresql://app@replica/pharos")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("PHAROS_DB_READ_URLS: ").hasMessageContaining("PostgreSQL")
                .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
    }

    @Test
    void a_read_url_that_is_not_postgresql_is_refused_naming_the_setting_and_masking_the_password() {
        assertThatThrownBy(() -> load(Map.of("DATABASE_URL", "postgresql://app@primary/pharos",
                "PHAROS_DB_READ_URLS", "postgresql://app@replica/pharos,sqlite:copy.db")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("PHAROS_DB_READ_URLS: 'sqlite:copy.db' is not PostgreSQL");
        assertThatThrownBy(() -> load(Map.of("DATABASE_URL", "postgresql://app@primary/pharos",
                "PHAROS_DB_READ_URLS", "mysql://root:topsecret@replica/pharos")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("PHAROS_DB_READ_URLS: ").hasMessageNotContaining("topsecret");
    }

    @Test
    void the_lag_limit_must_be_a_positive_number_of_milliseconds() {
        assertThatThrownBy(() -> load(Map.of("PHAROS_DB_READ_MAX_LAG_MS", "0")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("PHAROS_DB_READ_MAX_LAG_MS: ");
    }

    @Test
    void pharos_settings_lists_both_and_masks_the_read_urls_passwords() {
        var values = SettingsLoader.describe(Map.of("PHAROS_DB_READ_URLS", "postgresql://app:topsecret@replica/pharos"), null, Map.of());
        assertThat(values).anySatisfy(v -> {
            assertThat(v.name()).isEqualTo("PHAROS_DB_READ_URLS");
            assertThat(v.value()).doesNotContain("topsecret").contains("replica");
        });
        assertThat(values).anySatisfy(v -> assertThat(v.name()).isEqualTo("PHAROS_DB_READ_MAX_LAG_MS"));
    }
}
