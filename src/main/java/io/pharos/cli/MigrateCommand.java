package io.pharos.cli;

import io.pharos.Library;
import io.pharos.migrate.MigrateOptions;
import io.pharos.migrate.MigrationReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Copy a library between databases (SQLite <-> PostgreSQL), validated by row counts and checksums.",
                "The target's schema is brought to the source's version first; a non-empty target is refused unless --resume or --truncate."})
final class MigrateCommand implements Runnable {
    @Option(names = "--from", required = true, paramLabel = "URL", description = "Source library: sqlite:path/file.db or postgresql://user:pass@host:5432/db.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "URL", description = "Target library (created if it is a new SQLite file).")
    String to;

    @Option(names = "--dry-run", description = "Connect to both, check versions, extensions, permissions and free disk, count rows, print the plan; write nothing.")
    boolean dryRun;

    @Option(names = "--resume", description = "Continue an interrupted migration from the checkpoints kept in the target.")
    boolean resume;

    @Option(names = "--truncate", description = "Empty the target's tables first (replaces its contents).")
    boolean truncate;

    @ArgGroup(exclusive = true)
    Selection selection;

    static final class Selection {
        @Option(names = "--tables", split = ",", paramLabel = "T", description = "Only these tables (comma-separated).")
        List<String> tables;

        @Option(names = "--exclude", split = ",", paramLabel = "T", description = "All tables but these (comma-separated).")
        List<String> exclude;
    }

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "5000", description = "Rows per batch (one transaction and checkpoint each). Default ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--on-error", paramLabel = "abort|skip", defaultValue = "abort",
            description = "On a bad row: abort (default) naming table, key, column and reason, or skip it into the reject file.")
    String onError;

    @Option(names = "--reject-file", paramLabel = "FILE", description = "JSON Lines file for rejected rows (default pharos-migrate-rejects.jsonl when rows are rejected).")
    Path rejectFile;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Also write the final report as JSON.")
    Path report;

    @Option(names = "--batch-delay-ms", hidden = true, defaultValue = "0", description = "Pause after each batch (for tests).")
    long batchDelay;

    @Override
    public void run() {
        MigrateOptions.OnError mode = switch (onError.toLowerCase()) {
            case "abort" -> MigrateOptions.OnError.ABORT;
            case "skip" -> MigrateOptions.OnError.SKIP;
            default -> throw io.pharos.common.InvalidInputException.badRequest("--on-error", "--on-error must be abort or skip, not '" + onError + "'");
        };
        OptionChecks.writableLocation("--report", report);
        OptionChecks.writableLocation("--reject-file", rejectFile);
        MigrateOptions options = new MigrateOptions(from, to, dryRun, resume, truncate,
                selection == null ? null : selection.tables, selection == null ? null : selection.exclude,
                batchSize, mode, rejectFile, report, batchDelay);
        MigrationReport result = Library.migration(io.pharos.config.SettingsLoader.fromProcess(java.util.Map.of()).search()).run(options, io.pharos.migrate.Progress.forConsole());
        result.print(System.out);
    }
}
