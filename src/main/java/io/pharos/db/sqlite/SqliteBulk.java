package io.pharos.db.sqlite;

import io.pharos.migrate.bulk.BadValueException;
import io.pharos.migrate.bulk.BulkAccess;
import io.pharos.migrate.bulk.ColumnDef;
import io.pharos.migrate.bulk.ColumnType;
import io.pharos.migrate.bulk.ForeignKeyDef;
import io.pharos.migrate.bulk.RowWriter;
import io.pharos.migrate.bulk.TableDef;
import io.pharos.migrate.bulk.Values;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * SQLite's side: catalogue from {@code PRAGMA table_list / table_xinfo / foreign_key_list}; values are
 * checked against their logical type (SQLite's loose typing lets any value into any column: one of the
 * wrong kind is a bad row, never coerced); writes are prepared INSERTs in the caller's (large) transaction.
 */
final class SqliteBulk implements BulkAccess {
    private static final Set<String> LIQUIBASE = Set.of("databasechangelog", "databasechangeloglock");

    @Override
    public List<TableDef> catalog(Connection c, List<String> ignored) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA main.table_list")) {
            while (rs.next()) {
                String name = rs.getString("name");
                String type = rs.getString("type");   // table, view, virtual, shadow
                if (!"table".equals(type) || name.startsWith("sqlite_")) continue;
                if (LIQUIBASE.contains(name.toLowerCase(Locale.ROOT)) || ignored.contains(name)) continue;
                names.add(name);
            }
        }
        names.sort(String::compareTo);
        List<TableDef> tables = new ArrayList<>();
        for (String name : names) tables.add(table(c, name));
        return tables;
    }

    private TableDef table(Connection c, String name) throws SQLException {
        List<ColumnDef> columns = new ArrayList<>();
        Map<Integer, String> pk = new java.util.TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA main.table_xinfo(" + quote(name) + ")")) {
            while (rs.next()) {
                if (rs.getInt("hidden") != 0) continue;   // generated (2, 3) or hidden columns: derived
                String col = rs.getString("name");
                String declared = rs.getString("type") == null ? "" : rs.getString("type");
                columns.add(new ColumnDef(col, affinity(declared), declared, rs.getInt("notnull") == 1, false, 0, null));
                if (rs.getInt("pk") > 0) pk.put(rs.getInt("pk"), col);
            }
        }
        Map<Integer, ForeignKeyBuilder> fks = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA main.foreign_key_list(" + quote(name) + ")")) {
            while (rs.next()) {
                var fk = fks.computeIfAbsent(rs.getInt("id"), id -> new ForeignKeyBuilder());
                try {
                    fk.table = rs.getString("table");
                    fk.columns.add(rs.getString("from"));
                    fk.refColumns.add(rs.getString("to"));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        List<ForeignKeyDef> foreignKeys = new ArrayList<>();
        for (ForeignKeyBuilder b : fks.values()) foreignKeys.add(new ForeignKeyDef(b.columns, b.table, b.refColumns));
        List<String> key = pk.isEmpty() ? uniqueKey(c, name, columns) : new ArrayList<>(pk.values());
        return new TableDef(name, columns, key, foreignKeys);
    }

    /** For a table without a primary key: the columns of its first full unique index over NOT NULL columns, or none. */
    private List<String> uniqueKey(Connection c, String table, List<ColumnDef> columns) throws SQLException {
        List<String> indexes = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA main.index_list(" + quote(table) + ")")) {
            while (rs.next()) {
                if (rs.getInt("unique") == 1 && rs.getInt("partial") == 0) indexes.add(rs.getString("name"));
            }
        }
        indexes.sort(String::compareTo);
        for (String index : indexes) {
            List<String> cols = new ArrayList<>();
            boolean usable = true;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA main.index_info(" + quote(index) + ")")) {
                while (rs.next()) {
                    String col = rs.getString("name");
                    usable &= col != null && columns.stream().anyMatch(d -> d.name().equals(col) && d.notNull());
                    cols.add(col);
                }
            }
            if (usable && !cols.isEmpty()) return cols;
        }
        return List.of();
    }

    private static final class ForeignKeyBuilder {
        String table;
        final List<String> columns = new ArrayList<>();
        final List<String> refColumns = new ArrayList<>();
    }

    /** SQLite's affinity rules (section 3.1 of the datatype doc), used only between two SQLite files. */
    private static ColumnType affinity(String declared) {
        String t = declared.toUpperCase(Locale.ROOT);
        if (t.contains("INT")) return ColumnType.INTEGER;
        if (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) return ColumnType.TEXT;
        if (t.isEmpty() || t.contains("BLOB")) return ColumnType.BYTES;
        if (t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB")) return ColumnType.DOUBLE;
        return ColumnType.TEXT;
    }

    @Override
    public List<String> loadReadiness(Connection c) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA main.database_list")) {
            if (rs.next() && rs.getString("file") != null && !rs.getString("file").isEmpty()) {
                java.nio.file.Path file = java.nio.file.Path.of(rs.getString("file"));
                try {
                    long free = java.nio.file.Files.getFileStore(file).getUsableSpace();
                    lines.add("target file " + file + (java.nio.file.Files.isWritable(file) ? " is writable" : " is NOT writable")
                            + ", " + (free >> 20) + " MiB free on its disk");
                } catch (java.io.IOException e) {
                    lines.add("target file " + file + ": free space unknown (" + e.getMessage() + ")");
                }
            }
        }
        return lines;
    }

    @Override
    public Object read(ResultSet rs, int index, ColumnDef column) throws SQLException, BadValueException {
        Object v = rs.getObject(index);
        if (v == null) return null;
        String name = column.name();
        return switch (column.type()) {
            case UUID -> Values.uuid(name, text(name, v, "a UUID"));
            case JSON -> {
                String s = text(name, v, "JSON");
                Values.json(name, s);
                yield s;
            }
            case TIMESTAMP -> Values.timestamp(name, text(name, v, "an ISO-8601 timestamp"));
            case LOCAL_TIMESTAMP -> Values.localTimestamp(name, text(name, v, "an ISO-8601 date-time"));
            case DATE -> Values.date(name, text(name, v, "an ISO-8601 date"));
            case BOOLEAN -> {
                if (v instanceof Integer || v instanceof Long) {
                    long l = ((Number) v).longValue();
                    if (l == 0 || l == 1) yield l == 1;
                }
                throw new BadValueException(name, "holds " + Values.kind(v) + " where a boolean (0 or 1) belongs");
            }
            case INTEGER -> {
                if (v instanceof Integer || v instanceof Long) yield ((Number) v).longValue();
                throw new BadValueException(name, "holds " + Values.kind(v) + " where an INTEGER belongs");
            }
            case DOUBLE -> {
                if (v instanceof Double d) yield d;
                if (v instanceof Float f) yield (double) f;
                throw new BadValueException(name, "holds " + Values.kind(v) + " where a REAL belongs");
            }
            case TEXT -> text(name, v, "TEXT");
            case VECTOR -> {
                if (v instanceof byte[] b) yield Values.vectorFromLittleEndian(name, b, column.dimension());
                throw new BadValueException(name, "holds " + Values.kind(v) + " where a float32 vector BLOB belongs");
            }
            case BYTES -> {
                if (v instanceof byte[] b) yield b;
                throw new BadValueException(name, "holds " + Values.kind(v) + " where a BLOB belongs");
            }
        };
    }

    private static String text(String column, Object v, String expected) throws BadValueException {
        if (v instanceof String s) return s;
        throw new BadValueException(column, "holds " + Values.kind(v) + " where " + expected + " belongs");
    }

    @Override
    public void bind(PreparedStatement ps, int index, ColumnDef column, Object value) throws SQLException {
        try {
            bindChecked(ps, index, column, value);
        } catch (BadValueException e) {
            throw new SQLException(e.getMessage(), e);
        }
    }

    void bindChecked(PreparedStatement ps, int index, ColumnDef column, Object value) throws SQLException, BadValueException {
        if (value == null) {
            ps.setNull(index, java.sql.Types.NULL);
            return;
        }
        switch (column.type()) {
            case UUID, JSON, TEXT -> ps.setString(index, value.toString());
            case TIMESTAMP -> ps.setString(index, timestamp(column.name(), (OffsetDateTime) value));
            case LOCAL_TIMESTAMP -> ps.setString(index, Values.localTimestampText((java.time.LocalDateTime) value));
            case DATE -> ps.setString(index, value.toString());
            case BOOLEAN -> ps.setInt(index, (Boolean) value ? 1 : 0);
            case INTEGER -> ps.setLong(index, (Long) value);
            case DOUBLE -> ps.setDouble(index, (Double) value);
            case VECTOR -> ps.setBytes(index, Values.vectorToLittleEndian((float[]) value));
            case BYTES -> ps.setBytes(index, (byte[]) value);
        }
    }

    /** SQLite's one text form of an instant ({@link SqliteDialect#TIMESTAMP}); refuses sub-millisecond precision, which it cannot hold. */
    private static String timestamp(String column, OffsetDateTime t) throws BadValueException {
        if (t.getNano() % 1_000_000 != 0) throw new BadValueException(column, t + " has sub-millisecond precision, which SQLite's timestamp form (milliseconds) would lose");
        return SqliteDialect.TIMESTAMP.format(t);
    }

    @Override
    public RowWriter writer(Connection c, TableDef table, List<ColumnDef> columns) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(quote(table.name())).append(" (");
        for (int i = 0; i < columns.size(); i++) sql.append(i == 0 ? "" : ", ").append(quote(columns.get(i).name()));
        sql.append(") VALUES (").append("?, ".repeat(columns.size() - 1)).append("?)");
        PreparedStatement ps = c.prepareStatement(sql.toString());
        return new RowWriter() {
            int pending;

            @Override public void add(Object[] row) throws BadValueException, SQLException {
                for (int i = 0; i < columns.size(); i++) bindChecked(ps, i + 1, columns.get(i), row[i]);
                ps.addBatch();
                pending++;
            }

            @Override public int flush() throws SQLException {
                int n = pending;
                pending = 0;
                if (n > 0) ps.executeBatch();
                return n;
            }

            @Override public void discard() {
                pending = 0;
                try {
                    ps.clearBatch();
                } catch (SQLException ignored) {
                    // the statement is being abandoned anyway
                }
            }

            @Override public void close() throws SQLException {
                ps.close();
            }
        };
    }

    @Override
    public List<String> suspendForeignKeys(Connection c, TableDef table) {
        return List.of();   // the load session has foreign_keys=OFF
    }

    @Override
    public void beginLoadSession(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA foreign_keys = OFF");
        }
    }

    @Override
    public void endLoadSession(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA foreign_keys = ON");
        }
    }

    @Override
    public void resetSequences(Connection c, TableDef table) {
        // AUTOINCREMENT keys: SQLite raises sqlite_sequence itself when a larger key is inserted
    }

    /**
     * Deletes every row (in a load session: foreign keys off, so SQLite's truncate optimization applies),
     * then refuses, like PostgreSQL's TRUNCATE, when rows of another table still reference an emptied one.
     */
    @Override
    public void truncate(Connection c, List<String> tables) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String t : tables) s.executeUpdate("DELETE FROM " + quote(t));
            try (ResultSet rs = s.executeQuery("PRAGMA main.foreign_key_check")) {
                if (rs.next()) {
                    throw new SQLException("cannot empty table " + rs.getString("parent") + ": rows of " + rs.getString("table")
                            + " still reference it (include " + rs.getString("table") + " in the migration)");
                }
            }
        }
    }
}
