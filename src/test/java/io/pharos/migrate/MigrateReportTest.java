package io.pharos.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.db.Database;
import io.pharos.testing.ScratchDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code --report} is written for every run that ends, failed ones included, naming the step the run
 * stopped in: a refused source, a catalogue the plan refuses, a derived-index rebuild that fails after
 * every table was verified; in both directions; and a live run ({@code --live}) that fails the same way.
 */
@Tag("postgresql-only")
@Tag("own-databases")   // builds its own databases whatever the run: once, in the postgresql run
class MigrateReportTest {
    @RegisterExtension
    static final ScratchDatabases dbs = new ScratchDatabases();

    private static Path reportFile() {
        return dbs.dir().resolve("report-" + UUID.randomUUID().toString().substring(0, 8) + ".json");
    }

    private static MigrateOptions withReport(String from, String to, Path report) {
        return new MigrateOptions(from, to, false, false, false, null, null, 97, MigrateOptions.OnError.ABORT, null, report, 0);
    }

    private static JsonNode failedReport(Path file, String step, String error) throws Exception {
        JsonNode report = new ObjectMapper().readTree(file.toFile());
        assertThat(report.get("ok").asBoolean()).isFalse();
        assertThat(report.get("failed_step").asText()).isEqualTo(step);
        assertThat(report.get("error").asText()).contains(error);
        return report;
    }

