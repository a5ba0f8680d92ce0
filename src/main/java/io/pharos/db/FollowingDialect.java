package io.pharos.db;

import com.zaxxer.hikari.HikariConfig;
import io.pharos.config.DatabaseUrl;
import io.pharos.config.Settings;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * The {@link Dialect} of whatever database a {@link Database} serves now: stores keep the object they were
 * given, and after a {@link Database#switchTo} (SQLite → PostgreSQL or back) it answers for the new one.
 */
final class FollowingDialect implements Dialect {
    private final Supplier<Dialect> current;

    FollowingDialect(Supplier<Dialect> current) {
        this.current = current;
    }

    private Dialect d() {
        return current.get();
    }

    @Override public String name() { return d().name(); }
    @Override public HikariConfig poolConfig(DatabaseUrl url, Settings settings, boolean writer) { return d().poolConfig(url, settings, writer); }
    @Override public HikariConfig readOnlyPoolConfig(DatabaseUrl url, Settings settings) { return d().readOnlyPoolConfig(url, settings); }
    @Override public String transactionSetup(Settings settings) { return d().transactionSetup(settings); }
    @Override public java.util.Optional<Replication> replication() { return d().replication(); }
    @Override public boolean serializesWrites() { return d().serializesWrites(); }
    @Override public void installTypes(Jdbi jdbi) { d().installTypes(jdbi); }
    @Override public String forUpdate() { return d().forUpdate(); }
    @Override public String jsonArrayContains(String column, String param) { return d().jsonArrayContains(column, param); }
    @Override public Capabilities probe(Handle handle) { return d().probe(handle); }
    @Override public String serverVersion(Handle handle) { return d().serverVersion(handle); }
    @Override public String libraryIdentity(Handle handle) { return d().libraryIdentity(handle); }
    @Override public void checkPrerequisites(Handle handle) { d().checkPrerequisites(handle); }
    @Override public boolean isTimeout(SQLException e) { return d().isTimeout(e); }
    @Override public boolean isTransient(SQLException e) { return d().isTransient(e); }
    @Override public boolean isConnectionFailure(SQLException e) { return d().isConnectionFailure(e); }
    @Override public boolean isWriteHeld(SQLException e) { return d().isWriteHeld(e); }
    @Override public boolean isMoved(SQLException e) { return d().isMoved(e); }

    @Override
    public String toString() {
        return d().toString();
    }
}
