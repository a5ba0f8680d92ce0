package io.pharos.cli;

import io.pharos.db.Database;
import io.pharos.db.SchemaMigrator;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.function.Consumer;

@Command(name = "db", mixinStandardHelpOptions = true, description = "Schema versions: upgrade, downgrade, status, history.",
        subcommands = {DbCommand.Upgrade.class, DbCommand.Downgrade.class, DbCommand.Status.class, DbCommand.History.class})
final class DbCommand {

    /** Opens the library's database, runs {@code work} with a migrator, closes it. */
    static void withMigrator(DatabaseOptions options, Consumer<SchemaMigrator> work) {
        try (Database db = Database.open(options.settings(Map.of()))) {
            work.accept(new SchemaMigrator(db));
        }
    }

    @Command(name = "upgrade", mixinStandardHelpOptions = true, description = "Apply every pending schema changeset.")
    static final class Upgrade implements Runnable {
        @Mixin DatabaseOptions database;

        @Override public void run() {
            withMigrator(database, m -> {
                m.upgrade();
                System.out.println("schema is at " + m.status().currentVersion());
            });
        }
    }

    @Command(name = "downgrade", mixinStandardHelpOptions = true,
            description = "Roll back schema changesets: by default to the previous version.")
    static final class Downgrade implements Runnable {
        @Mixin DatabaseOptions database;
        @ArgGroup(exclusive = true) Target target;

        static final class Target {
            @Option(names = "--count", paramLabel = "N", description = "Roll back the last N changesets.") Integer count;
            @Option(names = "--to", paramLabel = "TAG", description = "Roll back to schema version TAG (e.g. v001; see 'pharos db history').") String tag;
            @Option(names = "--all", description = "Roll back every changeset (an empty schema; data is lost).") boolean all;
        }

        @Override public void run() {
            if (target != null && target.count != null) OptionChecks.atLeast("--count", target.count, 1);
            withMigrator(database, m -> {
                if (target == null) m.downgradeOneVersion();
                else if (target.count != null) m.downgradeCount(target.count);
                else if (target.tag != null) m.downgradeTo(target.tag);
                else m.downgradeAll();
                String now = m.status().currentVersion();
                System.out.println("schema is at " + (now == null ? "no version (empty)" : now));
            });
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show the schema version and pending changesets.")
    static final class Status implements Runnable {
        @Mixin DatabaseOptions database;

        @Override public void run() {
            withMigrator(database, m -> {
                SchemaMigrator.Status s = m.status();
                System.out.println("current version: " + (s.currentVersion() == null ? "none" : s.currentVersion()));
                System.out.println("latest version:  " + s.latestVersion());
                System.out.println("applied changesets: " + s.appliedCount());
                System.out.println("pending changesets: " + s.pending().size());
                s.pending().forEach(id -> System.out.println("  " + id));
            });
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "List applied changesets, oldest first.")
    static final class History implements Runnable {
        @Mixin DatabaseOptions database;

        @Override public void run() {
            withMigrator(database, m -> m.history().forEach(a -> System.out.printf("%-24s %-28s %s%s%n",
                    a.executedAt(), a.id(), a.description() == null ? "" : a.description(),
                    a.tag() == null ? "" : "  [tag " + a.tag() + "]")));
        }
    }
}
