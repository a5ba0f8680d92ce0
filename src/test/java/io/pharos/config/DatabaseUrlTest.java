package io.pharos.config;

import io.pharos.common.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseUrlTest {

    @Test
    void postgres_url_keeps_credentials_apart_and_passes_options_through() {
        DatabaseUrl u = DatabaseUrl.parse("postgresql://alice:s%40cret@db.example:6543/library?sslmode=verify-full&connectTimeout=5");
        assertThat(u.kind()).isEqualTo(DatabaseUrl.Kind.POSTGRESQL);
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/library?sslmode=verify-full&connectTimeout=5");
        assertThat(u.user()).isEqualTo("alice");
        assertThat(u.password()).isEqualTo("s@cret");
        assertThat(u.toString()).doesNotContain("cret");
    }

    @Test
    void postgres_shorthand_and_default_port() {
        assertThat(DatabaseUrl.parse("postgres://h/db").jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
    }

    @Test
    void sqlite_forms() {
        assertThat(DatabaseUrl.parse("sqlite:data/x.db").sqliteFile()).isEqualTo(Path.of("data/x.db"));
        assertThat(DatabaseUrl.parse("jdbc:sqlite:/tmp/y.db").sqliteFile()).isEqualTo(Path.of("/tmp/y.db"));
        DatabaseUrl mem = DatabaseUrl.parse("sqlite::memory:");
        assertThat(mem.inMemory()).isTrue();
        assertThat(mem.sqliteFile()).isNull();
    }

    @Test
    void jdbc_postgres_password_is_masked() {
        DatabaseUrl u = DatabaseUrl.parse("jdbc:postgresql://h:5432/db?user=bob&password=hunter2");
        assertThat(u.masked()).doesNotContain("hunter2").contains("password=***");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://root@localhost/db", "postgresql://:5432/db", "postgresql://host", "sqlite:", "nonsense", "postgresql://u:topsecret@/db"})
    void unsupported_or_malformed_urls_name_the_setting_and_an_example(String raw) {
        assertThatThrownBy(() -> DatabaseUrl.parse(raw))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("DATABASE_URL:")
                .hasMessageContaining("postgresql://user:pass@localhost:5432/pharos")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("topsecret"));
    }

    @Test
    void settings_precedence_is_flags_then_env_then_dotenv_then_defaults(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path dotEnv = dir.resolve(".env");
        Files.writeString(dotEnv, "# comment\nPHAROS_PORT=9000\nPHAROS_HOST=\"0.0.0.0\"\nexport PHAROS_DB_POOL_SIZE=7\n");
        Settings s = SettingsLoader.load(Map.of("PHAROS_PORT", "9100"), dotEnv, Map.of("PHAROS_HOST", "127.0.0.2"));
        assertThat(s.port()).isEqualTo(9100);
        assertThat(s.host()).isEqualTo("127.0.0.2");
        assertThat(s.poolSize()).isEqualTo(7);
        assertThat(s.autoMigrate()).isTrue();
        assertThat(s.database().sqliteFile()).isEqualTo(Path.of("./data/pharos.db"));
    }

    @Test
    void bad_setting_values_name_the_setting() {
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("PHAROS_PORT", "eighty"), null, Map.of()))
                .hasMessageStartingWith("PHAROS_PORT:");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("PHAROS_AUTO_MIGRATE", "sometimes"), null, Map.of()))
                .hasMessageStartingWith("PHAROS_AUTO_MIGRATE:");
    }
}
