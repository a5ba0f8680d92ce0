package io.pharos.migrate;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Crashes: the migration runs in a child JVM ({@code io.pharos.cli.Main migrate}) that is killed with SIGKILL
 * at several points; {@code --resume} then finishes it: zero rows lost, zero duplicated, checksums equal.
 * A dropped connection mid-run is retried without losing or repeating a batch.
 */
@Tag("postgresql-only")
@Tag("own-databases")   // builds its own databases whatever the run: once, in the postgresql run
class MigrateResumeTest {
    @RegisterExtension
    static final ScratchDatabases dbs = new ScratchDatabases();

    @Test
    void killed_twice_with_sigkill_then_resumed_loses_and_duplicates_nothing() throws Exception {
        String a = dbs.sqlite();
        Library.create(a);
        Library.populate(a, 2000, 1500, 11);
        String b = dbs.postgres();
        Library.create(b);   // the project's schema plus the stand-in tables of later versions

        Process first = child(a, b, false, "first");
        killWhen(first, b, "resources", 600);
        assertCheckpointMatchesData(b, "resources");

        assertThatThrownBy(() -> MigrateRoundTripTest.migrate(MigrateRoundTripTest.options(a, b)))
                .hasMessageContaining("--resume");

        Process second = child(a, b, true, "second");
        killWhen(second, b, "t_nodes", 400);
        assertCheckpointMatchesData(b, "t_nodes");
        assertThat(Library.count(b, "resources")).isEqualTo(2000);

        MigrationReport done = MigrateRoundTripTest.migrate(resume(a, b));
        assertThat(done.tables()).allSatisfy(t -> {
            assertThat(t.checksumMatch()).isTrue();
            assertThat(t.migrated()).isEqualTo(t.sourceRows());
        });
        assertThat(Library.count(b, "resources")).isEqualTo(2000);
        assertThat(Library.count(b, "t_nodes")).isEqualTo(1500);
        assertThat(Library.one(b, "SELECT count(DISTINCT id) FROM t_nodes")).isEqualTo(1500);
    }

    @Test
    void postgresql_to_sqlite_killed_mid_table_resumes_to_equal_checksums() throws Exception {
        String a = dbs.sqlite();
        Library.create(a);
        Library.populate(a, 1500, 200, 12);
        String b = dbs.postgres();
        Library.create(b);
        MigrationReport ab = MigrateRoundTripTest.migrate(MigrateRoundTripTest.options(a, b));
        String c = dbs.sqlite();
        Library.create(c);

        Process p = child(b, c, false, "pg-to-sqlite");
        killWhen(p, c, "resources", 500);
        assertCheckpointMatchesData(c, "resources");

        MigrationReport done = MigrateRoundTripTest.migrate(resume(b, c));
        assertThat(MigrateRoundTripTest.checksums(done)).isEqualTo(MigrateRoundTripTest.checksums(ab));
        assertThat(Library.count(c, "resources")).isEqualTo(1500);
    }

    @Test
    void a_dropped_target_connection_is_retried_without_losing_or_repeating_a_batch() throws Exception {
        String a = dbs.sqlite();
        Library.create(a);
        Library.populate(a, 1500, 100, 13);
        String b = dbs.postgres();
        Library.create(b);
        String database = b.replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1");

        CompletableFuture<MigrationReport> run = CompletableFuture.supplyAsync(() -> MigrateRoundTripTest.migrate(
                new MigrateOptions(a, b, false, false, false, null, null, 50, MigrateOptions.OnError.ABORT, null, null, 20)));
        waitFor(() -> copied(b, "resources") >= 300, Duration.ofSeconds(60));
        int terminated;
        try (Connection admin = Library.connect(System.getenv("TEST_DATABASE_URL")); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '" + database + "'")) {
            rs.next();
            terminated = rs.getInt(1);
        }
        assertThat(terminated).isPositive();
        MigrationReport done = run.get(120, TimeUnit.SECONDS);
        assertThat(done.tables()).allSatisfy(t -> assertThat(t.checksumMatch()).isTrue());
        assertThat(Library.count(b, "resources")).isEqualTo(1500);
    }

    private static MigrateOptions resume(String from, String to) {
        return new MigrateOptions(from, to, false, true, false, null, null, 100, MigrateOptions.OnError.ABORT, null, null, 0);
    }

    /** {@code pharos migrate} in a child JVM, slowed down so that it can be killed mid-table. */
    private static Process child(String from, String to, boolean resume, String name) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.pharos.cli.Main", "migrate",
                "--from", from, "--to", to, "--batch-size", "100", "--batch-delay-ms", "40"));
        if (resume) cmd.add("--resume");
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dbs.dir().resolve(name + ".log").toFile()).start();
    }

    private static void killWhen(Process p, String target, String table, long rows) throws Exception {
        waitFor(() -> {
            if (!p.isAlive()) throw new AssertionError("the migration ended before it could be killed; exit " + p.exitValue());
            return copied(target, table) >= rows;
        }, Duration.ofSeconds(90));
        p.destroyForcibly();   // SIGKILL: no shutdown hook, no rollback, no cleanup
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(137);
    }

    /** The checkpoint committed with each batch says exactly how many rows the target holds. */
    private static void assertCheckpointMatchesData(String target, String table) throws Exception {
        long recorded = copied(target, table);
        assertThat(recorded).isPositive();
        assertThat(Library.count(target, table)).isEqualTo(recorded);
    }

    private static long copied(String target, String table) {
        try {
            return Library.one(target, "SELECT coalesce(sum(copied), 0) FROM pharos_migration WHERE table_name = '" + table + "'");
        } catch (SQLException e) {
            return 0;   // not created yet
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition c, Duration max) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        while (!c.holds()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out after " + max);
            Thread.sleep(20);
        }
    }
}
