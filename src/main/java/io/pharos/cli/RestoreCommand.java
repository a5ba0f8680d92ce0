package io.pharos.cli;

import io.pharos.Library;
import io.pharos.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a backup made by 'pharos backup' into an empty database (stop the server using it first)."})
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
        try (Database db = Database.open(database.settings(flags))) {
            var result = Library.backups(db, pgBin).restore(file, force);
            System.out.println("restored " + result.file() + " into " + db.url().masked() + " (verified: " + result.verification()
                    + "; schema " + (result.schemaVersion() == null ? "none" : result.schemaVersion())
                    + (result.pendingChangesets() > 0 ? ", " + result.pendingChangesets() + " changesets behind: 'pharos db upgrade' or start the server" : "")
                    + ")");
        }
    }
}
