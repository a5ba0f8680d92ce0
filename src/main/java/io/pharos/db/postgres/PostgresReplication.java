package io.pharos.db.postgres;

import io.pharos.db.CommitPosition;
import io.pharos.db.Replication;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * WAL positions of PostgreSQL streaming replication.
 *
 * <p>The commit position is {@code pg_current_wal_insert_lsn()} read after the commit returned: the insert
 * position is past every record inserted so far, the commit record included, even with
 * {@code synchronous_commit = off} (where the flush and write positions may still be before it). Read inside
 * the transaction it would be before the commit record, and a replica that replayed up to it would not show
 * the transaction yet.
 *
 * <p>An insert position right after a page header (the previous record ended exactly at the page boundary)
 * is reported as that boundary: a replica that replayed the last record reports the boundary, never the
 * header's end, and would otherwise seem behind until the next record.
 */
final class PostgresReplication implements Replication {
    /** PostgreSQL's default WAL page and segment sizes, and the headers that start a page and a segment. */
    private static final long PAGE = 8192, SEGMENT = 16L * 1024 * 1024, SHORT_HEADER = 24, LONG_HEADER = 40;

    @Override
    public CommitPosition committed(Connection primary) throws SQLException {
        try (Statement s = primary.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_current_wal_insert_lsn()::text, "
                     + "current_setting('wal_block_size') = '8192' AND current_setting('wal_segment_size') = '16MB'")) {
            rs.next();
            long insert = CommitPosition.parse(rs.getString(1)).value();
            return new CommitPosition(rs.getBoolean(2) ? boundary(insert) : insert);   // other sizes: no correction, always safe
        }
    }

    /** {@code insert}, or the page boundary just before it when it sits right after a page header. */
    static long boundary(long insert) {
        if (insert % SEGMENT == LONG_HEADER) return insert - LONG_HEADER;
        if (insert % PAGE == SHORT_HEADER && insert % SEGMENT != SHORT_HEADER) return insert - SHORT_HEADER;
        return insert;
    }

    @Override
    public CommitPosition flushed(Connection primary) throws SQLException {
        try (Statement s = primary.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_current_wal_flush_lsn()::text")) {
            rs.next();
            return CommitPosition.parse(rs.getString(1));
        }
    }

    @Override
    public Replay replay(Connection replica) throws SQLException {
        try (Statement s = replica.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text")) {
            rs.next();
            boolean replaying = rs.getBoolean(1);
            String lsn = rs.getString(2);
            return new Replay(replaying, lsn == null ? CommitPosition.NONE : CommitPosition.parse(lsn));
        }
    }
}
