package io.pharos.cli;

import io.pharos.ReferenceCheck;
import io.pharos.db.Database;
import io.pharos.db.Databases;
import io.pharos.db.Part;
import io.pharos.db.SchemaMigrator;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.function.Consumer;

@Command(name = "db", mixinStandardHelpOptions = true, description = "Schema versions: upgrade, downgrade, status, history.",
        subcommands = {DbCommand.Upgrade.class, DbCommand.Downgrade.class, DbCommand.Status.class, DbCommand.History.class,
                DbCommand.Check.class})
final class DbCommand {

    /**
     * Opens the library's databases and runs {@code work} with a migrator for each part's: once when both
     * parts share one database; in a split deployment the configuration part then the content part, each
     * under a heading naming the part and its database.
     */
    static void withMigrator(DatabaseOptions options, Consumer<SchemaMigrator> work) {
        try (Databases dbs = Databases.open(options.settings(Map.of()))) {
            for (Databases.Placed p : dbs.placed()) {
                if (dbs.isSplit()) System.out.println(p.part().label() + " part (" + p.part().setting() + "=" + p.database().url().masked() + "):");
                work.accept(new SchemaMigrator(p.database()));
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Report references no foreign key holds that dangle (content naming an unknown user or monitor) "
                    + "and rows in the wrong part's database; exit 6 when any.")
    static final class Check implements java.util.concurrent.Callable<Integer> {
        @Mixin DatabaseOptions database;

        @Override public Integer call() {
            try (Databases dbs = Databases.open(database.settings(Map.of()))) {
                for (Databases.Placed p : dbs.placed()) {
                    System.out.println((dbs.isSplit() ? p.part().label() + " part" : "configuration and content (one database)") + ": "
                            + p.database().url().masked() + ", schema " + orNone(new SchemaMigrator(p.database()).appliedVersion()));
                }
                ReferenceCheck.Report report = new ReferenceCheck(dbs).run();
                for (ReferenceCheck.Finding f : report.references()) {
                    var r = f.reference();
                    System.out.println(r.table() + "." + r.column() + " -> " + r.target() + ": " + (f.ok() ? "ok" : "DANGLING")
                            + " (" + f.rows() + " rows" + (f.ok() ? "" : ", " + f.danglingRows() + " name an unknown id: " + String.join(", ", f.missingIds())) + ")");
                }
                for (ReferenceCheck.Misplaced m : report.misplaced()) {
                    System.out.println(m.table() + ": MISPLACED (" + m.rows() + " rows in the " + (m.belongsTo() == Part.CONTENT ? "configuration" : "content")
                            + " part's database; the table belongs to the " + m.belongsTo().label() + " part)");
                }
                System.out.println(report.ok() ? "consistent" : "inconsistent: see the lines above");
                return report.ok() ? ExitCodes.OK : ExitCodes.REFUSED;
            }
        }
    }

    private static String orNone(String v) {
        return v == null ? "none" : v;
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
