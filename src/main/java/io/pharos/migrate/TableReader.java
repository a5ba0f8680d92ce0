package io.pharos.migrate;

import io.pharos.migrate.bulk.BadValueException;
import io.pharos.migrate.bulk.BulkAccess;
import io.pharos.migrate.bulk.ColumnDef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one table of one database in primary-key order, a batch at a time, continuing after the last key
 * read (keyset: {@code WHERE (k1, k2) > (?, ?) ORDER BY k1, k2 LIMIT n}, never OFFSET): memory holds one
 * batch whatever the table's size, and a later process continues from a key kept in the checkpoint.
 */
final class TableReader {
    /** A row as read: its key as the database holds it, its values (null when one is bad) and why, its hash if asked. */
    record Row(Object[] rawKey, Object[] values, Object[] raw, BadValueException bad, byte[] hash) {}

    private final BulkAccess bulk;
    private final List<ColumnDef> columns;
    private final int[] key;
    private final String first;
    private final String after;
    private final String byKey;

    TableReader(BulkAccess bulk, String table, List<ColumnDef> columns, int[] key) {
        this.bulk = bulk;
        this.columns = columns;
        this.key = key;
        String cols = String.join(", ", columns.stream().map(bulk::selectExpression).toList());
        List<String> keys = new ArrayList<>();
        for (int k : key) keys.add(bulk.quote(columns.get(k).name()));
        String order = String.join(", ", keys);
        String from = "SELECT " + cols + " FROM " + bulk.quote(table);
        String params = "?, ".repeat(key.length - 1) + "?";
        this.first = from + " ORDER BY " + order + " LIMIT ?";
        this.after = from + " WHERE " + (key.length == 1 ? order + " > ?" : "(" + order + ") > (" + params + ")") + " ORDER BY " + order + " LIMIT ?";
        this.byKey = from + " WHERE " + String.join(" AND ", keys.stream().map(k -> k + " = ?").toList());
    }

    List<Row> batch(Connection c, Object[] afterKey, int limit) throws SQLException {
        return batch(c, afterKey, limit, null);
    }

    /** The next batch after {@code afterKey} (null: from the start), each good row hashed with {@code hash} if given. */
    List<Row> batch(Connection c, Object[] afterKey, int limit, RowHash hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(afterKey == null ? first : after)) {
            int p = 1;
            if (afterKey != null) for (Object o : afterKey) ps.setObject(p++, o);
            ps.setInt(p, limit);
            List<Row> rows = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) rows.add(row(rs, hash));
            }
            return rows;
        }
    }

    /** The row with the given key (values in their logical form), or null. */
    Row byKey(Connection c, Object[] logicalKey) throws SQLException {
        try (PreparedStatement ps = prepareByKey(c)) {
            return byKey(ps, logicalKey);
        }
    }

    /** A statement for {@link #byKey(PreparedStatement, Object[])}, to look up many keys. */
    PreparedStatement prepareByKey(Connection c) throws SQLException {
        return c.prepareStatement(byKey);
    }

    Row byKey(PreparedStatement ps, Object[] logicalKey) throws SQLException {
        for (int i = 0; i < key.length; i++) bulk.bind(ps, i + 1, columns.get(key[i]), logicalKey[i]);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? row(rs, null) : null;
        }
    }

    private Row row(ResultSet rs, RowHash hash) throws SQLException {
        Object[] rawKey = new Object[key.length];
        for (int i = 0; i < key.length; i++) rawKey[i] = rawKey(rs, key[i]);
        Object[] values = new Object[columns.size()];
        try {
            for (int i = 0; i < values.length; i++) values[i] = bulk.read(rs, i + 1, columns.get(i));
            return new Row(rawKey, values, null, null, hash == null ? null : hash.hash(values));
        } catch (BadValueException e) {
            Object[] raw = new Object[columns.size()];
            for (int i = 0; i < raw.length; i++) raw[i] = rs.getObject(i + 1);
            return new Row(rawKey, null, raw, e, null);
        }
    }

    /**
     * A key value as the database holds it, to continue after it later. A naive timestamp that the driver
     * hands over as {@code java.sql.Timestamp} (PostgreSQL) is taken as its date-time instead, which is
     * bound back as a timestamp without time zone whatever the JVM's time zone.
     */
    private Object rawKey(ResultSet rs, int column) throws SQLException {
        Object v = rs.getObject(column + 1);
        if (v instanceof java.sql.Timestamp && columns.get(column).type() == io.pharos.migrate.bulk.ColumnType.LOCAL_TIMESTAMP) {
            return rs.getObject(column + 1, java.time.LocalDateTime.class);
        }
        return v;
    }

    /** The logical key values of a row read whole. */
    Object[] logicalKey(Object[] values) {
        Object[] k = new Object[key.length];
        for (int i = 0; i < key.length; i++) k[i] = values[key[i]];
        return k;
    }
}
