package io.pharos.migrate;

import io.pharos.config.DatabaseUrl;
import io.pharos.testing.ScratchDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An offline migration only reads its source: an SQLite source keeps every byte, its modification time and
 * its directory listing (no {@code -wal}, {@code -shm} or {@code -journal} file appears or goes) through dry
 * runs and migrations, whatever its journal mode; a source on read-only storage migrates; a PostgreSQL
 * source that refuses every write (a read-only database, like a standby) migrates.
 */
@Tag("postgresql-only")
@Tag("own-databases")   // builds its own databases whatever the run: once, in the postgresql run
class MigrateReadOnlySourceTest {
    @RegisterExtension
    static final ScratchDatabases dbs = new ScratchDatabases();

    /** What must not change: the file's bytes and mtime, and the names of the files in its directory. */
    record Snapshot(String sha256, long mtimeMillis, List<String> directory) {
        static Snapshot of(Path file) throws Exception {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            try (Stream<Path> files = Files.list(file.getParent())) {
                return new Snapshot(HexFormat.of().formatHex(digest), Files.getLastModifiedTime(file).toMillis(),
                        files.map(p -> p.getFileName().toString()).sorted().toList());
            }
        }
    }

    /** An SQLite library in a directory of its own (so its directory listing shows side files). */
    private static String source(int resources) throws Exception {
        Path dir = Files.createDirectories(dbs.dir().resolve("source-" + UUID.randomUUID().toString().substring(0, 8)));
        String url = "sqlite:" + dir.resolve("library.db");
        Library.create(url);
        Library.populate(url, resources, 40, 21);
        return url;
    }

    private static Path file(String url) {
        return DatabaseUrl.parse(url).sqliteFile();
    }

    private static MigrateOptions dryRun(String from, String to) {
        return new MigrateOptions(from, to, true, false, false, null, null, 1000, MigrateOptions.OnError.ABORT, null, null, 0);
    }

    private static void assertComplete(MigrationReport report) {
        assertThat(report.ok()).isTrue();
        assertThat(report.tables()).allSatisfy(t -> {
            assertThat(t.checksumMatch()).isTrue();
            assertThat(t.migrated()).isEqualTo(t.sourceRows());
        });
    }

    @Test
    void a_wal_mode_source_is_byte_identical_after_dry_runs_and_migrations_both_ways() throws Exception {
        String a = source(60);
        Path file = file(a);
        // a library Pharos wrote and closed: WAL mode, no -wal or -shm file (the immutable read path)
        assertThat(Files.readAllBytes(file)[18]).isEqualTo((byte) 2);
        Snapshot before = Snapshot.of(file);
        assertThat(before.directory()).containsExactly("library.db");

        migrate(dryRun(a, dbs.postgres()));
        assertThat(Snapshot.of(file)).isEqualTo(before);
        migrate(dryRun(a, dbs.sqlite()));
        assertThat(Snapshot.of(file)).isEqualTo(before);

        String b = dbs.postgres();
        Library.create(b);
        MigrationReport ab = migrate(MigrateRoundTripTest.options(a, b));
        assertComplete(ab);
        assertThat(Snapshot.of(file)).isEqualTo(before);

        // and back: the migrated PostgreSQL library into a new SQLite file holds the same data
        String c = dbs.sqlite();
        Library.create(c);
        MigrationReport ba = migrate(MigrateRoundTripTest.options(b, c));
        assertComplete(ba);
        assertThat(MigrateRoundTripTest.checksums(ba)).isEqualTo(MigrateRoundTripTest.checksums(ab));
        assertThat(Snapshot.of(file)).isEqualTo(before);
    }

