package io.pharos.db.postgres;

import io.pharos.common.ConfigurationException;
import io.pharos.db.Database;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PostgreSQL's prerequisites: a missing extension is named with what to install. */
@Tag("postgresql-only")
class PostgresDialectTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();

    @Test
    void a_missing_extension_is_named_with_what_to_install() {
        try (Database db = Database.open(testDb.settings())) {
            assertThatThrownBy(() -> db.read(h -> {
                PostgresDialect.requireExtensions(h, Map.of("pharos_no_such_ext", "the package that provides it"));
                return null;
            })).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("pharos_no_such_ext")
                    .hasMessageContaining("install the package that provides it");
        }
    }
}
