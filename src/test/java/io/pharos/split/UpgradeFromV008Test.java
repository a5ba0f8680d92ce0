package io.pharos.split;

import io.pharos.Library;
import io.pharos.auth.Principal;
import io.pharos.auth.Role;
import io.pharos.collection.CollectionInput;
import io.pharos.collection.Visibility;
import io.pharos.config.Settings;
import io.pharos.db.Database;
import io.pharos.db.SchemaMigrator;
import io.pharos.testing.Cli;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A library made by the previous release (schema v008, one database) upgrades cleanly to the current schema: its history
 * keeps working, its data stays, it is claimed as a whole library, and a downgrade to v008 works again.
 * On this run's database (in the split run: a whole library in the content's PostgreSQL, no split).
 */
class UpgradeFromV008Test {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();

    private Settings single() {
        return testDb.settings(Map.of("PHAROS_CONFIG_DATABASE_URL", "", "PHAROS_EMBEDDINGS", "none"));
    }

    @Test
    void a_v008_library_upgrades_to_the_current_version_keeping_its_data_and_history() {
        try (Database db = Database.open(single())) {
            new SchemaMigrator(db).upgradeTo("v008");
            assertThat(new SchemaMigrator(db).appliedVersion()).isEqualTo("v008");
        }
        // what a v008 server wrote: a user, a resource, a collection of theirs
        try (Database db = Database.open(single())) {
            db.write(h -> {
                h.execute("INSERT INTO users (id, name, email, role, created_at) VALUES (?, 'Ada', 'ada@example.org', 'user', ?)",
                        java.util.UUID.fromString("00000000-0000-0000-0000-0000000000aa"), java.time.Instant.parse("2026-01-01T00:00:00Z"));
                return null;
            });
        }
        try (Library lib = Library.open(single())) {
            assertThat(lib.schema().currentVersion()).isEqualTo("v010");
            assertThat(lib.schema().isCurrent()).isTrue();
            var ada = lib.users().userByIdOrEmail("ada@example.org");
            lib.collections().create(new Principal(ada.id(), Role.USER), new CollectionInput.Create("Ada's", null, Visibility.PRIVATE, null));
            assertThat(new SchemaMigrator(lib.database()).history()).extracting(SchemaMigrator.Applied::tag).contains("v001", "v008", "v009", "v010");
        }
        Cli.Run check = Cli.run("db", "check", "--database-url", testDb.url(), "--config-database-url", "");
        assertThat(check.out()).as(check.err()).contains("configuration and content (one database)").contains("consistent");
        Cli.Run down = Cli.run("db", "downgrade", "--to", "v008", "--database-url", testDb.url(), "--config-database-url", "");
        assertThat(down.exit()).as(down.err()).isZero();
        try (Library lib = Library.open(single())) {
            assertThat(lib.schema().currentVersion()).isEqualTo("v010");
            assertThat(lib.users().userByIdOrEmail("ada@example.org").name()).isEqualTo("Ada");
        }
    }
}