    @Test
    void a_rollback_journal_source_stays_in_its_journal_mode_and_unchanged() throws Exception {
        String a = source(30);
        Library.exec(a, "PRAGMA journal_mode = DELETE");
        Path file = file(a);
        assertThat(Files.readAllBytes(file)[18]).isEqualTo((byte) 1);   // legacy (rollback journal) format
        Snapshot before = Snapshot.of(file);

        migrate(dryRun(a, dbs.postgres()));
        assertThat(Snapshot.of(file)).isEqualTo(before);
        String b = dbs.postgres();
        Library.create(b);
        assertComplete(migrate(MigrateRoundTripTest.options(a, b)));
        String c = dbs.sqlite();
        Library.create(c);
        assertComplete(migrate(MigrateRoundTripTest.options(a, c)));

        assertThat(Snapshot.of(file)).isEqualTo(before);
        assertThat(Files.readAllBytes(file)[18]).isEqualTo((byte) 1);   // not switched to WAL
    }

    /**
     * A backup on read-only media: the file is chmod 444 and its directory 555, so neither the file nor a
     * side file can be written. Tests may run as root, for whom permission bits stop nothing: then the file
     * and the directory are also made immutable with {@code chattr +i} where the file system allows it, and
     * in every case the file's bytes, mtime and directory listing are checked unchanged afterwards.
     */
    @Test
    void a_chmod_444_source_in_a_read_only_directory_migrates() throws Exception {
        String a = source(40);
        Path file = file(a);
        Path dir = file.getParent();
        Snapshot before = Snapshot.of(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        boolean privileged = Files.isWritable(file);   // root: the permission bits stop nothing
        boolean fileImmutable = privileged && chattr("+i", file);
        boolean dirImmutable = privileged && chattr("+i", dir);
        try {
            if (fileImmutable) {   // really protected: not even root may write it now
                assertThatThrownBy(() -> Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND).close())
                        .isInstanceOf(java.io.IOException.class);
            }
            migrate(dryRun(a, dbs.postgres()));
            String b = dbs.postgres();
            Library.create(b);
            assertComplete(migrate(MigrateRoundTripTest.options(a, b)));
            assertThat(Library.count(b, "resources")).isEqualTo(40);
        } finally {
            if (dirImmutable) chattr("-i", dir);
            if (fileImmutable) chattr("-i", file);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
        assertThat(Snapshot.of(file)).isEqualTo(before);
    }

    /** Rows still in the write-ahead log (a writer holds the file open): read, not skipped by an immutable open. */
    @Test
    void rows_still_in_the_wal_file_are_migrated() throws Exception {
        String a = source(20);
        Path file = file(a);
        try (Connection writer = Library.connect(a); Statement s = writer.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint = 0");   // keep the rows below in the -wal file
            s.execute("""
                    INSERT INTO t_counter (label) SELECT 'in the wal ' || value FROM json_each('[1,2,3,4,5,6,7]')""");
            assertThat(Files.size(file.resolveSibling("library.db-wal"))).isPositive();
            Snapshot before = Snapshot.of(file);

            String b = dbs.postgres();
            Library.create(b);
            assertComplete(migrate(MigrateRoundTripTest.options(a, b)));
            assertThat(Library.count(b, "t_counter")).isEqualTo(57);
            assertThat(Snapshot.of(file)).isEqualTo(before);   // not checkpointed by the migration
        }
    }

    /** The other direction: a PostgreSQL source whose every transaction is read-only still migrates. */
    @Test
    void a_read_only_postgresql_source_migrates_to_sqlite() throws Exception {
        String a = source(30);
        String b = dbs.postgres();
        Library.create(b);
        MigrationReport ab = migrate(MigrateRoundTripTest.options(a, b));
        String name = b.substring(b.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
        Library.exec(b, "ALTER DATABASE " + name + " SET default_transaction_read_only = on");

        String c = dbs.sqlite();
        Library.create(c);
        MigrationReport bc = migrate(MigrateRoundTripTest.options(b, c));
        assertComplete(bc);
        assertThat(MigrateRoundTripTest.checksums(bc)).isEqualTo(MigrateRoundTripTest.checksums(ab));
    }

    private static MigrationReport migrate(MigrateOptions o) {
        return MigrateRoundTripTest.migrate(o);
    }

    /** {@code chattr} on {@code path}; false where it is not available or not permitted. */
    private static boolean chattr(String flag, Path path) {
        try {
            Process p = new ProcessBuilder("chattr", flag, path.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
