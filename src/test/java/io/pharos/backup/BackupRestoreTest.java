package io.pharos.backup;

import io.pharos.testing.Cli;
import static io.pharos.testing.Cli.run;
import io.pharos.db.Database;
import io.pharos.testing.Api;
import io.pharos.testing.TestDatabase;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backup while the server is inserting, then restore into a fresh database. Titles are numbered in the
 * order one sequential writer commits them, so the rows a consistent snapshot holds are exactly the
 * first k: the restored set must be such a prefix, with k between the counts seen just before and
 * just after the backup, and equal (checksum) to the first k rows of the source.
 */
class BackupRestoreTest {
    static final int SEEDED = 3000;

    @RegisterExtension
    static final TestServer server = new TestServer();

    @RegisterExtension
    static final TestDatabase target = new TestDatabase();

    @RegisterExtension
    static final TestDatabase other = new TestDatabase();

    @TempDir
    Path backups;



    static String title(int n) {
        return "r-%07d".formatted(n);
    }

    private static void seed(Database db) {
        String content = "lorem ipsum ".repeat(150);
        db.write(h -> {
            var batch = h.prepareBatch("INSERT INTO resources (id, title, content, created_at, updated_at) VALUES (:id, :title, :content, :t, :t)");
            Instant t = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 1; i <= SEEDED; i++) {
                batch.bind("id", UUID.randomUUID()).bind("title", title(i)).bind("content", content + i)
                        .bind("t", t.plusMillis(i)).add();
            }
            batch.execute();
            return null;
        });
    }

    private static long count(Database db) {
        return db.read(h -> h.createQuery("SELECT count(*) FROM resources").mapTo(Long.class).one());
    }

    /** SHA-256 over every column that matters of the rows whose title is at most {@code title(k)}, in title order. */
    private static String checksum(Database db, int k) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        db.read(h -> h.createQuery("""
                        SELECT id, title, content, created_at, version FROM resources WHERE title <= :last ORDER BY title""")
                .bind("last", title(k))
                .map((rs, ctx) -> rs.getString("id") + "|" + rs.getString("title") + "|" + rs.getString("content") + "|"
                        + ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "created_at", ctx) + "|" + rs.getLong("version"))
                .list())
                .forEach(row -> sha.update((row + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Waits until the writer has written up to {@code target}; fails at once if it failed, or after 60 s. */
    private static void awaitWrites(AtomicInteger written, long target, CompletableFuture<Void> writer) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (written.get() < target) {
            if (writer.isDone()) writer.get();   // rethrows the writer's failure
            assertThat(System.nanoTime()).as("writer reached " + target + " in time (at " + written.get() + ")").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void a_backup_taken_while_the_server_inserts_restores_a_consistent_snapshot() throws Exception {
        Database source = server.pharos().library().database();
        seed(source);
        Api api = server.api();
        AtomicInteger next = new AtomicInteger(SEEDED);
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            while (!stop.get()) {
                int n = next.get() + 1;
                var r = api.post("/api/v1/resources", "{\"title\":\"" + title(n) + "\"}");
                if (r.status() != 201) throw new AssertionError(r.status() + " " + r.body());
                next.set(n);
            }
        });
        awaitWrites(next, SEEDED + 20, writer);

        long before = count(source);
        Cli.Run backup = run("backup", "--database-url", server.database().url(), "--to", backups.toString());
        long after = count(source);
        awaitWrites(next, after + 20, writer);   // the writer keeps going past the backup
        stop.set(true);
        writer.get();
        assertThat(backup.exit()).as(backup.err()).isZero();
        assertThat(backup.out()).contains("backup written:", "verified:");

        List<Path> files = backupsIn(backups);
        assertThat(files).hasSize(1);
        Path file = files.getFirst();
        assertThat(file.getFileName().toString()).matches("pharos-\\d{8}T\\d{6}Z\\.(dump|db)");

        Cli.Run restore = run("restore", file.toString(), "--to", target.url());
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("restored", "schema v");

        try (Database restored = Database.open(target.settings())) {
            List<String> titles = restored.read(h -> h.createQuery("SELECT title FROM resources ORDER BY title").mapTo(String.class).list());
            int k = titles.size();
            assertThat((long) k).as("rows in the backup vs. rows committed just before / after it").isBetween(before, after);
            assertThat(titles).as("a prefix of the commit order: no gaps").isEqualTo(
                    java.util.stream.IntStream.rangeClosed(1, k).mapToObj(BackupRestoreTest::title).toList());
            assertThat(checksum(restored, k)).isEqualTo(checksum(source, k));
            assertThat(count(source)).as("the source moved on after the backup").isGreaterThan(k);
        }
    }

    @Test
    void restore_refuses_a_non_empty_database_unless_forced() throws Exception {
        long backedUp = count(server.pharos().library().database());
        Cli.Run backup = run("backup", "--database-url", server.database().url(), "--to", backups.toString());
        assertThat(backup.exit()).as(backup.err()).isZero();
        Path file = backupsIn(backups).getFirst();

        Cli.Run refused = run("restore", file.toString(), "--to", server.database().url());
        assertThat(refused.exit()).as("backup/restore failed").isEqualTo(4);
        assertThat(refused.err()).contains("not empty", "--force");

        assertThat(run("restore", file.toString(), "--to", other.url()).exit()).isZero();
        try (Database db = Database.open(other.settings())) {
            db.write(h -> h.execute("INSERT INTO resources (id, title, created_at, updated_at) VALUES (?, 'extra', ?, ?)",
                    UUID.randomUUID(), Instant.now(), Instant.now()));
            assertThat(count(db)).isEqualTo(backedUp + 1);
        }
        assertThat(run("restore", file.toString(), "--to", other.url()).exit()).as("refused again").isEqualTo(4);
        Cli.Run forced = run("restore", file.toString(), "--to", other.url(), "--force");
        assertThat(forced.exit()).as(forced.err()).isZero();
        try (Database db = Database.open(other.settings())) {
            assertThat(count(db)).isEqualTo(backedUp);
        }
    }

    /** The backups in {@code dir}, not the manifest beside them. */
    /**
     * The backups in {@code dir}: their content files. In the split run each has its configuration part's
     * file named with it ({@code .config.db}), checked here and not listed.
     */
    private static List<Path> backupsIn(Path dir) throws Exception {
        List<Path> all;
        try (var files = Files.list(dir)) {
            all = files.filter(p -> !p.getFileName().toString().equals(BackupFiles.MANIFEST)).sorted().toList();
        }
        List<Path> content = all.stream().filter(p -> !p.getFileName().toString().endsWith(".config.db")).toList();
        if (TestDatabase.isSplit()) {
            assertThat(all).as("each content backup with its configuration part's file").hasSize(2 * content.size());
            content.forEach(c -> assertThat(BackupFiles.configurationFileOf(c)).exists());
        }
        return content;
    }

    @Test
    void retention_deletes_only_old_backups_this_command_wrote() throws Exception {
        Instant now = Instant.now();
        String old = BackupFiles.STAMP.format(now.minus(10, ChronoUnit.DAYS));
        String recent = BackupFiles.STAMP.format(now.minus(1, ChronoUnit.DAYS));
        // two real backups taken ten days ago, and one yesterday: the command wrote them, its manifest says so
        Database source = server.pharos().library().database();
        var tenDaysAgo = new BackupService(source, null, java.time.Clock.fixed(now.minus(10, ChronoUnit.DAYS), java.time.ZoneOffset.UTC));
        List<Path> ours = List.of(tenDaysAgo.backup(backups, null).file(), tenDaysAgo.backup(backups, null).file());
        Path yesterday = new BackupService(source, null, java.time.Clock.fixed(now.minus(1, ChronoUnit.DAYS), java.time.ZoneOffset.UTC))
                .backup(backups, null).file();
        // files that only look like ours (copied in, written by hand) are never deleted, however old their names
        List<String> kept = List.of("pharos-" + recent + ".db", "pharos-" + recent + ".dump", "notes.txt", "pharos-important.db",
                "other-" + old + ".db", "pharos-" + old + ".db.bak", "." + "pharos-" + old + ".db.partial",
                "pharos-" + old + "-7.db", "pharos-" + old + "-7.dump");
        for (String name : kept) Files.writeString(backups.resolve(name), "keep");
        Files.setLastModifiedTime(backups.resolve("notes.txt"), java.nio.file.attribute.FileTime.from(now.minus(400, ChronoUnit.DAYS)));

        Cli.Run r = run("backup", "--database-url", server.database().url(), "--to", backups.toString(), "--keep-days", "7");
        assertThat(r.exit()).as(r.err()).isZero();
        for (Path f : ours) {
            assertThat(f).doesNotExist();
            assertThat(r.out()).contains("deleted old backup: " + f);
        }
        for (String name : kept) assertThat(backups.resolve(name)).exists();
        assertThat(yesterday).exists();
        assertThat(Files.list(backups).filter(p -> BackupFiles.takenAt(p).isPresent()
                && BackupFiles.takenAt(p).get().isAfter(now.minusSeconds(120)))).hasSize(TestDatabase.isSplit() ? 2 : 1);
    }

    @Test
    void a_backup_directory_with_uri_characters_in_its_name_works_and_nothing_is_written_beside_it() throws Exception {
        Path parent = Files.createDirectory(backups.resolve("parent"));
        Path odd = parent.resolve("we?ird#dir%41 &x");
        Cli.Run r = run("backup", "--database-url", server.database().url(), "--to", odd.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        try (var beside = Files.list(parent)) {
            assertThat(beside.toList()).as("only the target directory in its parent").containsExactly(odd);
        }
        List<Path> files = backupsIn(odd);
        assertThat(files).hasSize(1);
        Cli.Run restored = run("restore", files.getFirst().toString(), "--to", other.url(), "--force");
        assertThat(restored.exit()).as(restored.err()).isZero();
        try (var beside = Files.list(parent)) {
            assertThat(beside.toList()).containsExactly(odd);
        }
    }

    @Test
    void help_describes_backup_and_restore() {
        assertThat(run("--help").out()).contains("backup", "restore");
        assertThat(run("backup", "--help").out()).contains("--to", "--keep-days", "--pg-bin", "--database-url");
        assertThat(run("restore", "--help").out()).contains("FILE", "--to", "--force");
        Cli.Run negative = run("backup", "--database-url", server.database().url(), "--to", backups.toString(), "--keep-days", "-1");
        assertThat(negative.exit()).isEqualTo(2);
        assertThat(negative.err()).contains("--keep-days");
    }

    @Test
    void a_backup_of_the_wrong_kind_is_refused_before_touching_the_target() throws Exception {
        Path wrong = backups.resolve(TestDatabase.isPostgres() ? "pharos-20260101T000000Z.db" : "pharos-20260101T000000Z.dump");
        Files.writeString(wrong, "not a backup");
        Cli.Run r = run("restore", wrong.toString(), "--to", other.url(), "--force");
        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.err()).contains("not a backup of this kind");
    }

    @Test
    void a_corrupt_backup_fails_verification() throws Exception {
        Path corrupt = backups.resolve(TestDatabase.isPostgres() ? "pharos-20260101T000000Z.dump" : "pharos-20260101T000000Z.db");
        Files.writeString(corrupt, "garbage ".repeat(100));
        Cli.Run r = run("restore", corrupt.toString(), "--to", other.url(), "--force");
        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.err()).containsAnyOf("pg_restore --list cannot read", "not a readable SQLite backup", "integrity_check");
    }
}
