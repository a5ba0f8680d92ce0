package io.pharos.config;

import io.pharos.common.ConfigurationException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("sqlite-only")   // pure Java: running it once is enough
class SplitSettingsTest {

    private static Settings load(Map<String, String> env) {
        return SettingsLoader.load(env, null, Map.of());
    }

    @Test
    void empty_config_database_url_keeps_everything_in_database_url() {
        Settings s = load(Map.of("DATABASE_URL", "postgresql://app@db/pharos"));
        assertThat(s.split()).isFalse();
        assertThat(s.configDatabase()).isNull();
        assertThat(Settings.DEFAULTS).containsEntry("PHAROS_CONFIG_DATABASE_URL", "");
    }

    @Test
    void an_sqlite_config_database_beside_postgresql_splits_the_library() {
        Settings s = load(Map.of("DATABASE_URL", "postgresql://app:pw@db/pharos", "PHAROS_CONFIG_DATABASE_URL", "sqlite:/var/lib/pharos/config.db"));
        assertThat(s.split()).isTrue();
        Settings config = s.configurationPart();
        assertThat(config.database().kind()).isEqualTo(DatabaseUrl.Kind.SQLITE);
        assertThat(config.split()).isFalse();
        assertThat(config.replicas()).isEqualTo(ReplicaSettings.NONE);
    }

    @Test
    void a_config_database_that_is_not_sqlite_or_beside_sqlite_is_refused_naming_the_setting() {
        assertThatThrownBy(() -> load(Map.of("DATABASE_URL", "postgresql://app@db/pharos", "PHAROS_CONFIG_DATABASE_URL", "postgresql://app:pw@other/cfg")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("PHAROS_CONFIG_DATABASE_URL").hasMessageContaining("must be an SQLite URL")
                .hasMessageNotContaining(":pw@");
        assertThatThrownBy(() -> load(Map.of("DATABASE_URL", "sqlite:/tmp/lib.db", "PHAROS_CONFIG_DATABASE_URL", "sqlite:/tmp/config.db")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("PHAROS_CONFIG_DATABASE_URL").hasMessageContaining("PostgreSQL");
    }
}
