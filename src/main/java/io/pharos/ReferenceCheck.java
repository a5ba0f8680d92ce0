package io.pharos;

import io.pharos.auth.UserService;
import io.pharos.db.Database;
import io.pharos.db.Databases;
import io.pharos.db.Part;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code pharos db check}: the references no foreign key holds (content rows naming a user or a monitor of
 * the configuration part, {@link Library#CROSS_REFERENCES}) and, in a split deployment, rows of one part's
 * tables found in the other part's database (they would be invisible: nothing reads them there). Reads only.
 * Table and column names come from the features' declarations, never from input.
 */
public final class ReferenceCheck {

    /** One reference: how many rows hold it and which ids they name that do not exist (at most 10 shown). */
    public record Finding(Part.CrossReference reference, long rows, long danglingRows, List<String> missingIds) {
        public boolean ok() { return danglingRows == 0; }
    }

    /** Rows of {@code table} (of part {@code belongsTo}) in the database of the other part. */
    public record Misplaced(String table, Part belongsTo, long rows) {}

    public record Report(boolean split, List<Finding> references, List<Misplaced> misplaced) {
        public boolean ok() {
            return references.stream().allMatch(Finding::ok) && misplaced.isEmpty();
        }
    }

    private final Databases databases;

    public ReferenceCheck(Databases databases) {
        this.databases = databases;
    }

    public Report run() {
        List<Finding> findings = new ArrayList<>();
        for (Part.CrossReference r : Library.CROSS_REFERENCES) findings.add(check(r));
        List<Misplaced> misplaced = new ArrayList<>();
        if (databases.isSplit()) {
            for (Part.Tables t : Library.TABLES) {
                Part other = t.part() == Part.CONTENT ? Part.CONFIGURATION : Part.CONTENT;
                for (String table : t.names()) {
                    long n = count(databases.of(other), table);
                    if (n > 0) misplaced.add(new Misplaced(table, t.part(), n));
                }
            }
        }
        return new Report(databases.isSplit(), findings, misplaced);
    }

    private Finding check(Part.CrossReference r) {
        Database from = databases.of(r.from());
        Database to = databases.of(r.from() == Part.CONTENT ? Part.CONFIGURATION : Part.CONTENT);
        List<Object[]> named = from.read(h -> h.createQuery("SELECT " + r.column() + " AS ref, count(*) AS n FROM " + r.table()
                + " GROUP BY " + r.column()).map((rs, ctx) -> new Object[] {
                        ctx.findColumnMapperFor(UUID.class).orElseThrow().map(rs, "ref", ctx), rs.getLong("n")}).list());
        Set<UUID> existing = new HashSet<>(to.read(h -> h.createQuery("SELECT id FROM " + r.target()).mapTo(UUID.class).list()));
        existing.add(UserService.LOCAL_OWNER.value());   // implied, whether or not its row was made yet
        long rows = 0, dangling = 0;
        List<String> missing = new ArrayList<>();
        for (Object[] row : named) {
            long n = (Long) row[1];
            rows += n;
            if (!existing.contains((UUID) row[0])) {
                dangling += n;
                if (missing.size() < 10) missing.add(String.valueOf(row[0]));
            }
        }
        return new Finding(r, rows, dangling, missing);
    }

    /** Rows of {@code table} in {@code db}; 0 when the database has no such table (one dialect's own, like chunk_terms). */
    private static long count(Database db, String table) {
        return db.read(h -> {
            try (var rs = h.getConnection().getMetaData().getTables(null, null, table, new String[] {"TABLE"})) {
                if (!rs.next()) return 0L;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cannot read the catalogue of " + db.url().masked() + ": " + e.getMessage(), e);
            }
            return h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one();
        });
    }
}
