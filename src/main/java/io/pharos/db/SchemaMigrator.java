package io.pharos.db;

import io.pharos.common.ConfigurationException;
import io.pharos.common.InvalidInputException;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.ui.LoggerUIService;
import io.pharos.common.PharosException;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.lockservice.LockService;
import liquibase.lockservice.LockServiceFactory;
import liquibase.resource.ClassLoaderResourceAccessor;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Schema versions, on both databases, from the Liquibase changelog {@value #CHANGELOG}: formatted-SQL
 * files, one per schema version, each followed by a {@code tagDatabase} changeset naming the version
 * ({@code v001}, {@code v002}, …). Every changeset carries a rollback, so downgrade works everywhere.
 */
public final class SchemaMigrator {
    public static final String CHANGELOG = "db/changelog/master.xml";

    static {
        // nothing may reach the network, and Liquibase's console chatter stays out of our output
        System.setProperty("liquibase.analytics.enabled", "false");
        System.setProperty("liquibase.showBanner", "false");
        System.setProperty("liquibase.command.showSummaryOutput", "LOG");
        java.util.logging.Logger.getLogger("liquibase").setLevel(java.util.logging.Level.WARNING);
    }

    /** A changeset that has been applied. */
    public record Applied(String id, String description, Instant executedAt, String tag) {}

    /** Where the schema stands: the last version tag applied and what is still to run. */
    public record Status(String currentVersion, String latestVersion, int appliedCount, List<String> pending) {
        public boolean isCurrent() { return pending.isEmpty(); }
    }

    private final Database database;

    public SchemaMigrator(Database database) {
        this.database = database;
    }

    /** Applies every pending changeset. Checks the dialect's prerequisites (e.g. extensions) first. */
    public void upgrade() {
        database.read(h -> { database.dialect().checkPrerequisites(h); return null; });
        // Liquibase remembers "up to date" per URL for the life of the JVM; after a downgrade in this
        // process that memory is wrong and update would silently do nothing.
        liquibase.Scope.getCurrentScope().getSingleton(liquibase.changelog.FastCheckService.class).clearCache();
        withLiquibase(lb -> { lb.update(new Contexts(), new LabelExpression()); return null; });
    }

    /** Applies pending changesets up to and including the version tag {@code tag} (e.g. to match another library). */
    public void upgradeTo(String tag) {
        database.read(h -> { database.dialect().checkPrerequisites(h); return null; });
        withLiquibase(lb -> { lb.update(tag, new Contexts(), new LabelExpression()); return null; });
    }

    /** Rolls back the last {@code count} changesets (a version tag counts as one). */
    public void downgradeCount(int count) {
        if (count < 1) throw InvalidInputException.badRequest("--count", "must be at least 1");
        withLiquibase(lb -> { lb.rollback(count, (String) null); return null; });
    }

    /** Rolls back every changeset applied after the version tag {@code tag}. */
    public void downgradeTo(String tag) {
        List<Applied> history = history();
        if (history.stream().noneMatch(a -> tag.equals(a.tag()))) {
            throw InvalidInputException.badRequest("--to", "no applied schema version is tagged '" + tag + "'; see 'pharos db history'");
        }
        // Counted rather than Liquibase's rollback-to-tag, which also rolls back the tagDatabase changeset
        // carrying the tag itself (leaving the schema untagged at the version below).
        int keep = 0;
        for (int i = 0; i < history.size(); i++) if (tag.equals(history.get(i).tag())) keep = i + 1;
        int after = history.size() - keep;
        if (after > 0) downgradeCount(after);
    }

    /** Rolls back every applied changeset: an empty schema. */
    public void downgradeAll() {
        int applied = history().size();
        if (applied > 0) downgradeCount(applied);
    }

    /** Rolls back to the previous version tag, or everything when only one version is applied. */
    public void downgradeOneVersion() {
        List<String> tags = history().stream().map(Applied::tag).filter(t -> t != null).toList();
        if (tags.size() >= 2) downgradeTo(tags.get(tags.size() - 2));
        else downgradeAll();
    }

    public Status status() {
        return withLiquibase(lb -> {
            List<ChangeSet> unrun = lb.listUnrunChangeSets(new Contexts(), new LabelExpression());
            List<String> pending = unrun.stream().map(ChangeSet::getId).toList();
            List<RanChangeSet> ran = lb.getDatabase().getRanChangeSetList();
            String current = lastTag(ran);
            String latest = lb.getDatabaseChangeLog().getChangeSets().stream()
                    .map(ChangeSet::getId).filter(id -> id.startsWith("tag-")).reduce((a, b) -> b)
                    .map(id -> id.substring(4)).orElse(null);
            return new Status(current, latest, ran.size(), pending);
        });
    }

    /**
     * The last version tag applied, read with one plain query and without Liquibase (which takes its lock
     * and may update its bookkeeping even to report a status), so it works on a library opened
     * {@linkplain Database#openReadOnly read-only}. Null when no version is tagged.
     * Same order as Liquibase's history: by execution date, then execution order.
     */
    public String appliedVersion() {
        return database.read(h -> h.createQuery("""
                SELECT tag FROM databasechangelog WHERE tag IS NOT NULL ORDER BY dateexecuted DESC, orderexecuted DESC""")
                .mapTo(String.class).findFirst().orElse(null));
    }

    public List<Applied> history() {
        return withLiquibase(lb -> {
            List<Applied> applied = new ArrayList<>();
            for (RanChangeSet r : lb.getDatabase().getRanChangeSetList()) {
                applied.add(new Applied(r.getId(), r.getDescription(),
                        r.getDateExecuted() == null ? null : r.getDateExecuted().toInstant(), r.getTag()));
            }
            return applied;
        });
    }

    private static String lastTag(List<RanChangeSet> ran) {
        String tag = null;
        for (RanChangeSet r : ran) if (r.getTag() != null) tag = r.getTag();
        return tag;
    }

    private interface LiquibaseWork<T> {
        T run(Liquibase liquibase) throws LiquibaseException;
    }

    private <T> T withLiquibase(LiquibaseWork<T> work) {
        return database.withWriteConnection(connection -> {
            try {
                var db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
                Liquibase liquibase = new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(), db);
                // Liquibase's console messages (changeset names, update summary) go to its logger instead
                return Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService()), () -> underLock(db, () -> work.run(liquibase)));
            } catch (LiquibaseException e) {
                throw new ConfigurationException("schema", "migration failed: " + rootMessage(e), e);
            } catch (PharosException e) {
                throw e;
            } catch (Exception e) {
                throw new ConfigurationException("schema", "migration failed: " + rootMessage(e), e);
            }
        });
    }

    /**
     * Runs {@code work} holding Liquibase's lock (its row in {@code databasechangeloglock}, a table lock:
     * no session state, so it works through PgBouncer's transaction pooling). Taken here, before Liquibase
     * reads the changelog, because Liquibase creates {@code databasechangelog} before it takes the lock
     * itself (liquibase#5254): two instances starting together on an empty database would both create it
     * and one would fail. This way one upgrades and the other waits, then finds the schema current.
     * Liquibase's own commands take the lock again (they already hold it) and release it when done.
     */
    private static <T> T underLock(liquibase.database.Database db, Scope.ScopedRunnerWithReturn<T> work) throws Exception {
        LockService lock = LockServiceFactory.getInstance().getLockService(db);
        lock.waitForLock();
        try {
            return work.run();
        } finally {
            if (lock.hasChangeLogLock()) lock.releaseLock();   // never another instance's: only while we hold it
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        return io.pharos.common.Secrets.mask(c.getMessage());
    }

    /** Used by {@link Database#withWriteConnection}. */
    @FunctionalInterface
    public interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
