package io.pharos.backup;

import io.pharos.db.Database;
import io.pharos.db.SchemaMigrator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code pharos backup} and {@code pharos restore}: a verified, UTC-stamped backup file with retention,
 * and a restore into an empty database (or over a non-empty one when forced).
 */
public final class BackupService {
    private static final Logger log = LoggerFactory.getLogger(BackupService.class);

    private final Database database;
    private final Backups backups;
    private final Clock clock;

    public BackupService(Database database, Path toolDir, Clock clock) {
        this.database = database;
        this.backups = Backups.forDatabase(database, toolDir);
        this.clock = clock;
    }

    public record BackupResult(Path file, long bytes, String verification, List<Path> deleted) {}

    public record RestoreResult(Path file, String verification, String schemaVersion, int pendingChangesets) {}

    /**
     * Writes a backup into {@code dir} (created if missing), verifies it, then, when {@code keepDays} is
     * given, deletes our backups older than that many days. An unverifiable backup is deleted, never kept.
     */
    public BackupResult backup(Path dir, Integer keepDays) {
        Instant now = clock.instant();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BackupFailedException("cannot create the backup directory " + dir + ": " + e.getMessage(), e);
        }
        Path file = BackupFiles.newName(dir, now, backups.fileExtension());
        return write(file, keepDays == null ? null : Duration.ofDays(keepDays), now);
    }

    /** The configuration part's backup file named with a split deployment's content part's {@code content} file. */
    public static Path configurationFileOf(Path content) {
        return BackupFiles.configurationFileOf(content);
    }

    /**
     * Writes the configuration part's backup of a split deployment beside its content part's {@code content}
     * file ({@link BackupFiles#configurationFileOf}), verified the same way.
     */
    public BackupResult backupBeside(Path content) {
        return write(BackupFiles.configurationFileOf(content), null, clock.instant());
    }

    private BackupResult write(Path file, Duration keep, Instant now) {
        Path dir = file.getParent();
        Path partial = file.resolveSibling("." + file.getFileName() + ".partial");
        try {
            Files.deleteIfExists(partial);
            backups.backup(partial);
            String verification = backups.verify(partial);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            BackupFiles.record(file);
            List<Path> deleted = keep == null ? List.of() : BackupFiles.deleteOlderThan(dir, keep, now, file);
            long bytes = Files.size(file);
            log.info("backup {} written ({} bytes, {}); {} old backups deleted", file, bytes, verification, deleted.size());
            return new BackupResult(file, bytes, verification, deleted);
        } catch (IOException | UncheckedIOException e) {
            throw new BackupFailedException("backup to " + file + " failed: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // best effort: a leftover .partial file never matches the backup name pattern
            }
        }
    }

    /**
     * Checks that {@code file} is a backup of this kind of database and verifies it, touching no database
     * (a split deployment's restore checks both of its files before restoring either); what it verified.
     */
    public String check(Path file) {
        String ext = backups.fileExtension();
        if (!file.getFileName().toString().endsWith("." + ext)) {
            throw new BackupFailedException(file + " is not a backup of this kind of database (expected a ." + ext + " file for "
                    + database.dialect().name() + ")");
        }
        return backups.verify(file);
    }

    /**
     * Loads {@code file} into this database. Refuses a database that holds tables unless {@code force}
     * (then the objects the backup holds are replaced). The backup is verified first.
     */
    public RestoreResult restore(Path file, boolean force) {
        String verification = check(file);
        if (!force && !backups.isEmpty()) {
            throw new BackupFailedException("the target database " + database.url().masked()
                    + " is not empty; restore into an empty database, or add --force to replace its contents");
        }
        backups.restore(file, force);
        SchemaMigrator.Status status = new SchemaMigrator(database).status();
        log.info("restored {} into {} (schema {})", file, database.url().masked(), status.currentVersion());
        return new RestoreResult(file, verification, status.currentVersion(), status.pending().size());
    }
}
