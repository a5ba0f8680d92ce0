package io.pharos.cli;

import io.pharos.Library;
import io.pharos.migrate.LiveOptions;
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

    @Option(names = "--to", paramLabel = "URL", description = "Target library (created if it is a new SQLite file). Required, except with --cutover and --abort.")
    String to;

    @Option(names = "--live", description = "Migrate a library that is in use: capture changes on the source, copy, replay, then cut over "
            + "with a write pause of seconds (see docs/migration.md). Needs write access to the source.")
    boolean live;

    @Option(names = "--cutover-when-caught-up", description = "With --live: cut over as soon as the replay lag is at most --max-lag.")
    boolean cutoverWhenCaughtUp;

    @Option(names = "--cutover", description = "With --live: ask the 'pharos migrate --live' running on --from to cut over now.")
    boolean cutover;

    @Option(names = "--abort", description = "With --live: remove the change capture of a live migration of --from that has not cut over.")
    boolean abort;

    @Option(names = "--max-lag", paramLabel = "N", defaultValue = "100", description = "With --live: changes not yet replayed at which replay counts as caught up. Default ${DEFAULT-VALUE}.")
    long maxLag;

    @Option(names = "--hold-lease-ms", paramLabel = "MS", defaultValue = "5000", description = "With --live: the write hold's lease, renewed while the cut-over runs; a killed migrate releases the source after it. Default ${DEFAULT-VALUE}.")
    long holdLease;

    @Option(names = "--hold-delay-ms", hidden = true, defaultValue = "0", description = "Pause inside the write hold (for tests).")
    long holdDelay;

    @Option(names = "--dry-run", description = "Connect to both, check versions, extensions, permissions and free disk, count rows, print the plan; write nothing.")
    boolean dryRun;

    @Option(names = "--resume", description = "Continue an interrupted migration from the checkpoints kept in the target.")
    boolean resume;

    @Option(names = "--truncate", description = "Empty the target's tables first (replaces its contents).")
    boolean truncate;

    @ArgGroup(exclusive = true)
    Selection selection;

    @Option(names = "--part", paramLabel = "configuration|content",
            description = "Copy one part of the library (its tables; checksums as for a whole one) and record in the target that it holds it: "
                    + "a single library's content to PostgreSQL and its configuration to a new SQLite file makes a split deployment; both "
                    + "parts into one target make a single library again (configuration first). Default: the whole library.")
    String part;

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
        var migration = Library.migration(io.pharos.config.SettingsLoader.fromProcess(java.util.Map.of()).search());
        if (!live && (cutover || abort || cutoverWhenCaughtUp)) {
            throw io.pharos.common.InvalidInputException.badRequest("--live", (cutover ? "--cutover" : abort ? "--abort" : "--cutover-when-caught-up") + " needs --live");
        }
        if (cutover && abort) throw io.pharos.common.InvalidInputException.badRequest("--abort", "--abort cannot be combined with --cutover");
        if (maxLag < 0) throw io.pharos.common.InvalidInputException.badRequest("--max-lag", "--max-lag must be 0 or more");
        if (holdLease < 1000 || holdLease > 600_000) throw io.pharos.common.InvalidInputException.badRequest("--hold-lease-ms", "--hold-lease-ms must be between 1000 and 600000");
        MigrationReport result;
        if (part != null) {
            io.pharos.db.Part p = switch (part.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "configuration" -> io.pharos.db.Part.CONFIGURATION;
                case "content" -> io.pharos.db.Part.CONTENT;
                default -> throw io.pharos.common.InvalidInputException.badRequest("--part", "--part must be configuration or content, not '" + part + "'");
            };
            if (live) throw io.pharos.common.InvalidInputException.badRequest("--part", "--part cannot be combined with --live");
            if (selection != null) throw io.pharos.common.InvalidInputException.badRequest("--part", "--part cannot be combined with --tables or --exclude");
            result = Library.migratePart(io.pharos.config.SettingsLoader.fromProcess(java.util.Map.of()).search(), options, p,
                    io.pharos.migrate.Progress.forConsole());
        } else if (live) {
            var action = cutover ? LiveOptions.Action.CUTOVER : abort ? LiveOptions.Action.ABORT : LiveOptions.Action.RUN;
            result = migration.runLive(options, new LiveOptions(action, cutoverWhenCaughtUp, maxLag, java.time.Duration.ofMillis(holdLease), holdDelay),
                    io.pharos.migrate.Progress.forConsole(), line -> System.out.println(line));
        } else {
            result = migration.run(options, io.pharos.migrate.Progress.forConsole());
        }
        result.print(System.out);
    }
}
