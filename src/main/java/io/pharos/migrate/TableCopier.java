package io.pharos.migrate;

import io.pharos.migrate.bulk.BadValueException;
import io.pharos.migrate.bulk.ColumnDef;
import io.pharos.migrate.bulk.ForeignKeyDef;
import io.pharos.migrate.bulk.RowWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies one table: keyset batches from the source, each written to the target (COPY / prepared INSERTs)
 * together with its checkpoint and its rejects in one transaction. A batch the database refuses as a whole
 * (a CHECK, NOT NULL or unique violation) is rolled back and replayed row by row under savepoints, so the
 * one bad row is named and the rest go in. Foreign keys are suspended for the load and each table is
 * checked for dangling references once complete (a self-referencing table's rows arrive in key order, not
 * parent-first), before its foreign keys are restored.
 */
final class TableCopier {
    private static final Logger log = LoggerFactory.getLogger(TableCopier.class);

    private final Endpoint source;
    private final Endpoint target;
    private final MigrateOptions options;
    private final Progress progress;

    TableCopier(Endpoint source, Endpoint target, MigrateOptions options, Progress progress) {
        this.source = source;
        this.target = target;
        this.options = options;
        this.progress = progress;
    }

    /** Copies {@code t} from its checkpoint on, retrying transient failures with backoff. */
    void copy(PlannedTable t) {
        Retry.run("copying " + t.name(), source, target, () -> {
            copyFromCheckpoint(t);
            return null;
        });
    }

    private void copyFromCheckpoint(PlannedTable t) throws SQLException {
        try (Connection src = source.reader(); Connection tgt = target.writer()) {
            tgt.setAutoCommit(true);
            target.bulk().beginLoadSession(tgt);
            tgt.setAutoCommit(false);
            try {
                Checkpoints.State st = Checkpoints.get(tgt, t.name());
                if (st == null) {
                    List<String> restore = target.bulk().suspendForeignKeys(tgt, t.target());
                    Checkpoints.start(tgt, t.name(), restore, source.label());
                    tgt.commit();
                    st = Checkpoints.get(tgt, t.name());
                }
                if (st.status() != Checkpoints.Status.COPYING) return;
                progress.resumeAt(t.name(), st.copied() + st.rejected());
                RowHash.Sum sum = new RowHash.Sum(st.checksum());
                copyBatches(t, src, tgt, st.lastKey() == null ? null : KeyCodec.decodeKey(st.lastKey()), sum);
                finish(t, src, tgt, Checkpoints.get(tgt, t.name()));
            } finally {
                if (!tgt.isClosed()) {
                    try {
                        tgt.rollback();
                        tgt.setAutoCommit(true);
                        target.bulk().endLoadSession(tgt);
                    } catch (SQLException e) {
                        log.debug("cleaning up the target connection failed: {}", e.getMessage());
                    }
                }
            }
        }
    }

