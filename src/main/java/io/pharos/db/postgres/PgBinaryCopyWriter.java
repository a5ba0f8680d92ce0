package io.pharos.db.postgres;

import io.pharos.migrate.bulk.BadValueException;
import io.pharos.migrate.bulk.ColumnDef;
import io.pharos.migrate.bulk.RowWriter;
import io.pharos.migrate.bulk.TableDef;
import io.pharos.migrate.bulk.Values;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Rows to PostgreSQL by {@code COPY ... FROM STDIN (FORMAT binary)}: each value encoded in the server's
 * binary form of the target column's type, after the checks that keep a bad value out (NUL in text, out of
 * range integers, inexact float4, sub-microsecond timestamps, wrong vector dimension).
 */
final class PgBinaryCopyWriter implements RowWriter {
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final OffsetDateTime PG_EPOCH = OffsetDateTime.parse("2000-01-01T00:00:00Z");

    private final CopyManager copy;
    private final String sql;
    private final List<ColumnDef> columns;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 20);
    private final ByteArrayOutputStream rowBuffer = new ByteArrayOutputStream(8192);
    private final DataOutputStream row = new DataOutputStream(rowBuffer);
    private int pending;

    PgBinaryCopyWriter(Connection c, PostgresBulk bulk, TableDef table, List<ColumnDef> columns) throws SQLException {
        this.copy = c.unwrap(PGConnection.class).getCopyAPI();
        this.columns = columns;
        StringBuilder s = new StringBuilder("COPY ").append(bulk.quote(table.name())).append(" (");
        for (int i = 0; i < columns.size(); i++) s.append(i == 0 ? "" : ", ").append(bulk.quote(columns.get(i).name()));
        this.sql = s.append(") FROM STDIN (FORMAT binary)").toString();
    }

    @Override
    public void add(Object[] values) throws BadValueException {
        rowBuffer.reset();
        try {
            row.writeShort(columns.size());
            for (int i = 0; i < columns.size(); i++) encode(columns.get(i), values[i]);
            row.flush();
            rowBuffer.writeTo(buffer);
        } catch (IOException e) {
            throw new IllegalStateException(e);   // in-memory streams do not fail
        }
        pending++;
    }

    private void encode(ColumnDef c, Object v) throws IOException, BadValueException {
        if (v == null) {
            row.writeInt(-1);
            return;
        }
        String name = c.name();
        switch (c.type()) {
            case UUID -> {
                UUID u = (UUID) v;
                row.writeInt(16);
                row.writeLong(u.getMostSignificantBits());
                row.writeLong(u.getLeastSignificantBits());
            }
            case JSON -> {
                byte[] b = Values.noNul(name, (String) v).getBytes(StandardCharsets.UTF_8);
                boolean jsonb = c.nativeType().equals("jsonb");
                row.writeInt(b.length + (jsonb ? 1 : 0));
                if (jsonb) row.writeByte(1);
                row.write(b);
            }
            case DATE -> {
                row.writeInt(4);
                row.writeInt((int) (((java.time.LocalDate) v).toEpochDay() - PG_EPOCH.toLocalDate().toEpochDay()));
            }
            case TIMESTAMP -> {
                OffsetDateTime t = (OffsetDateTime) v;
                if (t.getNano() % 1000 != 0) throw new BadValueException(name, t + " has sub-microsecond precision, which PostgreSQL would lose");
                row.writeInt(8);
                row.writeLong(ChronoUnit.MICROS.between(PG_EPOCH, t));
            }
            case LOCAL_TIMESTAMP -> {
                java.time.LocalDateTime t = (java.time.LocalDateTime) v;
                if (t.getNano() % 1000 != 0) throw new BadValueException(name, t + " has sub-microsecond precision, which PostgreSQL would lose");
                row.writeInt(8);
                row.writeLong(ChronoUnit.MICROS.between(PG_EPOCH.toLocalDateTime(), t));
            }
            case BOOLEAN -> {
                row.writeInt(1);
                row.writeByte((Boolean) v ? 1 : 0);
            }
            case INTEGER -> {
                long l = (Long) v;
                switch (c.nativeType()) {
                    case "int2" -> {
                        if (l < Short.MIN_VALUE || l > Short.MAX_VALUE) throw new BadValueException(name, l + " is out of range for smallint");
                        row.writeInt(2);
                        row.writeShort((int) l);
                    }
                    case "int4" -> {
                        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) throw new BadValueException(name, l + " is out of range for integer");
                        row.writeInt(4);
                        row.writeInt((int) l);
                    }
                    default -> {
                        row.writeInt(8);
                        row.writeLong(l);
                    }
                }
            }
            case DOUBLE -> {
                double d = (Double) v;
                if (c.nativeType().equals("float4")) {
                    float f = (float) d;
                    if (f != d && !Double.isNaN(d)) throw new BadValueException(name, d + " is not exactly representable as real (float4)");
                    row.writeInt(4);
                    row.writeFloat(f);
                } else {
                    row.writeInt(8);
                    row.writeDouble(d);
                }
            }
            case TEXT -> {
                byte[] b = Values.noNul(name, (String) v).getBytes(StandardCharsets.UTF_8);
                row.writeInt(b.length);
                row.write(b);
            }
            case VECTOR -> {
                float[] f = Values.checkVector(name, (float[]) v, c.dimension());
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 4 * f.length);
                b.putInt(4 + 4 * f.length).putShort((short) f.length).putShort((short) 0).asFloatBuffer().put(f);
                row.write(b.array());
            }
            case BYTES -> {
                byte[] b = (byte[]) v;
                row.writeInt(b.length);
                row.write(b);
            }
        }
    }

    @Override
    public int flush() throws SQLException {
        int n = pending;
        if (n == 0) return 0;
        pending = 0;
        CopyIn in = copy.copyIn(sql);
        try {
            in.writeToCopy(HEADER, 0, HEADER.length);
            byte[] body = buffer.toByteArray();
            buffer.reset();
            in.writeToCopy(body, 0, body.length);
            in.writeToCopy(new byte[] {(byte) 0xFF, (byte) 0xFF}, 0, 2);
            in.endCopy();
        } finally {
            if (in.isActive()) in.cancelCopy();
        }
        return n;
    }

    @Override
    public void discard() {
        buffer.reset();
        pending = 0;
    }

    @Override
    public void close() {
        buffer.reset();
    }
}