    @Test
    void a_refused_source_is_reported_both_ways() throws Exception {
        // SQLite → PostgreSQL: a file that is not a Pharos library, and a file that does not exist
        String foreign = dbs.sqlite();
        Library.exec(foreign, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
        Path r1 = reportFile();
        assertThatThrownBy(() -> MigrateRoundTripTest.migrate(withReport(foreign, dbs.postgres(), r1)))
                .isInstanceOf(MigrationException.class).hasMessageContaining("has no Pharos schema version");
        JsonNode report = failedReport(r1, "source", "has no Pharos schema version");
        assertThat(report.get("source").asText()).contains(foreign.substring("sqlite:".length()));
        assertThat(report.get("tables")).isEmpty();

        String missing = dbs.sqlite();
        Path r2 = reportFile();
        assertThatThrownBy(() -> MigrateRoundTripTest.migrate(withReport(missing, dbs.postgres(), r2)))
                .isInstanceOf(MigrationException.class).hasMessageContaining("does not exist");
        failedReport(r2, "source", "does not exist");

        // PostgreSQL → SQLite: an empty database, with the password masked in the report
        String empty = dbs.postgres();
        Path r3 = reportFile();
        assertThatThrownBy(() -> MigrateRoundTripTest.migrate(withReport(empty, dbs.sqlite(), r3)))
                .isInstanceOf(MigrationException.class).hasMessageContaining("has no Pharos schema version");
        JsonNode pg = failedReport(r3, "source", "has no Pharos schema version");
        String password = io.pharos.config.DatabaseUrl.parse(empty).password();
        if (password != null && !password.isEmpty()) assertThat(pg.toString()).doesNotContain(password);
    }

    static final String NO_KEY = "CREATE TABLE t_loose (a text NOT NULL, b text)";

    @Test
    void a_catalogue_refusal_is_reported_both_ways() throws Exception {
        String a = dbs.sqlite();
        String b = dbs.postgres();
        Library.create(a);
        Library.create(b);
        Library.populate(a, 5, 5, 31);
        Library.exec(a, NO_KEY);
        Library.exec(b, NO_KEY);
        Path r1 = reportFile();
        assertThatThrownBy(() -> MigrateRoundTripTest.migrate(withReport(a, b, r1)))
                .isInstanceOf(MigrationException.class).hasMessageContaining("'t_loose' has no primary key");
        failedReport(r1, "plan", "'t_loose' has no primary key");
        assertThat(Library.count(b, "resources")).isZero();   // refused before anything was written

        // the other way: a PostgreSQL library (migrated without the loose table) into an SQLite file that has it
        MigrationReport ab = MigrateRoundTripTest.migrate(new MigrateOptions(a, b, false, false, false, null, List.of("t_loose"), 97,
                MigrateOptions.OnError.ABORT, null, null, 0));
        assertThat(ab.ok()).isTrue();
        String c = dbs.sqlite();
        Library.create(c);
        Library.exec(c, NO_KEY.replace("text", "TEXT"));
        Path r2 = reportFile();
        assertThatThrownBy(() -> MigrateRoundTripTest.migrate(withReport(b, c, r2)))
                .isInstanceOf(MigrationException.class).hasMessageContaining("'t_loose' has no primary key");
        failedReport(r2, "plan", "'t_loose' has no primary key");
    }

    /** A feature's index that cannot be built on the target. */
    static final DerivedIndexes BROKEN = new DerivedIndexes() {
        @Override public String name() { return "broken test index"; }

        @Override public void rebuild(Database target) {
            throw new IllegalStateException("the test index cannot be built");
        }
    };

    @Test
    void a_failed_derived_index_rebuild_is_reported_after_every_table_verified_both_ways() throws Exception {
        String a = dbs.sqlite();
        String b = dbs.postgres();
        String c = dbs.sqlite();
        for (String url : List.of(a, b, c)) Library.create(url);
        Library.populate(a, 20, 20, 32);
        List<DerivedIndexes> indexes = new ArrayList<>(MigrateRoundTripTest.APP_INDEXES);
        indexes.add(BROKEN);
        MigrationService service = new MigrationService(indexes);

        for (String[] pair : List.of(new String[] {a, b}, new String[] {b, c})) {
            Path file = reportFile();
            // its own message, not a failed copy: every table verified, the index named, what to do next
            assertThatThrownBy(() -> service.run(withReport(pair[0], pair[1], file), Progress.silent()))
                    .isInstanceOf(MigrationException.class)
                    .hasMessageContaining("derived index 'broken test index' failed while rebuilding it on the target after every table was copied and verified")
                    .hasMessageContaining("the test index cannot be built")
                    .hasMessageContaining("--resume");
            JsonNode report = failedReport(file, "derived indexes", "the test index cannot be built");
            assertThat(report.get("tables")).isNotEmpty().allSatisfy(t -> assertThat(t.get("checksum_match").asBoolean()).isTrue());
            assertThat(report.get("derived_indexes").toString()).contains("search indexes").doesNotContain("broken test index");

            // as the message says: --resume (with an index that builds) re-validates and finishes the job
            MigrationReport resumed = MigrateRoundTripTest.migrate(new MigrateOptions(pair[0], pair[1], false, true, false, null, null, 97,
                    MigrateOptions.OnError.ABORT, null, null, 0));
            assertThat(resumed.ok()).isTrue();
            assertThat(resumed.derivedIndexes()).anyMatch(n -> n.startsWith("search indexes"));
        }
    }

    @Test
    void a_failed_live_run_is_reported_both_ways() throws Exception {
        // SQLite → PostgreSQL: a source file that does not exist
        String missing = dbs.sqlite();
        Path r1 = reportFile();
        assertThatThrownBy(() -> live(withReport(missing, dbs.postgres(), r1)))
                .isInstanceOf(MigrationException.class).hasMessageContaining("does not exist");
        failedReport(r1, "source", "does not exist");

        // PostgreSQL → SQLite: a database without a Pharos library; nothing was installed in it
        String empty = dbs.postgres();
        Path r2 = reportFile();
        assertThatThrownBy(() -> live(withReport(empty, dbs.sqlite(), r2)))
                .isInstanceOf(MigrationException.class).hasMessageContaining("has no Pharos schema version");
        JsonNode report = failedReport(r2, "source", "has no Pharos schema version");
        assertThat(report.get("tables")).isEmpty();
        assertThatThrownBy(() -> Library.count(empty, "pharos_live_state")).isInstanceOf(java.sql.SQLException.class);
    }

    private static MigrationReport live(MigrateOptions o) {
        return io.pharos.Library.migration(io.pharos.config.SettingsLoader.load(java.util.Map.of(), null, java.util.Map.of()).search())
                .runLive(o, LiveOptions.run(true), Progress.silent(), s -> {});
    }
}
