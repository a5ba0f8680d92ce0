package io.pharos.migrate;

import io.pharos.db.Database;
import io.pharos.testing.ScratchDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Full-text indexes are derived, not copied: SQLite's FTS5 virtual table and its shadow tables and
 * PostgreSQL's generated tsvector column are left out of the copy; PostgreSQL computes its column on
 * insert, and the SQLite index is rebuilt through the {@link DerivedIndexes} hook. The same queries then
 * find the same rows on all three libraries.
 */
@Tag("postgresql-only")
@Tag("own-databases")   // builds its own databases whatever the run: once, in the postgresql run
class MigrateDerivedIndexTest {
    @RegisterExtension
    static final ScratchDatabases dbs = new ScratchDatabases();

    static final String DOCS_PG = "CREATE TABLE t_docs (id uuid PRIMARY KEY, body text NOT NULL, "
            + "tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED)";
    static final String DOCS_SQLITE = "CREATE TABLE t_docs (id TEXT PRIMARY KEY, body TEXT NOT NULL)";
    static final String FTS_SQLITE = "CREATE VIRTUAL TABLE t_docs_fts USING fts5(body, content='t_docs', content_rowid='rowid')";
    static final List<String> QUERIES = List.of("lighthouse", "keeper", "sea", "storm", "library");

    /** What the search feature would register: rebuild the FTS5 index from its content table. */
    static final DerivedIndexes FTS_REBUILD = new DerivedIndexes() {
        @Override public String name() { return "test full-text index"; }

        @Override public void rebuild(Database target) {
            if (target.dialect().name().equals("sqlite")) {
                target.write(h -> h.execute("INSERT INTO t_docs_fts(t_docs_fts) VALUES ('rebuild')"));
            }
        }
    };

    private static void create(String url) throws Exception {
        Library.create(url);
        if (Library.isPostgres(url)) Library.exec(url, DOCS_PG);
        else Library.exec(url, DOCS_SQLITE, FTS_SQLITE);
    }

    @Test
    void virtual_shadow_and_generated_columns_are_skipped_and_search_finds_the_same_rows_after_a_round_trip() throws Exception {
        String a = dbs.sqlite();
        String b = dbs.postgres();
        String c = dbs.sqlite();
        for (String url : List.of(a, b, c)) create(url);
        String[] words = {"lighthouse", "keeper", "sea", "storm", "library", "lamp", "rock"};
        java.util.Random r = new java.util.Random(5);
        try (Connection conn = Library.connect(a); PreparedStatement ps = conn.prepareStatement("INSERT INTO t_docs (id, body) VALUES (?, ?)")) {
            for (int i = 0; i < 200; i++) {
                ps.setString(1, new UUID(r.nextLong(), r.nextLong()).toString());
                ps.setString(2, words[r.nextInt(words.length)] + " " + words[r.nextInt(words.length)] + " " + i);
                ps.executeUpdate();
            }
        }
        Library.exec(a, "INSERT INTO t_docs_fts(t_docs_fts) VALUES ('rebuild')");

        List<DerivedIndexes> indexes = new java.util.ArrayList<>(MigrateRoundTripTest.APP_INDEXES);
        indexes.add(FTS_REBUILD);
        MigrationService service = new MigrationService(indexes);
        MigrationReport ab = service.run(MigrateRoundTripTest.options(a, b), Progress.silent());
        MigrationReport bc = service.run(MigrateRoundTripTest.options(b, c), Progress.silent());

        assertThat(ab.tables()).extracting(MigrationReport.TableReport::table).contains("t_docs")
                .noneMatch(t -> t.startsWith("t_docs_fts")).doesNotContain("databasechangelog", "pharos_migration");
        assertThat(bc.derivedIndexes()).contains("test full-text index");
        assertThat(MigrateRoundTripTest.checksums(bc)).isEqualTo(MigrateRoundTripTest.checksums(ab));
        for (String q : QUERIES) {
            List<String> inA = ids(a, "SELECT d.id FROM t_docs_fts f JOIN t_docs d ON d.rowid = f.rowid WHERE t_docs_fts MATCH ? ORDER BY d.id", q);
            List<String> inB = ids(b, "SELECT CAST(id AS text) FROM t_docs WHERE tsv @@ to_tsquery('simple', ?) ORDER BY id", q);
            List<String> inC = ids(c, "SELECT d.id FROM t_docs_fts f JOIN t_docs d ON d.rowid = f.rowid WHERE t_docs_fts MATCH ? ORDER BY d.id", q);
            assertThat(inA).as(q).isNotEmpty().isEqualTo(inB).isEqualTo(inC);
        }
    }

    /**
     * A library of schema v002 (before search: no chunks, no FTS5 tables): the search indexes are skipped,
     * with a note, instead of failing after every table was verified; in both directions.
     */
    @Test
    void a_library_without_the_search_tables_migrates_both_ways_and_search_is_skipped() throws Exception {
        String a = dbs.sqlite();
        try (Database db = Database.open(io.pharos.config.SettingsLoader.load(java.util.Map.of(), null, java.util.Map.of("DATABASE_URL", a)))) {
            new io.pharos.db.SchemaMigrator(db).upgradeTo("v002");
        }
        Library.exec(a, """
                INSERT INTO resources (id, title, created_at, updated_at) VALUES
                ('00000000-0000-0000-0000-000000000001', 'one', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
                ('00000000-0000-0000-0000-000000000002', 'two', '2026-01-02T00:00:00.000Z', '2026-01-02T00:00:00.000Z')""");
        String b = dbs.postgres();   // empty: brought to v002 by the migration
        String c = dbs.sqlite();     // a new file

        for (String[] pair : List.of(new String[] {a, b}, new String[] {b, c})) {
            MigrationReport r = MigrateRoundTripTest.migrate(MigrateRoundTripTest.options(pair[0], pair[1]));
            assertThat(r.ok()).isTrue();
            assertThat(r.schemaVersion()).isEqualTo("v002");
            assertThat(r.derivedIndexes()).isEmpty();
            assertThat(r.notes()).anyMatch(n -> n.startsWith("search indexes") && n.contains("skipped") && n.contains("chunks"));
            assertThat(r.tables()).extracting(MigrationReport.TableReport::table).contains("resources").doesNotContain("chunks");
        }
        assertThat(Library.count(c, "resources")).isEqualTo(2);
    }

    private static List<String> ids(String url, String sql, String q) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = Library.connect(url); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, q);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
