package io.pharos.backup;

import io.pharos.db.Database;
import io.pharos.db.postgres.Postgres;
import io.pharos.db.sqlite.Sqlite;

import java.nio.file.Path;

/**
 * The per-database part of backups (from {@link #forDatabase}): how to write a consistent copy while
 * the server keeps writing, how to check a copy is restorable, and how to load one. Naming, retention and
 * the refusal to overwrite data live in {@code io.pharos.backup}.
 */
public interface Backups {

    /**
     * How {@code database} is backed up and restored; {@code toolDir} is where external programs live
     * (pg_dump, pg_restore), or null to search the PATH and the usual install locations.
     */
    static Backups forDatabase(Database database, Path toolDir) {
        return switch (database.url().kind()) {
            case SQLITE -> Sqlite.backups(database);
            case POSTGRESQL -> Postgres.backups(database, toolDir);
        };
    }

    /** File name extension of this database's backups, without the dot ("dump", "db"). */
    String fileExtension();

    /** Writes a consistent backup of the whole library to {@code target} (which must not exist). */
    void backup(Path target);

    /** Checks {@code file} is a restorable backup; returns a one-line summary, throws {@link BackupFailedException} if not. */
    String verify(Path file);

    /** True when the database holds no tables, views or sequences of its own. */
    boolean isEmpty();

    /** Loads {@code file} into the database; with {@code replace}, objects the backup holds are dropped first. */
    void restore(Path file, boolean replace);
}
