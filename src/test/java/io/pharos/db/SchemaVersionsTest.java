package io.pharos.db;

import io.pharos.Pharos;
import io.pharos.common.ConfigurationException;
import io.pharos.common.InvalidInputException;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaVersionsTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();

    private static List<String> tables(Database db) {
        return db.read(h -> {
            try (var rs = h.getConnection().getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                List<String> names = new java.util.ArrayList<>();
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    if (schema == null || schema.equals("public")) names.add(rs.getString("TABLE_NAME").toLowerCase());
                }
                return names;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void upgrade_downgrade_to_zero_and_upgrade_again() {
        try (Database db = Database.open(testDb.settings())) {
            SchemaMigrator m = new SchemaMigrator(db);
            m.downgradeAll();   // other tests in this class share the database
            assertThat(m.status().isCurrent()).isFalse();
            assertThat(m.status().pending()).isNotEmpty();

            m.upgrade();
            SchemaMigrator.Status up = m.status();
            assertThat(up.isCurrent()).isTrue();
            assertThat(up.currentVersion()).isEqualTo(up.latestVersion()).isNotNull();
            assertThat(m.history()).extracting(SchemaMigrator.Applied::tag).contains(up.latestVersion());
            assertThat(tables(db)).contains("resources", "collections", "chunks", "embedding_queue", "search_clicks");
            assertThat(m.history()).extracting(SchemaMigrator.Applied::tag).contains("v001");

            m.downgradeAll();
            assertThat(m.history()).isEmpty();
            assertThat(m.status().currentVersion()).isNull();
            assertThat(tables(db)).doesNotContain("resources");

            m.upgrade();
            assertThat(m.status().isCurrent()).isTrue();
            assertThat(tables(db)).contains("resources");
        }
    }

    @Test
    void downgrade_to_a_version_keeps_that_version_and_its_tag() {
        try (Database db = Database.open(testDb.settings())) {
            SchemaMigrator m = new SchemaMigrator(db);
            m.upgrade();
            m.downgradeTo("v001");
            assertThat(m.status().currentVersion()).isEqualTo("v001");
            assertThat(tables(db)).contains("resources").doesNotContain("users", "collections");
            m.upgrade();
            assertThat(m.status().isCurrent()).isTrue();
            assertThat(tables(db)).contains("users", "collections");
            m.downgradeOneVersion();
            assertThat(m.status().currentVersion()).isNotNull().isNotEqualTo(m.status().latestVersion());
            m.upgrade();
            assertThat(m.status().isCurrent()).isTrue();
        }
    }

    @Test
    void downgrade_to_an_unknown_tag_names_the_option() {
        try (Database db = Database.open(testDb.settings())) {
            SchemaMigrator m = new SchemaMigrator(db);
            m.upgrade();
            assertThatThrownBy(() -> m.downgradeTo("v999"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("v999")
                    .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("--to");
        }
    }

    @Test
    void server_with_auto_migrate_off_refuses_an_old_schema_and_names_the_command() {
        try (Database db = Database.open(testDb.settings())) {
            new SchemaMigrator(db).downgradeAll();
        }
        assertThatThrownBy(() -> Pharos.start(testDb.settings(Map.of("PHAROS_AUTO_MIGRATE", "false"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("PHAROS_AUTO_MIGRATE")
                .hasMessageContaining("pharos db upgrade");
        try (Pharos started = Pharos.start(testDb.settings())) {
            assertThat(started.port()).isPositive();
        }
        try (Pharos again = Pharos.start(testDb.settings(Map.of("PHAROS_AUTO_MIGRATE", "false")))) {
            assertThat(again.port()).isPositive();
        }
    }
}
