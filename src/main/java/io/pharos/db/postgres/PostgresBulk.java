package io.pharos.db.postgres;

import io.pharos.migrate.bulk.BadValueException;
import io.pharos.migrate.bulk.BulkAccess;
import io.pharos.migrate.bulk.ColumnDef;
import io.pharos.migrate.bulk.ColumnType;
import io.pharos.migrate.bulk.ForeignKeyDef;
import io.pharos.migrate.bulk.RowWriter;
import io.pharos.migrate.bulk.TableDef;
import com.pgvector.PGvector;
import org.postgresql.util.PGobject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's side: catalogue from {@code pg_catalog} (current schema), precise column types (they decide
 * the conversion rules), writes by binary {@code COPY} ({@link PgBinaryCopyWriter}), foreign keys dropped for
 * a table's load and re-added (validated) after it.
 */
final class PostgresBulk implements BulkAccess {

    private static final String COLUMNS = """
            SELECT c.relname, a.attname, t.typname, a.attnotnull, a.atttypmod, a.attgenerated,
                   pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            JOIN pg_type t ON t.oid = a.atttypid
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            ORDER BY c.relname, a.attnum
            """;
    private static final String PRIMARY_KEYS = """
            SELECT c.relname, a.attname
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
            WHERE i.indisprimary AND n.nspname = current_schema()
            ORDER BY c.relname, k.ord
            """;
    /** Full unique indexes (no predicate, no expression) of tables, for tables without a primary key. */
    private static final String UNIQUE_KEYS = """
            SELECT c.relname, i.indexrelid, a.attname, a.attnotnull
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
            WHERE i.indisunique AND NOT i.indisprimary AND i.indpred IS NULL AND i.indexprs IS NULL
              AND n.nspname = current_schema()
            ORDER BY c.relname, i.indexrelid::regclass::text, k.ord
            """;
    private static final String FOREIGN_KEYS = """
            SELECT con.oid, c.relname, rc.relname AS ref, a.attname, ra.attname AS ref_att
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_class rc ON rc.oid = con.confrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(att, ref_att, ord) ON true
            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.att
            JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.ref_att
            WHERE con.contype = 'f' AND n.nspname = current_schema()
            ORDER BY con.oid, k.ord
            """;

