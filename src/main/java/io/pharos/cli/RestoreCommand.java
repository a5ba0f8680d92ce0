package io.pharos.cli;

import io.pharos.Library;
import io.pharos.db.Database;
import io.pharos.db.Databases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a backup made by 'pharos backup' into an empty database (stop the server using it first).",
                "A split deployment's backup is its content file (.dump) and the configuration file named with it (.config.db): "
                + "both are restored, each into its part's database, then the references between them are checked."})
final class RestoreCommand implements Runnable {
    @Mixin DatabaseOptions database;

    @Parameters(index = "0", paramLabel = "FILE", description = "The backup file (.dump for PostgreSQL, .db for SQLite).")
    Path file;

    @Option(names = "--to", paramLabel = "URL", description = "Database to restore into (default: DATABASE_URL / --database-url).")
    String to;

    @Option(names = "--force", description = "Restore even though the target database is not empty, replacing what the backup holds.")
    boolean force;

    @Option(names = "--pg-bin", paramLabel = "DIR", description = "Directory holding pg_restore (default: PATH, then /usr/lib/postgresql/NN/bin).")
    Path pgBin;

    @Override
    public void run() {
        OptionChecks.existingFile("FILE", file);
        OptionChecks.existingDirectory("--pg-bin", pgBin);
        Map<String, String> flags = new HashMap<>();
        if (to != null) flags.put("DATABASE_URL", to);
        try (Databases dbs = Databases.open(database.settings(flags))) {
            Path config = io.pharos.backup.BackupService.configurationFileOf(file);
            Library.backups(dbs.content(), pgBin).check(file);   // both files checked before either database is touched
            if (dbs.isSplit()) {
                if (!java.nio.file.Files.isRegularFile(config)) {
                    throw io.pharos.common.InvalidInputException.badRequest("FILE", "a split deployment restores both parts: " + config
                            + " (the configuration part's file named with " + file.getFileName() + ") does not exist");
                }
                Library.backups(dbs.configuration(), pgBin).check(config);
            }
            restore(dbs.content(), file);
            if (!dbs.isSplit()) return;
            restore(dbs.configuration(), config);
            var report = new io.pharos.ReferenceCheck(dbs).run();
            System.out.println(report.ok() ? "the two parts are consistent: every reference from content to configuration resolves"
                    : "the two parts are NOT consistent: run 'pharos db check' for the dangling references");
        }
    }

    private void restore(Database db, Path backup) {
        var result = Library.backups(db, pgBin).restore(backup, force);
        System.out.println("restored " + result.file() + " into " + db.url().masked() + " (verified: " + result.verification()
                + "; schema " + (result.schemaVersion() == null ? "none" : result.schemaVersion())
                + (result.pendingChangesets() > 0 ? ", " + result.pendingChangesets() + " changesets behind: 'pharos db upgrade' or start the server" : "")
                + ")");
    }
}
