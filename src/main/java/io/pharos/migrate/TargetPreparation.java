package io.pharos.migrate;

import io.pharos.db.Database;
import io.pharos.db.SchemaMigrator;
import io.pharos.migrate.bulk.TableDef;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gets the target ready before any row moves: the source's schema version, the target's schema brought to
 * it, and the target's state (refused when it holds data, unless resuming or truncating).
 */
final class TargetPreparation {
    private TargetPreparation() {}

    /** The source's schema version, read without writing to it (no Liquibase status, which locks and may write). */
    static String sourceVersion(Database source) {
        String version = hasChangelog(source) ? new SchemaMigrator(source).appliedVersion() : null;
        if (version == null) {
            throw new MigrationException("the source " + source.url().masked() + " has no Pharos schema version: is it a Pharos library?");
        }
        return version;
    }

    /** Brings the target's schema to {@code version}; false when a dry run left it below. */
    static boolean prepareSchema(Database target, String version, boolean dryRun, List<String> notes) {
        target.read(h -> { target.dialect().checkPrerequisites(h); return null; });
        SchemaMigrator m = new SchemaMigrator(target);
        // Liquibase creates its tables when asked for the status: a dry run must not, so look first
        String current = hasChangelog(target) ? m.status().currentVersion() : null;
        if (current != null && current.compareTo(version) > 0) {
            throw new MigrationException("the target's schema (" + current + ") is newer than the source's (" + version
                    + "): downgrade it ('pharos db downgrade --to " + version + "') or use an empty target");
        }
        if (version.equals(current)) {
            notes.add("target schema already at " + version);
            return true;
        }
        if (dryRun) {
            notes.add("would upgrade the target schema from " + (current == null ? "nothing" : current) + " to " + version);
            return false;
        }
        m.upgradeTo(version);
        notes.add("upgraded the target schema from " + (current == null ? "nothing" : current) + " to " + version);
        return true;
    }

    static boolean hasChangelog(Database db) {
        return db.read(h -> {
            try (ResultSet rs = h.getConnection().getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    if (rs.getString("TABLE_NAME").equalsIgnoreCase("databasechangelog")) return true;
                }
                return false;
            } catch (SQLException e) {
                throw new MigrationException("cannot read the catalogue of " + db.url().masked() + ": " + e.getMessage(), e);
            }
        });
    }

    /** Refuses a non-empty target unless resuming or truncating; truncates when asked. */
    static void checkTarget(MigrateOptions o, Endpoint tgt, List<PlannedTable> plan, List<String> derivedTables, List<String> notes) {
        Map<String, Long> counts = MigrationService.count(tgt, plan);
        String nonEmpty = counts.entrySet().stream().filter(e -> e.getValue() > 0).map(e -> e.getKey() + " (" + e.getValue() + " rows)")
                .reduce((a, b) -> a + ", " + b).orElse(null);
        boolean checkpointed = hasCheckpoints(tgt, plan);
        if (o.truncate()) {
            if (o.dryRun()) {
                notes.add("would empty the target's tables" + (nonEmpty == null ? "" : ": " + nonEmpty));
                return;
            }
            withTarget(tgt, "emptying the target", c -> {
                c.setAutoCommit(true);
                tgt.bulk().beginLoadSession(c);
                c.setAutoCommit(false);
                List<String> restore = new ArrayList<>();
                if (checkpointed) {
                    for (PlannedTable t : plan) {
                        Checkpoints.State st = Checkpoints.get(c, t.name());
                        if (st != null && st.status() == Checkpoints.Status.COPYING) restore.addAll(st.restore());
                    }
                }
                List<String> present = tgt.bulk().catalog(c, List.of()).stream().map(TableDef::name).toList();
                List<String> emptied = new ArrayList<>(derivedTables.stream().filter(present::contains).toList());
                emptied.addAll(plan.reversed().stream().map(PlannedTable::name).toList());
                tgt.bulk().truncate(c, emptied);
                try (Statement s = c.createStatement()) {
                    for (String r : restore) s.execute(r);
                }
                Checkpoints.create(c);
                Checkpoints.clear(c, plan.stream().map(PlannedTable::name).toList());
                c.commit();
                c.setAutoCommit(true);
                tgt.bulk().endLoadSession(c);
            });
            notes.add("emptied the target's tables" + (nonEmpty == null ? "" : ": " + nonEmpty));
            return;
        }
        if (o.resume()) {
            if (!checkpointed && nonEmpty != null) {
                throw new MigrationException("--resume: the target holds data (" + nonEmpty + ") but no migration checkpoint; use --truncate to replace its contents");
            }
            notes.add(checkpointed ? "resuming from the checkpoints in the target" : "nothing to resume: starting afresh");
        } else if (nonEmpty != null || checkpointed) {
            throw new MigrationException("the target is not empty (" + (nonEmpty == null ? "an interrupted migration is recorded in it" : nonEmpty)
                    + "): use --resume to continue an interrupted migration or --truncate to replace its contents");
        }
        if (!o.dryRun()) withTarget(tgt, "creating the checkpoint tables", Checkpoints::create);
    }

    /** True when the target records a migration of any of the planned tables (other tables may have been migrated apart). */
    static boolean hasCheckpoints(Endpoint tgt, List<PlannedTable> plan) {
        return Retry.run("reading checkpoints", tgt, tgt, () -> {
            try (Connection c = tgt.reader()) {
                List<String> names = tgt.bulk().catalog(c, List.of()).stream().map(TableDef::name).toList();
                if (!names.contains(Checkpoints.TABLE)) return false;
                List<String> planned = plan.stream().map(PlannedTable::name).toList();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT table_name FROM " + Checkpoints.TABLE)) {
                    while (rs.next()) {
                        if (planned.contains(rs.getString(1))) return true;
                    }
                    return false;
                }
            }
        });
    }

    private static void endSession(Endpoint tgt, Connection c) throws SQLException {
        if (!c.getAutoCommit()) c.rollback();
        c.setAutoCommit(true);
        tgt.bulk().endLoadSession(c);
    }

    interface TargetWork {
        void run(Connection c) throws SQLException;
    }

    static void withTarget(Endpoint tgt, String what, TargetWork work) {
        Retry.run(what, tgt, tgt, () -> {
            try (Connection c = tgt.writer()) {
                try {
                    work.run(c);
                    if (!c.getAutoCommit()) c.commit();
                } catch (SQLException | RuntimeException e) {
                    try {
                        endSession(tgt, c);
                    } catch (SQLException cleanup) {
                        e.addSuppressed(cleanup);   // keep the real cause in front
                    }
                    throw e;
                }
                endSession(tgt, c);
            }
            return null;
        });
    }
}
