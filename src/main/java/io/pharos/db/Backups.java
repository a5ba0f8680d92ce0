package io.pharos.db;

import java.nio.file.Path;

/**
 * The per-database part of backups (from {@link Dialect#backups}): how to write a consistent copy while
 * the server keeps writing, how to check a copy is restorable, and how to load one. Naming, retention and
 * the refusal to overwrite data live in {@code io.pharos.backup}.
 */
public interface Backups {

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
