package io.pharos.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.migrate.bulk.ColumnDef;
import io.pharos.migrate.bulk.ColumnType;
import io.pharos.migrate.live.LiveCapture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays the source's change log ({@link LiveCapture#CHANGES}) onto the target. A change names only a
 * table and a key; replaying it copies the source's CURRENT row for that key into the target (upsert), or
 * deletes the key from the target when the source no longer has it. So a change replayed twice, one the
 * snapshot already holds, or changes taken out of commit order all end in the source's state. Replayed
 * changes are deleted from the log by their seq (never by a range: on PostgreSQL a lower seq may commit
 * later), so the log's size is the lag. A change the target refuses (e.g. its parent row comes later in the
 * log) stays in the log and is tried again next round.
 */
final class ChangeReplayer {
    private static final Logger log = LoggerFactory.getLogger(ChangeReplayer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One round: changes read, distinct rows written (upserted or deleted), changes left for later. */
    record Round(int changes, int rows, int refused, String firstRefusal) {}

    private record Change(long seq, String table, String key) {}

    private record Pending(PlannedTable table, Object[] key, List<Long> seqs) {}

    private final Endpoint source;
    private final Endpoint target;
    private final Map<String, PlannedTable> tables = new LinkedHashMap<>();
    private final Map<String, TableReader> readers = new LinkedHashMap<>();
    private final Map<String, String> upserts = new LinkedHashMap<>();
    private final Map<String, String> deletes = new LinkedHashMap<>();

    ChangeReplayer(Endpoint source, Endpoint target, List<PlannedTable> plan) {
        this.source = source;
        this.target = target;
        for (PlannedTable t : plan) {
            tables.put(t.name(), t);
            readers.put(t.name(), new TableReader(source.bulk(), t.name(), t.sourceColumns(), t.keyIndexes()));
            upserts.put(t.name(), upsert(t));
            deletes.put(t.name(), delete(t));
        }
    }

    /** Changes not replayed yet. */
    long lag() {
        return Retry.run("reading the change log", source, target, () -> {
            try (Connection c = source.reader(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM " + LiveCapture.CHANGES)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Replays up to {@code limit} changes, oldest first. */
    Round round(int limit) {
        return Retry.run("replaying changes", source, target, () -> replay(limit));
    }

    private Round replay(int limit) throws SQLException {
        List<Change> changes = new ArrayList<>();
        try (Connection c = source.reader();
             PreparedStatement ps = c.prepareStatement("SELECT seq, table_name, row_key FROM " + LiveCapture.CHANGES + " ORDER BY seq LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) changes.add(new Change(rs.getLong(1), rs.getString(2), rs.getString(3)));
            }
        }
        if (changes.isEmpty()) return new Round(0, 0, 0, null);
        Map<String, Pending> rows = new LinkedHashMap<>();   // first appearance order: a parent's insert comes before its child's
        List<Long> unknown = new ArrayList<>();
        for (Change ch : changes) {
            PlannedTable t = tables.get(ch.table());
            if (t == null) {
                unknown.add(ch.seq());   // a table the migration does not copy
                continue;
            }
            rows.computeIfAbsent(ch.table() + "\0" + ch.key(), k -> new Pending(t, key(t, ch.key()), new ArrayList<>())).seqs().add(ch.seq());
        }
        List<Pending> pending = new ArrayList<>(rows.values());
        List<Object[]> current = new ArrayList<>(pending.size());
        Map<String, PreparedStatement> lookups = new java.util.HashMap<>();
        try (Connection c = source.reader()) {
            for (Pending p : pending) {
                TableReader reader = readers.get(p.table().name());
                PreparedStatement ps = lookups.get(p.table().name());
                if (ps == null) lookups.put(p.table().name(), ps = reader.prepareByKey(c));
                TableReader.Row r = reader.byKey(ps, p.key());
                if (r != null && r.values() == null) throw new MigrationException("the source row " + KeyCodec.encodeKey(p.key()) + " of " + p.table().name() + " holds a value its column type does not allow: " + r.bad().getMessage());
                current.add(r == null ? null : r.values());
            }
        } finally {
            for (PreparedStatement ps : lookups.values()) ps.close();
        }
        List<String> refusals = new ArrayList<>();
        List<Pending> done = apply(pending, current, refusals);
        List<Long> replayed = new ArrayList<>(unknown);
        done.forEach(p -> replayed.addAll(p.seqs()));
        forget(replayed);
        return new Round(changes.size(), done.size(), pending.size() - done.size(), refusals.isEmpty() ? null : refusals.get(0));
    }

    /** Writes the rows in one target transaction; when it is refused, row by row under savepoints, in passes. */
    private List<Pending> apply(List<Pending> pending, List<Object[]> current, List<String> refusals) throws SQLException {
        try (Connection c = target.writer(); Statements statements = new Statements(c)) {
            try {
                for (int i = 0; i < pending.size(); i++) write(statements, pending.get(i), current.get(i));
                c.commit();
                return pending;
            } catch (SQLException e) {
                if (target.transientFailure(e)) throw e;
                c.rollback();
                log.debug("a replay batch was refused ({}); replaying it row by row", e.getMessage());
            }
            List<Integer> left = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) left.add(i);
            List<Pending> done = new ArrayList<>();
            boolean progress = true;
            while (!left.isEmpty() && progress) {
                progress = false;
                refusals.clear();
                List<Integer> next = new ArrayList<>();
                for (int i : left) {
                    Savepoint sp = c.setSavepoint();
                    try {
                        write(statements, pending.get(i), current.get(i));
                        c.releaseSavepoint(sp);
                        done.add(pending.get(i));
                        progress = true;
                    } catch (SQLException e) {
                        if (target.transientFailure(e)) throw e;
                        c.rollback(sp);
                        next.add(i);
                        refusals.add(pending.get(i).table().name() + " " + KeyCodec.encodeKey(pending.get(i).key()) + ": " + TableCopier.oneLine(e.getMessage()));
                    }
                }
                left = next;
            }
            c.commit();
            return done;
        }
    }

    private void write(Statements statements, Pending p, Object[] row) throws SQLException {
        PlannedTable t = p.table();
        List<ColumnDef> cols = t.targetColumns();
        if (row == null) {
            PreparedStatement ps = statements.get(deletes.get(t.name()));
            int[] k = t.keyIndexes();
            for (int i = 0; i < k.length; i++) target.bulk().bind(ps, i + 1, cols.get(k[i]), p.key()[i]);
            ps.executeUpdate();
            return;
        }
        PreparedStatement ps = statements.get(upserts.get(t.name()));
        for (int i = 0; i < cols.size(); i++) target.bulk().bind(ps, i + 1, cols.get(i), row[i]);
        ps.executeUpdate();
    }

    /** The statements of one target transaction, prepared once each. */
    private static final class Statements implements AutoCloseable {
        private final Connection c;
        private final Map<String, PreparedStatement> open = new java.util.HashMap<>();

        Statements(Connection c) {
            this.c = c;
        }

        PreparedStatement get(String sql) throws SQLException {
            PreparedStatement ps = open.get(sql);
            if (ps == null) open.put(sql, ps = c.prepareStatement(sql));
            return ps;
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement ps : open.values()) ps.close();
        }
    }

    private void forget(List<Long> seqs) throws SQLException {
        if (seqs.isEmpty()) return;
        try (Connection c = source.writer();
             PreparedStatement ps = c.prepareStatement("DELETE FROM " + LiveCapture.CHANGES + " WHERE seq = ?")) {
            for (long s : seqs) {
                ps.setLong(1, s);
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        }
    }

    private String upsert(PlannedTable t) {
        var q = target.bulk();
        List<String> names = t.targetColumns().stream().map(c -> q.quote(c.name())).toList();
        List<String> key = t.keyNames().stream().map(q::quote).toList();
        List<String> set = names.stream().filter(n -> !key.contains(n)).map(n -> n + " = excluded." + n).toList();
        return "INSERT INTO " + q.quote(t.name()) + " (" + String.join(", ", names) + ") VALUES (" + "?, ".repeat(names.size() - 1) + "?)"
                + " ON CONFLICT (" + String.join(", ", key) + ") DO " + (set.isEmpty() ? "NOTHING" : "UPDATE SET " + String.join(", ", set));
    }

    private String delete(PlannedTable t) {
        var q = target.bulk();
        return "DELETE FROM " + q.quote(t.name()) + " WHERE " + String.join(" AND ", t.keyNames().stream().map(k -> q.quote(k) + " = ?").toList());
    }

    /** A key as the trigger wrote it (JSON array), in the logical form of the key columns. */
    private static Object[] key(PlannedTable t, String json) {
        try {
            JsonNode a = JSON.readTree(json);
            int[] k = t.keyIndexes();
            Object[] out = new Object[k.length];
            for (int i = 0; i < k.length; i++) out[i] = logical(t.sourceColumns().get(k[i]).type(), a.get(i));
            return out;
        } catch (java.io.IOException | RuntimeException e) {
            throw new MigrationException("the change log holds a key that cannot be read for table " + t.name() + ": " + json, e);
        }
    }

    private static Object logical(ColumnType type, JsonNode v) {
        if (v == null || v.isNull()) return null;
        return switch (type) {
            case UUID -> java.util.UUID.fromString(v.asText());
            case INTEGER -> v.asLong();
            case DOUBLE -> v.asDouble();
            case BOOLEAN -> v.isBoolean() ? v.asBoolean() : v.asLong() != 0;
            case TIMESTAMP -> java.time.OffsetDateTime.parse(v.asText());
            case LOCAL_TIMESTAMP -> java.time.LocalDateTime.parse(v.asText().replace(' ', 'T'));
            case DATE -> java.time.LocalDate.parse(v.asText());
            default -> v.isTextual() ? v.asText() : v.toString();
        };
    }
}
