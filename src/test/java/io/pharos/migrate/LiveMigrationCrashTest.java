package io.pharos.migrate;

import io.pharos.Pharos;
import io.pharos.migrate.live.LiveState;
import io.pharos.testing.Api;
import io.pharos.testing.Cli;
import io.pharos.testing.ScratchDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live migration run as a child JVM ({@code pharos migrate --live}) killed with SIGKILL during the
 * snapshot, during replay and inside the cut-over's write hold, SQLite → PostgreSQL and PostgreSQL → SQLite:
 * the source keeps serving (writes resume by themselves once the hold's lease runs out), and {@code --resume}
 * finishes with the same result as an uninterrupted run. {@code --abort} leaves the source without any capture object. (PostgreSQL run only.)
 */
@Tag("postgresql-only")
@Tag("own-databases")   // builds its own databases whatever the run: once, in the postgresql run
class LiveMigrationCrashTest {
    @RegisterExtension
    static final ScratchDatabases dbs = new ScratchDatabases();

    @Test
    void killed_during_snapshot_replay_and_cutover_then_resumed_moves_every_acknowledged_write() throws Exception {
        String a = dbs.sqlite();
        String b = dbs.postgres();
        try (Pharos server = LiveMigrationTest.start(a, dbs.dir())) {
            Api api = new Api(server.port());
            List<String> collections = new ArrayList<>();
            List<String> seeded = LiveMigrationTest.seed(server, api, 2000, collections, dbs.dir());
            LiveWriter w;
            MigrationReport done;
            try (LiveWriter writer = new LiveWriter(api, seeded, collections)) {
                w = writer;
                Process snapshot = child(a, b, "snapshot", false, "--cutover-when-caught-up", "--batch-size", "100", "--batch-delay-ms", "40");
                killWhen(snapshot, () -> copied(b, "resources") >= 500);
                assertWritesAccepted(w);

                Process replay = child(a, b, "replay", true, "--batch-size", "100");
                killWhen(replay, () -> phase(a) == LiveState.Phase.REPLAY);
                Thread.sleep(500);
                assertWritesAccepted(w);

                Process cutover = child(a, b, "cutover", true, "--cutover-when-caught-up", "--hold-delay-ms", "60000", "--hold-lease-ms", "2000");
                killWhen(cutover, () -> phase(a) == LiveState.Phase.CUTOVER);
                assertWritesAccepted(w);   // the lease ran out: the source takes writes again
                assertThat(server.library().database().url().jdbcUrl()).contains("sqlite");

                done = io.pharos.Library.migration(io.pharos.config.SettingsLoader.load(java.util.Map.of(), null, java.util.Map.of()).search()).runLive(
                        new MigrateOptions(a, b, false, true, false, null, null, 500, MigrateOptions.OnError.ABORT, null, null, 0),
                        LiveOptions.run(true), Progress.silent(), s -> {});
                LiveMigrationTest.awaitServing(server, b);
                Thread.sleep(1000);
            }
            assertThat(w.violations).isEmpty();
            assertThat(done.tables()).isNotEmpty().allSatisfy(t -> assertThat(t.checksumMatch()).as(t.table() + " " + t.differences()).isTrue());
            for (var e : w.titles.entrySet()) {
                Api.Response r = api.get("/api/v1/resources/" + e.getKey());
                assertThat(r.status()).as("resource " + e.getKey()).isEqualTo(200);
                if (!e.getValue().equals("?")) assertThat(r.json().get("title").asText()).isEqualTo(e.getValue());
            }
            for (String id : w.deleted) assertThat(api.get("/api/v1/resources/" + id).status()).isEqualTo(404);
            assertThat(Library.one(b, "SELECT count(*) FROM resources")).isEqualTo(w.titles.size() + 2000 - seeded.size());
        }
    }

    @Test
    void a_postgresql_source_killed_during_snapshot_replay_and_the_hold_serves_writes_again_and_resumes_to_sqlite() throws Exception {
        String b = dbs.postgres();
        String c = dbs.sqlite();
        try (Pharos server = LiveMigrationTest.start(b, dbs.dir())) {
            Api api = new Api(server.port());
            List<String> collections = new ArrayList<>();
            List<String> seeded = LiveMigrationTest.seed(server, api, 300, collections, dbs.dir());
            LiveWriter w;
            try (LiveWriter writer = new LiveWriter(api, seeded, collections)) {
                w = writer;
                Process snapshot = child(b, c, "pg-snapshot", false, "--cutover-when-caught-up", "--batch-size", "25", "--batch-delay-ms", "40");
                killWhen(snapshot, () -> copied(c, "resources") >= 100);
                assertWritesAccepted(w);

                Process replay = child(b, c, "pg-replay", true, "--batch-size", "25");
                killWhen(replay, () -> phase(b) == LiveState.Phase.REPLAY);
                Thread.sleep(500);
                assertWritesAccepted(w);

                Process cutover = child(b, c, "pg-cutover", true, "--cutover-when-caught-up", "--hold-delay-ms", "60000", "--hold-lease-ms", "2000");
                killWhen(cutover, () -> phase(b) == LiveState.Phase.CUTOVER);
                assertWritesAccepted(w);   // PostgreSQL's clock ended the lease
                MigrationReport done = io.pharos.Library.migration(io.pharos.config.SettingsLoader.load(java.util.Map.of(), null, java.util.Map.of()).search()).runLive(
                        new MigrateOptions(b, c, false, true, false, null, null, 500, MigrateOptions.OnError.ABORT, null, null, 0),
                        LiveOptions.run(true), Progress.silent(), s -> {});
                assertThat(done.tables()).allSatisfy(t -> assertThat(t.checksumMatch()).as(t.table()).isTrue());
                LiveMigrationTest.awaitServing(server, c);
                assertWritesAccepted(w);
            }
            assertThat(w.violations).isEmpty();
            for (String id : w.deleted) assertThat(api.get("/api/v1/resources/" + id).status()).isEqualTo(404);
            assertThat(Library.one(c, "SELECT count(*) FROM resources")).isEqualTo(w.titles.size() + 300 - seeded.size());
        }
    }

    @Test
    void abort_removes_every_capture_object_and_the_source_keeps_serving() throws Exception {
        String a = dbs.sqlite();
        String b = dbs.postgres();
        try (Pharos server = LiveMigrationTest.start(a, dbs.dir())) {
            Api api = new Api(server.port());
            List<String> collections = new ArrayList<>();
            List<String> seeded = LiveMigrationTest.seed(server, api, 300, collections, dbs.dir());
            try (LiveWriter w = new LiveWriter(api, seeded, collections)) {
                Process replay = child(a, b, "abort", false, "--batch-size", "100");
                killWhen(replay, () -> phase(a) == LiveState.Phase.REPLAY);
                assertThat(captureObjects(a)).isNotEmpty();

                Cli.Run abort = Cli.run("migrate", "--live", "--abort", "--from", a);
                assertThat(abort.exit()).as(abort.err()).isZero();
                assertThat(captureObjects(a)).isEmpty();
                assertWritesAccepted(w);
                assertThat(w.violations).isEmpty();
            }
            Cli.Run again = Cli.run("migrate", "--live", "--abort", "--from", a);
            assertThat(again.exit()).isZero();
            assertThat(again.out()).contains("nothing left to remove");
        }
    }

    /** Writes are acknowledged again within a few seconds (the writer retries 503s meanwhile). */
    private static void assertWritesAccepted(LiveWriter w) throws Exception {
        long before = w.acknowledged.get();
        waitFor(() -> w.acknowledged.get() >= before + 5, Duration.ofSeconds(15));
    }

    private static List<String> captureObjects(String sqliteUrl) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = Library.connect(sqliteUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE name LIKE 'pharos_live%'")) {
            while (rs.next()) names.add(rs.getString(1));
        }
        return names;
    }

    private static LiveState.Phase phase(String url) {
        try (Connection c = Library.connect(url)) {
            LiveState st = LiveState.read(c);
            return st == null ? null : st.phase();
        } catch (SQLException e) {
            return null;
        }
    }

    private static long copied(String target, String table) {
        try {
            return Library.one(target, "SELECT coalesce(sum(copied), 0) FROM pharos_migration WHERE table_name = '" + table + "'");
        } catch (SQLException e) {
            return 0;
        }
    }

    private static Process child(String from, String to, String name, boolean resume, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.pharos.cli.Main", "migrate", "--live",
                "--from", from, "--to", to));
        if (resume) cmd.add("--resume");
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dbs.dir().resolve(name + ".log").toFile()).start();
    }

    private static void killWhen(Process p, MigrateResumeTestCondition c) throws Exception {
        waitFor(() -> {
            if (!p.isAlive()) throw new AssertionError("the migration ended before it could be killed; exit " + p.exitValue());
            return c.holds();
        }, Duration.ofSeconds(120));
        p.destroyForcibly();   // SIGKILL: no shutdown hook, no cleanup
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(137);
    }

    interface MigrateResumeTestCondition {
        boolean holds() throws Exception;
    }

    private static void waitFor(MigrateResumeTestCondition c, Duration max) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        while (!c.holds()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out after " + max);
            Thread.sleep(20);
        }
    }
}
