package io.pharos.cli;

import io.pharos.Library;
import io.pharos.config.Settings;
import io.pharos.db.Database;
import io.pharos.db.Databases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Write a verified backup of the library while the server keeps running: PostgreSQL with pg_dump "
                + "(custom format, .dump), SQLite with VACUUM INTO (.db). Files are named pharos-<UTC time>.<ext>.",
                "A split deployment (PHAROS_CONFIG_DATABASE_URL) gets two files named together: the content part's "
                + "pharos-<UTC time>.dump first, then the configuration part's pharos-<UTC time>.config.db (see the README: Split deployment)."})
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
        try (Databases dbs = Databases.open(settings)) {
            // content first, then configuration: everything the content copy names existed when the configuration was copied
            var result = Library.backups(dbs.content(), pgBin).backup(dir, keepDays);
            System.out.println("backup written: " + result.file() + " (" + result.bytes() + " bytes; verified: " + result.verification() + ")");
            result.deleted().forEach(f -> System.out.println("deleted old backup: " + f));
            if (dbs.isSplit()) {
                var config = Library.backups(dbs.configuration(), pgBin).backupBeside(result.file());
                System.out.println("configuration part written: " + config.file() + " (" + config.bytes() + " bytes; verified: "
                        + config.verification() + ")");
            }
        }
    }
}
