package io.pharos.migrate;

import io.pharos.testing.ScratchDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Needs both databases at once, whichever run it is in: runs in the PostgreSQL run only (see pom.xml). */
@Tag("postgresql-only")
@Tag("own-databases")   // builds its own databases whatever the run: once, in the postgresql run
class MigrateRoundTripTest {
    @RegisterExtension
    static final ScratchDatabases dbs = new ScratchDatabases();

    /** The derived indexes the application registers, as `pharos migrate` uses them. */
    static final java.util.List<DerivedIndexes> APP_INDEXES = io.pharos.Library.derivedIndexes(
            io.pharos.config.SettingsLoader.load(Map.of(), null, Map.of()).search());

    static MigrateOptions options(String from, String to) {
        return new MigrateOptions(from, to, false, false, false, null, null, 97, MigrateOptions.OnError.ABORT, null, null, 0);
    }

    static MigrationReport migrate(MigrateOptions o) {
        return new MigrationService(APP_INDEXES).run(o, Progress.silent());
    }

    static Map<String, Long> rows(MigrationReport r, java.util.function.ToLongFunction<MigrationReport.TableReport> count) {
        return r.tables().stream().collect(Collectors.toMap(MigrationReport.TableReport::table, count::applyAsLong));
    }

    static Map<String, String> checksums(MigrationReport r) {
        return r.tables().stream().collect(Collectors.toMap(MigrationReport.TableReport::table, MigrationReport.TableReport::targetChecksum));
    }