    @Override
    public List<TableDef> catalog(Connection c, List<String> ignored) throws SQLException {
        Map<String, List<ColumnDef>> columns = new LinkedHashMap<>();
        Map<String, List<String>> keys = new LinkedHashMap<>();
        Map<Long, Object[]> fks = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(COLUMNS)) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    String typname = rs.getString(3);
                    columns.computeIfAbsent(table, t -> new ArrayList<>());
                    if (!rs.getString(6).isEmpty() || typname.equals("tsvector")) continue;   // derived columns
                    ColumnType type = type(table, rs.getString(2), typname);
                    int dim = typname.equals("vector") ? Math.max(rs.getInt(5), 0) : 0;
                    columns.get(table).add(new ColumnDef(rs.getString(2), type, typname, rs.getBoolean(4), true, dim, rs.getString(7)));
                }
            }
            try (ResultSet rs = s.executeQuery(PRIMARY_KEYS)) {
                while (rs.next()) keys.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2));
            }
            Map<Long, List<String>> uniqueCols = new LinkedHashMap<>();
            Map<Long, String> uniqueTable = new LinkedHashMap<>();
            java.util.Set<Long> nullable = new java.util.HashSet<>();
            try (ResultSet rs = s.executeQuery(UNIQUE_KEYS)) {
                while (rs.next()) {
                    long index = rs.getLong(2);
                    uniqueTable.put(index, rs.getString(1));
                    uniqueCols.computeIfAbsent(index, x -> new ArrayList<>()).add(rs.getString(3));
                    if (!rs.getBoolean(4)) nullable.add(index);
                }
            }
            uniqueCols.forEach((index, cols) -> {
                if (!nullable.contains(index)) keys.putIfAbsent(uniqueTable.get(index), cols);
            });
            try (ResultSet rs = s.executeQuery(FOREIGN_KEYS)) {
                while (rs.next()) {
                    Object[] fk = fks.computeIfAbsent(rs.getLong(1), id -> new Object[] {null, null, new ArrayList<String>(), new ArrayList<String>()});
                    fk[0] = rs.getString(2);
                    fk[1] = rs.getString(3);
                    cast(fk[2]).add(rs.getString(4));
                    cast(fk[3]).add(rs.getString(5));
                }
            }
        }
        List<TableDef> tables = new ArrayList<>();
        for (var e : columns.entrySet()) {
            String name = e.getKey();
            if (name.equalsIgnoreCase("databasechangelog") || name.equalsIgnoreCase("databasechangeloglock") || ignored.contains(name)) continue;
            List<ForeignKeyDef> foreignKeys = new ArrayList<>();
            for (Object[] fk : fks.values()) {
                if (fk[0].equals(name)) foreignKeys.add(new ForeignKeyDef(cast(fk[2]), (String) fk[1], cast(fk[3])));
            }
            tables.add(new TableDef(name, e.getValue(), keys.getOrDefault(name, List.of()), foreignKeys));
        }
        tables.sort(java.util.Comparator.comparing(TableDef::name));
        return tables;
    }

    @SuppressWarnings("unchecked")
    private static List<String> cast(Object o) {
        return (List<String>) o;
    }

    private static ColumnType type(String table, String column, String typname) throws SQLException {
        return switch (typname) {
            case "uuid" -> ColumnType.UUID;
            case "json", "jsonb" -> ColumnType.JSON;
            case "timestamptz" -> ColumnType.TIMESTAMP;
            case "timestamp" -> ColumnType.LOCAL_TIMESTAMP;
            case "date" -> ColumnType.DATE;
            case "bool" -> ColumnType.BOOLEAN;
            case "int2", "int4", "int8" -> ColumnType.INTEGER;
            case "float4", "float8" -> ColumnType.DOUBLE;
            case "text", "varchar", "bpchar", "name", "citext" -> ColumnType.TEXT;
            case "vector" -> ColumnType.VECTOR;
            case "bytea" -> ColumnType.BYTES;
            default -> throw new SQLException("column " + table + "." + column + " has type " + typname + ", for which migrate has no conversion rule");
        };
    }

    @Override
    public List<String> loadReadiness(Connection c) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT current_user, current_schema(), has_schema_privilege(current_schema(), 'CREATE'),
                       has_database_privilege(current_database(), 'CREATE'), pg_size_pretty(pg_database_size(current_database()))""")) {
            rs.next();
            lines.add("target user " + rs.getString(1) + (rs.getBoolean(3) ? " may" : " may NOT") + " create tables in schema " + rs.getString(2)
                    + (rs.getBoolean(4) ? "" : " (and may not create schemas in this database)"));
            lines.add("target database size " + rs.getString(5) + "; the server's free disk is not visible over SQL: check it holds about the source's size");
        }
        return lines;
    }

    @Override
    public Object read(ResultSet rs, int index, ColumnDef column) throws SQLException, BadValueException {
        Object v = switch (column.type()) {
            case UUID -> rs.getObject(index, java.util.UUID.class);
            case JSON, TEXT -> rs.getString(index);
            case DATE -> rs.getObject(index, java.time.LocalDate.class);
            case TIMESTAMP -> rs.getObject(index, OffsetDateTime.class);
            case LOCAL_TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
            case BOOLEAN -> rs.getBoolean(index);
            case INTEGER -> rs.getLong(index);
            case DOUBLE -> column.nativeType().equals("float4") ? (double) rs.getFloat(index) : rs.getDouble(index);
            case VECTOR -> {
                byte[] b = rs.getBytes(index);
                yield b == null ? null : vectorFromSend(b);
            }
            case BYTES -> rs.getBytes(index);
        };
        return rs.wasNull() ? null : v;
    }

    /** Vectors are read in pgvector's binary form: no float formatting on the server, no parsing here. */
    @Override
    public String selectExpression(ColumnDef column) {
        return column.type() == ColumnType.VECTOR ? "vector_send(" + quote(column.name()) + ")" : quote(column.name());
    }

    /** pgvector's binary form: int16 dimension, int16 unused, then the float4 values, big-endian. */
    static float[] vectorFromSend(byte[] b) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b);
        int dim = buf.getShort() & 0xFFFF;
        buf.getShort();
        float[] v = new float[dim];
        buf.asFloatBuffer().get(v);
        return v;
    }

    @Override
    public void bind(PreparedStatement ps, int index, ColumnDef column, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, java.sql.Types.OTHER);
            return;
        }
        switch (column.type()) {
            case UUID, TIMESTAMP, LOCAL_TIMESTAMP, DATE -> ps.setObject(index, value);
            case JSON -> {
                PGobject o = new PGobject();
                o.setType(column.nativeType().equals("json") ? "json" : "jsonb");
                o.setValue((String) value);
                ps.setObject(index, o);
            }
            case BOOLEAN -> ps.setBoolean(index, (Boolean) value);
            case INTEGER -> ps.setLong(index, (Long) value);
            case DOUBLE -> ps.setDouble(index, (Double) value);
            case TEXT -> ps.setString(index, (String) value);
            case VECTOR -> ps.setObject(index, new PGvector((float[]) value));
            case BYTES -> ps.setBytes(index, (byte[]) value);
        }
    }

    @Override
    public RowWriter writer(Connection c, TableDef table, List<ColumnDef> columns) throws SQLException {
        return new PgBinaryCopyWriter(c, this, table, columns);
    }

    @Override
    public List<String> suspendForeignKeys(Connection c, TableDef table) throws SQLException {
        List<String[]> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                WHERE contype = 'f' AND conrelid = CAST(? AS regclass) ORDER BY conname""")) {
            ps.setString(1, quote(table.name()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) found.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        List<String> restore = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            for (String[] fk : found) {
                restore.add("ALTER TABLE " + quote(table.name()) + " ADD CONSTRAINT " + quote(fk[0]) + " " + fk[1]);
                s.execute("ALTER TABLE " + quote(table.name()) + " DROP CONSTRAINT " + quote(fk[0]));
            }
        }
        return restore;
    }

    @Override
    public void beginLoadSession(Connection c) {
        // foreign keys are suspended per table (suspendForeignKeys)
    }

    @Override
    public void endLoadSession(Connection c) {
        // nothing to undo
    }

    @Override
    public void resetSequences(Connection c, TableDef table) throws SQLException {
        for (ColumnDef col : table.columns()) {
            if (col.sequence() == null) continue;
            try (PreparedStatement ps = c.prepareStatement("SELECT setval(CAST(? AS regclass), COALESCE(max(" + quote(col.name())
                    + "), 1), max(" + quote(col.name()) + ") IS NOT NULL) FROM " + quote(table.name()))) {
                ps.setString(1, col.sequence());
                ps.execute();
            }
        }
    }

    @Override
    public void truncate(Connection c, List<String> tables) throws SQLException {
        if (tables.isEmpty()) return;
        try (Statement s = c.createStatement()) {
            s.execute("TRUNCATE " + String.join(", ", tables.stream().map(this::quote).toList()));
        }
    }
}
