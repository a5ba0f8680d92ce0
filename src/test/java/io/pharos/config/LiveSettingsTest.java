package io.pharos.config;

import io.pharos.common.ConfigurationException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("sqlite-only")   // pure Java: running it once is enough
class LiveSettingsTest {

    private static Settings load(Map<String, String> env) {
        return SettingsLoader.load(env, null, Map.of());
    }

    @Test
    void a_server_on_sqlite_follows_its_library_to_postgresql_through_a_pgbouncer_with_its_own_pooler_setting() {
        Settings s = load(Map.of("DATABASE_URL", "sqlite:lib.db", "PHAROS_LIVE_TARGET_URL", "postgresql://app:pw@bouncer:6432/pharos",
                "PHAROS_LIVE_TARGET_POOLER", "pgbouncer"));
        assertThat(s.pooler()).isEqualTo(DbPooler.NONE);
        Settings moved = s.withDatabase(s.live().targetUrl());
        assertThat(moved.database().jdbcUrl()).isEqualTo("jdbc:postgresql://bouncer:6432/pharos");
        assertThat(moved.pooler()).isEqualTo(DbPooler.PGBOUNCER);
        // a target reached as recorded (not this server's own route) has no pooler in front
        assertThat(s.withDatabase(DatabaseUrl.parse("postgresql://app@db:5432/pharos")).pooler()).isEqualTo(DbPooler.NONE);
    }

    @Test
    void the_target_pooler_defaults_to_none_and_a_bad_value_or_one_without_a_postgresql_target_url_names_the_setting() {
        assertThat(load(Map.of("DATABASE_URL", "sqlite:lib.db")).live().targetPooler()).isEqualTo(DbPooler.NONE);
        assertThatThrownBy(() -> load(Map.of("DATABASE_URL", "sqlite:lib.db", "PHAROS_LIVE_TARGET_URL", "postgresql://app@db/pharos",
                "PHAROS_LIVE_TARGET_POOLER", "odyssey")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("PHAROS_LIVE_TARGET_POOLER: ").hasMessageContaining("none or pgbouncer");
        assertThatThrownBy(() -> load(Map.of("DATABASE_URL", "sqlite:lib.db", "PHAROS_LIVE_TARGET_POOLER", "pgbouncer")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("PHAROS_LIVE_TARGET_POOLER: ")
                .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
        assertThatThrownBy(() -> load(Map.of("DATABASE_URL", "postgresql://app@db/pharos", "PHAROS_LIVE_TARGET_URL", "sqlite:moved.db",
                "PHAROS_LIVE_TARGET_POOLER", "pgbouncer")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("PHAROS_LIVE_TARGET_POOLER: ");
    }
}