    @Test
    void sqlite_to_postgresql_to_sqlite_keeps_every_row_and_all_three_checksums_agree() throws Exception {
        String a = dbs.sqlite();
        String b = dbs.postgres();
        String c = dbs.sqlite();
        Library.create(a);
        Library.create(b);
        Library.create(c);
        Library.populate(a, 300, 400, 1);

        MigrationReport ab = migrate(options(a, b));
        MigrationReport bc = migrate(options(b, c));

        // the library's own tables (empty here) come along; the four populated ones keep their FK order
        assertThat(ab.tables()).extracting(MigrationReport.TableReport::table).containsSubsequence("resources", "t_counter", "t_nodes", "t_tags");
        assertThat(ab.tables()).allSatisfy(t -> {
            assertThat(t.checksumMatch()).isTrue();
            assertThat(t.sourceChecksum()).isEqualTo(t.targetChecksum());
            assertThat(t.migrated()).isEqualTo(t.sourceRows());
        });
        assertThat(rows(ab, MigrationReport.TableReport::migrated)).containsEntry("resources", 300L).containsEntry("t_counter", 50L)
                .containsEntry("t_nodes", 400L).containsEntry("t_tags", 600L);
        assertThat(checksums(bc)).isEqualTo(checksums(ab));
        assertThat(bc.tables()).allSatisfy(t -> assertThat(t.sourceChecksum()).isEqualTo(t.targetChecksum()));

        // values arrive by their rule: exact doubles, instants with the offset applied, float32 vectors, JSON as jsonb
        try (Connection pg = Library.connect(b); Statement s = pg.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t_nodes WHERE score = 0.30000000000000004::float8")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(200);
            }
            try (ResultSet rs = s.executeQuery("SELECT born FROM t_nodes WHERE n = 1")) {
                rs.next();
                assertThat(rs.getObject(1, java.time.LocalDate.class)).isEqualTo(java.time.LocalDate.of(1901, 2, 2));
            }
            try (ResultSet rs = s.executeQuery("SELECT count(DISTINCT at) FROM t_nodes")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);   // 05:05:05.123Z and 07:05:05.123+02:00 are the same instant
            }
            try (ResultSet rs = s.executeQuery("SELECT meta -> 'a' ->> 2, emb::text FROM t_nodes WHERE n = 1")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("{\"y\": true, \"z\": null}");
                assertThat(rs.getString(2)).startsWith("[").endsWith(",1]");
            }
            // the sequence was set past the copied maximum
            s.execute("INSERT INTO t_counter (label) VALUES ('next')");
            try (ResultSet rs = s.executeQuery("SELECT max(id) FROM t_counter")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(51);
            }
            // foreign keys are back in force after the load
            assertThatThrownBy(() -> s.execute("INSERT INTO t_nodes (id, parent_id, name, flag, meta, at) VALUES "
                    + "(gen_random_uuid(), gen_random_uuid(), 'x', true, '{}', now())")).hasMessageContaining("foreign key");
        }
        try (Connection sq = Library.connect(c); Statement s = sq.createStatement();
             ResultSet rs = s.executeQuery("SELECT at, flag, typeof(emb), length(emb) FROM t_nodes WHERE n = 1")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("2026-05-05T05:05:05.123Z");
            assertThat(rs.getInt(2)).isEqualTo(1);
            assertThat(rs.getString(3)).isEqualTo("blob");
            assertThat(rs.getInt(4)).isEqualTo(12);
            s.execute("INSERT INTO t_counter (label) VALUES ('next')");   // AUTOINCREMENT continues after the copied ids
            try (ResultSet next = s.executeQuery("SELECT max(id) FROM t_counter")) {
                next.next();
                assertThat(next.getLong(1)).isEqualTo(51);
            }
        }
    }

    @Test
    void refuses_a_non_empty_target_unless_resume_or_truncate() throws Exception {
        String a = dbs.sqlite();
        String b = dbs.postgres();
        Library.create(a);
        Library.create(b);
        Library.populate(a, 20, 10, 2);
        migrate(options(a, b));

        assertThatThrownBy(() -> migrate(options(a, b)))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("not empty").hasMessageContaining("--resume").hasMessageContaining("--truncate");

        Library.exec(a, "DELETE FROM t_counter WHERE id > 10");
        MigrationReport again = migrate(new MigrateOptions(a, b, false, false, true, null, null, 1000, MigrateOptions.OnError.ABORT, null, null, 0));
        assertThat(again.tables()).filteredOn(t -> t.table().equals("t_counter")).singleElement()
                .satisfies(t -> assertThat(t.migrated()).isEqualTo(10));
        assertThat(Library.count(b, "t_counter")).isEqualTo(10);
    }

    @Test
    void dry_run_counts_and_plans_but_writes_nothing() throws Exception {
        String a = dbs.sqlite();
        String b = dbs.postgres();
        Library.create(a);
        Library.populate(a, 5, 3, 3);
        // an empty PostgreSQL database: not even the schema is created
        MigrationReport plan = migrate(new MigrateOptions(a, b, true, false, false, null, null, 1000, MigrateOptions.OnError.ABORT, null, null, 0));
        assertThat(plan.dryRun()).isTrue();
        assertThat(plan.notes()).anyMatch(n -> n.contains("would upgrade the target schema from nothing"))
                .anyMatch(n -> n.contains("may create tables in schema public"));
        assertThat(rows(plan, MigrationReport.TableReport::sourceRows)).containsEntry("resources", 5L).containsEntry("t_counter", 50L)
                .containsEntry("t_nodes", 3L).containsEntry("t_tags", 10L);
        assertThat(Library.one(b, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")).isZero();

        String c = dbs.sqlite();
        MigrationReport toFile = migrate(new MigrateOptions(a, c, true, false, false, null, null, 1000, MigrateOptions.OnError.ABORT, null, null, 0));
        assertThat(toFile.notes()).anyMatch(n -> n.contains("would create"));
        assertThat(java.nio.file.Files.exists(io.pharos.config.DatabaseUrl.parse(c).sqliteFile())).isFalse();
    }

    @Test
    void a_target_that_differs_from_the_source_fails_validation_naming_the_table_and_keys() throws Exception {
        String a = dbs.sqlite();
        String b = dbs.postgres();
        Library.create(a);
        Library.create(b);
        Library.populate(a, 10, 30, 4);
        migrate(options(a, b));
        String changed = firstNode(b, 0);
        String removed = firstNode(b, 1);
        Library.exec(b, "UPDATE t_nodes SET name = 'tampered' WHERE id = '" + changed + "'",
                "UPDATE t_nodes SET parent_id = NULL WHERE parent_id = '" + removed + "'",
                "DELETE FROM t_nodes WHERE id = '" + removed + "'");

        // a resumed run re-validates every table
        java.nio.file.Path reportFile = dbs.dir().resolve("failed-report.json");
        assertThatThrownBy(() -> migrate(new MigrateOptions(a, b, false, true, false, null, null, 1000, MigrateOptions.OnError.ABORT, null, reportFile, 0)))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("validation failed for table t_nodes")
                .hasMessageContaining("key [\"" + changed + "\"] differs")
                .hasMessageContaining("key [\"" + removed + "\"] is missing from the target");
        // the report is written for a failed run too
        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(reportFile.toFile());
        assertThat(report.get("ok").asBoolean()).isFalse();
        assertThat(report.get("error").asText()).contains("validation failed for table t_nodes");
        assertThat(report.get("tables")).anySatisfy(t -> {
            assertThat(t.get("table").asText()).isEqualTo("t_nodes");
            assertThat(t.get("checksum_match").asBoolean()).isFalse();
            assertThat(t.get("differences").toString()).contains(removed);
        });
    }

    @Test
    void tables_and_exclude_select_what_is_copied_and_an_unknown_table_is_named() throws Exception {
        String a = dbs.sqlite();
        String b = dbs.postgres();
        Library.create(a);
        Library.create(b);
        Library.populate(a, 8, 5, 6);

        MigrationReport some = migrate(new MigrateOptions(a, b, false, false, false, java.util.List.of("t_counter", "resources"), null, 1000,
                MigrateOptions.OnError.ABORT, null, null, 0));
        assertThat(some.tables()).extracting(MigrationReport.TableReport::table).containsExactly("resources", "t_counter");
        assertThat(Library.count(b, "t_nodes")).isZero();

        MigrationReport rest = migrate(new MigrateOptions(a, b, false, false, false, null, java.util.List.of("resources", "t_counter"), 1000,
                MigrateOptions.OnError.ABORT, null, null, 0));
        assertThat(rest.tables()).extracting(MigrationReport.TableReport::table).contains("t_nodes", "t_tags").doesNotContain("resources", "t_counter");
        assertThat(Library.count(b, "t_nodes")).isEqualTo(5);

        assertThatThrownBy(() -> migrate(new MigrateOptions(a, dbs.postgres(), false, false, false, java.util.List.of("nope"), null, 1000,
                MigrateOptions.OnError.ABORT, null, null, 0)))
                .hasMessageContaining("--tables").hasMessageContaining("'nope'");
    }

    private static String firstNode(String url, int offset) throws Exception {
        try (Connection c = Library.connect(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM t_nodes ORDER BY id LIMIT 1 OFFSET " + offset)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
