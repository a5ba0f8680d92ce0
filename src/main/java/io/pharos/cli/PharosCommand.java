package io.pharos.cli;

import io.pharos.common.PharosException;
import io.pharos.common.Secrets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pharos}: the top command. Each subcommand parses its options and calls one service. */
@Command(name = "pharos", mixinStandardHelpOptions = true, version = "Pharos 0.1.0",
        description = "Self-hosted knowledge library server: embedded SQLite or PostgreSQL with pgvector.",
        subcommands = {ServeCommand.class, DbCommand.class, BackupCommand.class, RestoreCommand.class, UsersCommand.class, KeysCommand.class, ImportCommand.class, MigrateCommand.class, ReindexCommand.class, BenchCommand.class, LoadTestCommand.class, SettingsCommand.class, CommandLine.HelpCommand.class})
public final class PharosCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs the command line and returns the exit code (see {@link ExitCodes}; picocli's own for a bad option: 2). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new PharosCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof PharosException p) {
                String message = p.field() == null || p.getMessage().startsWith(p.field()) ? p.getMessage() : p.field() + ": " + p.getMessage();
                commandLine.getErr().println("error: " + Secrets.mask(message));
                return ExitCodes.of(p);
            }
            commandLine.getErr().println("error: " + Secrets.mask(String.valueOf(e.getMessage())) + " (" + e.getClass().getSimpleName() + ")");
            return ExitCodes.FAILURE;
        });
        return cli.execute(args);
    }
}