    private void copyBatches(PlannedTable t, Connection src, Connection tgt, Object[] start, RowHash.Sum sum) throws SQLException {
        TableReader reader = new TableReader(source.bulk(), t.name(), t.sourceColumns(), t.keyIndexes());
        RowHash hash = new RowHash(t.types(), t.columnNames());   // used on the reading thread only
        try (RowWriter writer = target.bulk().writer(tgt, t.target(), t.targetColumns());
             Prefetcher batches = new Prefetcher(after -> reader.batch(src, after, options.batchSize(), hash), start)) {
            while (true) {
                long t0 = System.nanoTime();
                List<TableReader.Row> rows = batches.next();
                if (rows.isEmpty()) return;
                long t1 = System.nanoTime();
                writeBatch(t, tgt, writer, rows, KeyCodec.encodeKey(rows.get(rows.size() - 1).rawKey()), sum);
                if (log.isDebugEnabled()) log.debug("{}: batch of {} waited for {} ms, written in {} ms", t.name(), rows.size(), (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
                progress.advance(t.name(), rows.size());
                if (options.batchDelayMillis() > 0) sleep(options.batchDelayMillis());
            }
        }
    }

    /**
     * Writes one batch with its rejects and checkpoint in one transaction. The rows written are hashed as
     * read from the source ({@link RowHash}) and their sum kept in the checkpoint: the source side of the
     * table's checksum, built in the one read of the source, and as resumable as the copy.
     */
    private void writeBatch(PlannedTable t, Connection tgt, RowWriter writer, List<TableReader.Row> rows, String lastKey,
                            RowHash.Sum sum) throws SQLException {
        List<Checkpoints.Reject> rejects = new ArrayList<>();
        List<TableReader.Row> good = new ArrayList<>(rows.size());
        for (TableReader.Row r : rows) {
            if (r.bad() == null) good.add(r);
            else rejects.add(reject(t, r.rawKey(), r.raw(), r.bad().column(), r.bad().reason()));
        }
        List<Checkpoints.Reject> writeRejects = new ArrayList<>();
        try {
            for (TableReader.Row r : good) {
                try {
                    writer.add(r.values());
                } catch (BadValueException e) {
                    writeRejects.add(reject(t, r.rawKey(), r.values(), e.column(), e.reason()));
                }
            }
            writer.flush();
        } catch (SQLException e) {
            if (target.transientFailure(e)) throw e;
            log.debug("batch of {} refused ({}); replaying it row by row", t.name(), e.getMessage());
            tgt.rollback();
            writer.discard();
            writeRejects.clear();
            rowByRow(t, tgt, writer, good, writeRejects);
        }
        rejects.addAll(writeRejects);
        if (!rejects.isEmpty() && options.onError() == MigrateOptions.OnError.ABORT) {
            tgt.rollback();
            Checkpoints.Reject first = rejects.get(0);
            throw new MigrationException(first.describe() + "; rerun with --truncate --on-error skip to write such rows to a reject file and go on");
        }
        for (Checkpoints.Reject r : rejects) Checkpoints.reject(tgt, r);
        RowHash.Sum next = new RowHash.Sum(sum.hex());
        java.util.Set<String> refused = new java.util.HashSet<>();
        writeRejects.forEach(r -> refused.add(r.key()));
        for (TableReader.Row r : good) {
            if (refused.isEmpty() || !refused.contains(KeyCodec.encodeKey(r.rawKey()))) next.add(r.hash());
        }
        Checkpoints.advance(tgt, t.name(), lastKey, rows.size() - rejects.size(), rejects.size(), next.hex());
        tgt.commit();
        sum.set(next);
        progress.rejected(t.name(), rejects.size());
    }

    private void rowByRow(PlannedTable t, Connection tgt, RowWriter writer, List<TableReader.Row> rows, List<Checkpoints.Reject> rejects) throws SQLException {
        for (TableReader.Row r : rows) {
            Savepoint sp = tgt.setSavepoint();
            try {
                writer.add(r.values());
                writer.flush();
                tgt.releaseSavepoint(sp);
            } catch (BadValueException e) {
                tgt.releaseSavepoint(sp);
                rejects.add(reject(t, r.rawKey(), r.values(), e.column(), e.reason()));
            } catch (SQLException e) {
                if (target.transientFailure(e)) throw e;
                tgt.rollback(sp);
                writer.discard();
                rejects.add(reject(t, r.rawKey(), r.values(), null, "the target refused the row: " + oneLine(e.getMessage())));
            }
        }
    }

    /** Rejects rows whose foreign keys dangle, until none do, restores the foreign keys and sequences. */
    private void finish(PlannedTable t, Connection src, Connection tgt, Checkpoints.State st) throws SQLException {
        TableReader sourceRows = new TableReader(source.bulk(), t.name(), t.sourceColumns(), t.keyIndexes());
        long removed;
        RowHash.Sum sum = new RowHash.Sum(st.checksum());
        RowHash hash = new RowHash(t.types(), t.columnNames());
        do {
            removed = 0;
            for (ForeignKeyDef fk : t.foreignKeys()) removed += removeDangling(t, fk, src, tgt, sourceRows, st.lastKey(), hash, sum);
        } while (removed > 0);
        try (Statement s = tgt.createStatement()) {
            for (String restore : st.restore()) s.execute(restore);
        }
        target.bulk().resetSequences(tgt, t.target());
        Checkpoints.status(tgt, t.name(), Checkpoints.Status.COPIED);
        tgt.commit();
    }

    private long removeDangling(PlannedTable t, ForeignKeyDef fk, Connection src, Connection tgt, TableReader sourceRows, String lastKey,
                                RowHash hash, RowHash.Sum sum) throws SQLException {
        var q = target.bulk();
        List<ColumnDef> keyCols = new ArrayList<>();
        for (int k : t.keyIndexes()) keyCols.add(t.targetColumns().get(k));
        List<ColumnDef> fkCols = fk.columns().stream().map(n -> t.targetColumns().stream().filter(c -> c.name().equals(n)).findFirst().orElseThrow()).toList();
        StringBuilder sql = new StringBuilder("SELECT ");
        List<String> select = new ArrayList<>();
        keyCols.forEach(c -> select.add("c." + q.quote(c.name())));
        fkCols.forEach(c -> select.add("c." + q.quote(c.name())));
        sql.append(String.join(", ", select)).append(" FROM ").append(q.quote(t.name())).append(" c WHERE ");
        List<String> cond = new ArrayList<>();
        fkCols.forEach(c -> cond.add("c." + q.quote(c.name()) + " IS NOT NULL"));
        List<String> join = new ArrayList<>();
        for (int i = 0; i < fk.columns().size(); i++) join.add("p." + q.quote(fk.refColumns().get(i)) + " = c." + q.quote(fk.columns().get(i)));
        cond.add("NOT EXISTS (SELECT 1 FROM " + q.quote(fk.refTable()) + " p WHERE " + String.join(" AND ", join) + ")");
        sql.append(String.join(" AND ", cond)).append(" LIMIT 1000");
        List<Object[]> keys = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        try (PreparedStatement ps = tgt.prepareStatement(sql.toString()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Object[] key = new Object[keyCols.size()];
                List<Object> ref = new ArrayList<>();
                try {
                    for (int i = 0; i < key.length; i++) key[i] = q.read(rs, i + 1, keyCols.get(i));
                    for (int i = 0; i < fkCols.size(); i++) ref.add(q.read(rs, key.length + i + 1, fkCols.get(i)));
                } catch (BadValueException e) {
                    throw new IllegalStateException("the target holds a value it cannot read back: " + e.getMessage(), e);
                }
                keys.add(key);
                refs.add(ref.toString());
            }
        }
        if (keys.isEmpty()) return 0;
        String where = String.join(" AND ", keyCols.stream().map(c -> q.quote(c.name()) + " = ?").toList());
        try (PreparedStatement del = tgt.prepareStatement("DELETE FROM " + q.quote(t.name()) + " WHERE " + where)) {
            for (int i = 0; i < keys.size(); i++) {
                TableReader.Row row = sourceRows.byKey(src, keys.get(i));
                Object[] rawKey = row == null ? keys.get(i) : row.rawKey();
                Object[] values = row == null ? null : row.values() != null ? row.values() : row.raw();
                Checkpoints.Reject r = reject(t, rawKey, values == null ? new Object[t.sourceColumns().size()] : values,
                        String.join(",", fk.columns()), "references " + fk.refTable() + "(" + String.join(", ", fk.refColumns()) + ") = "
                                + refs.get(i) + ", which the target does not have (absent from the source, or rejected)");
                if (options.onError() == MigrateOptions.OnError.ABORT) {
                    tgt.rollback();
                    throw new MigrationException(r.describe() + "; rerun with --truncate --on-error skip to write such rows to a reject file and go on");
                }
                for (int k = 0; k < keyCols.size(); k++) q.bind(del, k + 1, keyCols.get(k), keys.get(i)[k]);
                del.executeUpdate();
                Checkpoints.reject(tgt, r);
                if (row != null && row.values() != null) sum.subtract(hashOf(hash, row.values()));
            }
        }
        Checkpoints.advance(tgt, t.name(), lastKey, -keys.size(), keys.size(), sum.hex());
        progress.rejected(t.name(), keys.size());
        return keys.size();
    }

    static byte[] hashOf(RowHash hash, Object[] values) {
        try {
            return hash.hash(values);
        } catch (BadValueException e) {
            throw new IllegalStateException("a row read by its column rules has no canonical form: " + e.getMessage(), e);
        }
    }

    private Checkpoints.Reject reject(PlannedTable t, Object[] rawKey, Object[] row, String column, String reason) {
        return Rejects.of(t.name(), t.columnNames(), t.keyNames(), rawKey, row, column, reason);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException("interrupted", e);
        }
    }
}
