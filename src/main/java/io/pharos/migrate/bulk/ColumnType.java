package io.pharos.migrate.bulk;

/**
 * The logical type of a column, the same on both databases. It decides the one conversion rule a value
 * follows between them and the canonical form its checksum is computed over. The PostgreSQL column type
 * decides it (SQLite's declared types only say how a value is stored there); between two SQLite files
 * INTEGER, REAL, BLOB and TEXT affinities decide.
 *
 * <p>Java form of a value while in flight: {@link #UUID} {@code java.util.UUID}, {@link #JSON} String
 * (validated JSON text), {@link #TIMESTAMP} {@code OffsetDateTime} (an instant: PostgreSQL {@code timestamptz}),
 * {@link #LOCAL_TIMESTAMP} {@code LocalDateTime} (a naive date-time: PostgreSQL {@code timestamp} without time
 * zone; SQLite: TEXT {@code 2026-01-31 10:15:30}, SQLite's own {@code datetime()} form), {@link #BOOLEAN} Boolean,
 * {@link #INTEGER} Long, {@link #DOUBLE} Double, {@link #TEXT} String, {@link #VECTOR} float[],
 * {@link #BYTES} byte[], {@link #DATE} {@code LocalDate} (SQLite: TEXT {@code 2026-01-31}).
 */
public enum ColumnType {
    // new types go last: the ordinal tags each value in the checksum (RowHash), kept in checkpoints
    UUID, JSON, TIMESTAMP, BOOLEAN, INTEGER, DOUBLE, TEXT, VECTOR, BYTES, DATE, LOCAL_TIMESTAMP
}
