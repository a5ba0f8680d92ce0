package io.pharos.migrate.bulk;

import java.sql.SQLException;

/**
 * Writes rows of one table into the target inside the caller's transaction: COPY on PostgreSQL,
 * prepared INSERTs on SQLite. {@link #add} converts (and may refuse) a row before anything is sent, so a
 * bad value never reaches the database; {@link #flush} sends what was added.
 */
public interface RowWriter extends AutoCloseable {
    /** Converts and buffers one row (values in the order of the columns the writer was opened with). */
    void add(Object[] row) throws BadValueException, SQLException;

    /** Sends the buffered rows; returns how many. On failure nothing of them is kept by the caller's transaction. */
    int flush() throws SQLException;

    /** Drops buffered rows without sending them. */
    void discard();

    @Override
    void close() throws SQLException;
}
