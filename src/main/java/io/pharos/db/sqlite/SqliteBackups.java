package io.pharos.db.sqlite;

import io.pharos.backup.BackupFailedException;
import io.pharos.backup.Backups;
import io.pharos.db.Database;
import org.sqlite.SQLiteConnection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * SQLite backups: {@code VACUUM INTO} on a reader connection. In WAL mode that one statement reads one
 * snapshot, so the copy is consistent while the server keeps writing, and it does not block the writer.
 * Restore uses SQLite's online backup API on the write connection (under the write lock).
 */
final class SqliteBackups implements Backups {
    private final Database database;

    SqliteBackups(Database database) {
        this.database = database;
    }

    @Override public String fileExtension() { return "db"; }

    @Override
    public void backup(Path target) {
        try {
            database.read(h -> h.execute("VACUUM INTO ?", target.toAbsolutePath().toString()));
        } catch (RuntimeException e) {
            throw new BackupFailedException("SQLite backup to " + target + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String verify(Path file) {
        if (!Files.isRegularFile(file)) throw new BackupFailedException("no backup file at " + file);
        try (Connection c = openReadOnly(file); Statement s = c.createStatement()) {
            List<String> problems = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) problems.add(rs.getString(1));
            }
            if (!problems.equals(List.of("ok"))) {
                throw new BackupFailedException("backup " + file + " fails PRAGMA integrity_check: " + String.join("; ", problems));
            }
            int tables;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
                rs.next();
                tables = rs.getInt(1);
            }
            if (tables == 0) throw new BackupFailedException("backup " + file + " holds no tables");
            return "PRAGMA integrity_check ok, " + tables + " tables";
        } catch (SQLException e) {
            throw new BackupFailedException(file + " is not a readable SQLite backup: " + e.getMessage(), e);
        }
    }

    /**
     * Opens {@code file} read-only. The path goes into a {@code file:} URI percent-encoded, so {@code ?},
     * {@code #} or {@code %} in a directory name stay part of the name instead of starting a query (which
     * would open, or create, another file).
     */
    private static Connection openReadOnly(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:file:" + file.toAbsolutePath().toUri().getRawPath() + "?mode=ro");
    }

    @Override
    public boolean isEmpty() {
        return database.read(h -> h.createQuery(
                "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'")
                .mapTo(Integer.class).one()) == 0;
    }

    @Override
    public void restore(Path file, boolean replace) {
        // the backup API replaces the whole database, so `replace` needs no separate step here
        database.withWriteConnection(c -> {
            int rc = c.unwrap(SQLiteConnection.class).getDatabase().restore("main", file.toAbsolutePath().toString(), null);
            if (rc != 0) throw new BackupFailedException("SQLite restore from " + file + " failed (SQLite result code " + rc + ")");
            return null;
        });
    }
}
