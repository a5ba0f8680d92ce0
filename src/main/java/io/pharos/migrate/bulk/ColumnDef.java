package io.pharos.migrate.bulk;

/**
 * A column as one database's catalogue describes it.
 *
 * @param nativeType the database's own type name (e.g. {@code int4}, {@code vector}, {@code TEXT})
 * @param precise    true when {@code type} comes from a precise declared type (PostgreSQL), false when
 *                   guessed from an SQLite affinity
 * @param dimension  the vector dimension, or 0
 * @param sequence   the sequence feeding this column (PostgreSQL serial/identity), or null
 */
public record ColumnDef(String name, ColumnType type, String nativeType, boolean notNull, boolean precise,
                        int dimension, String sequence) {

    /** This column with the logical type (and dimension) of {@code other}: the precise side decides. */
    public ColumnDef withTypeOf(ColumnDef other) {
        return new ColumnDef(name, other.type, nativeType, notNull, precise, other.dimension, sequence);
    }
}
