package io.pharos.cli;

import io.pharos.Library;
import io.pharos.config.Settings;
import io.pharos.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Write a verified backup of the library while the server keeps running: PostgreSQL with pg_dump "
                + "(custom format, .dump), SQLite with VACUUM INTO (.db). Files are named pharos-<UTC time>.<ext>."})
final class BackupCommand implements Runnable {
    @Mixin DatabaseOptions database;

    @Option(names = "--to", paramLabel = "DIR", description = "Directory for backups (default: <data dir>/backups).")
    Path to;

    @Option(names = "--keep-days", paramLabel = "N",
            description = "After a successful backup, delete this directory's Pharos backups older than N days (other files are never touched).")
    Integer keepDays;

    @Option(names = "--pg-bin", paramLabel = "DIR", description = "Directory holding pg_dump and pg_restore (default: PATH, then /usr/lib/postgresql/NN/bin).")
    Path pgBin;

    @Override
    public void run() {
        if (keepDays != null && keepDays < 0) throw io.pharos.common.InvalidInputException.badRequest("--keep-days", "--keep-days must be 0 or more");
        OptionChecks.existingDirectory("--pg-bin", pgBin);
        Settings settings = database.settings(Map.of());
        Path dir = to != null ? to : settings.dataDir().resolve("backups");
        try (Database db = Database.open(settings)) {
            var result = Library.backups(db, pgBin).backup(dir, keepDays);
            System.out.println("backup written: " + result.file() + " (" + result.bytes() + " bytes; verified: " + result.verification() + ")");
            result.deleted().forEach(f -> System.out.println("deleted old backup: " + f));
        }
    }
}
