package io.pharos.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * How a database with streaming replicas reports commit positions ({@link Dialect#replication}): what the
 * primary has committed and flushed, and how far a replica has replayed. PostgreSQL's is in
 * {@code db.postgres}; SQLite has none.
 */
public interface Replication {

    /**
     * A position at or past the end of every transaction committed on the primary so far. Asked after a
     * commit returned (on any connection to the primary), it covers that commit; asked inside the
     * transaction, before {@code COMMIT}, it would not (the commit record is written after it).
     */
    CommitPosition committed(Connection primary) throws SQLException;

    /** How far the primary has flushed its log: what a replica can have received. */
    CommitPosition flushed(Connection primary) throws SQLException;

    /** What a replica reports of itself. */
    Replay replay(Connection replica) throws SQLException;

    /** {@code replaying}: the server is a replica in recovery (false once promoted); {@code position}: replayed up to here. */
    record Replay(boolean replaying, CommitPosition position) {}
}
