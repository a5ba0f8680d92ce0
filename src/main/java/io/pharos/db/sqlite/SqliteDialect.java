package io.pharos.db.sqlite;

import com.zaxxer.hikari.HikariConfig;
import io.pharos.config.DatabaseUrl;
import io.pharos.config.Settings;
import io.pharos.db.Capabilities;
import io.pharos.db.Dialect;
import io.pharos.db.Json;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * SQLite (embedded). Type rules: UUID → TEXT canonical lowercase; JSON → TEXT holding validated JSON
 * (CHECK json_valid in the schema); timestamps → TEXT ISO-8601 UTC with exactly three fraction digits
 * ({@code 2026-01-02T03:04:05.678Z}), so text order is time order; booleans → INTEGER 0/1.
 *
 * <p>Writes go through one connection in IMMEDIATE transactions, serialized by {@link io.pharos.db.Database}: SQLite
 * allows one writer, and a deferred read-then-write transaction fails with SQLITE_BUSY_SNAPSHOT
 * whatever busy_timeout says.
 */
final class SqliteDialect implements Dialect {

    /** The single on-disk text form of an instant on SQLite. */
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Override public String name() { return "sqlite"; }
    @Override public java.util.Optional<io.pharos.db.Replication> replication() { return java.util.Optional.empty(); }
    @Override public boolean serializesWrites() { return true; }
    @Override public String transactionSetup(Settings settings) { return null; }
    @Override public String forUpdate() { return ""; }

    @Override
    public HikariConfig poolConfig(DatabaseUrl url, Settings settings, boolean writer) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url.jdbcUrl());
        c.setPoolName(writer ? "pharos-sqlite-writer" : "pharos-sqlite-reader");
        // one connection for writes; readers run concurrently thanks to WAL
        c.setMaximumPoolSize(writer || url.inMemory() ? 1 : Math.max(2, Math.min(settings.poolSize(), 8)));
        c.setConnectionTimeout(settings.connectionTimeout().toMillis());
        if (url.inMemory()) {
            c.setMaxLifetime(0);   // the memory database lives as long as one connection stays open
            c.setIdleTimeout(0);
            c.setMinimumIdle(1);
        }
        c.addDataSourceProperty("journal_mode", url.inMemory() ? "MEMORY" : "WAL");
        c.addDataSourceProperty("busy_timeout", "30000");
        c.addDataSourceProperty("foreign_keys", "true");
        c.addDataSourceProperty("synchronous", "NORMAL");
        c.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        return c;
    }

    /** {@code mode=ro}, immutable where that is safe ({@link SqliteReadOnly}); none of the PRAGMAs above, which would write. */
    @Override
    public HikariConfig readOnlyPoolConfig(DatabaseUrl url, Settings settings) {
        if (url.inMemory()) return poolConfig(url, settings, false);   // nothing on disk to keep unchanged
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(SqliteReadOnly.jdbcUrl(url.sqliteFile()));
        c.setPoolName("pharos-sqlite-read-only");
        c.setMaximumPoolSize(Math.max(2, Math.min(settings.poolSize(), 8)));
        c.setConnectionTimeout(settings.connectionTimeout().toMillis());
        c.addDataSourceProperty("open_mode", Integer.toString(SqliteReadOnly.OPEN_FLAGS));
        c.setReadOnly(true);   // what the pool sets on each connection must match the open mode (sqlite-jdbc refuses a change)
        c.addDataSourceProperty("busy_timeout", "30000");   // per connection: waits out a writer's lock, writes nothing
        return c;
    }

    @Override
    public void installTypes(Jdbi jdbi) {
        jdbi.registerArgument(new AbstractArgumentFactory<UUID>(Types.VARCHAR) {
            @Override protected Argument build(UUID value, ConfigRegistry config) {
                return (pos, stmt, ctx) -> stmt.setString(pos, value.toString());
            }
        });
        jdbi.registerArgument(new AbstractArgumentFactory<Instant>(Types.VARCHAR) {
            @Override protected Argument build(Instant value, ConfigRegistry config) {
                return (pos, stmt, ctx) -> stmt.setString(pos, TIMESTAMP.format(value.truncatedTo(ChronoUnit.MILLIS)));
            }
        });
        jdbi.registerArgument(new AbstractArgumentFactory<Json>(Types.VARCHAR) {
            @Override protected Argument build(Json value, ConfigRegistry config) {
                return (pos, stmt, ctx) -> stmt.setString(pos, value.text());
            }
        });
        jdbi.registerColumnMapper(UUID.class, (rs, col, ctx) -> {
            String s = rs.getString(col);
            return s == null ? null : UUID.fromString(s);
        });
        jdbi.registerColumnMapper(Instant.class, (rs, col, ctx) -> {
            String s = rs.getString(col);
            return s == null ? null : Instant.parse(s);
        });
    }

    @Override
    public String jsonArrayContains(String column, String param) {
        return "EXISTS (SELECT 1 FROM json_each(" + column + ") WHERE json_each.value = :" + param + ")";
    }

    @Override
    public Capabilities probe(Handle handle) {
        Map<String, Boolean> f = new LinkedHashMap<>();
        f.put("fts5", works(handle, "CREATE VIRTUAL TABLE temp.pharos_probe_fts5 USING fts5(x)", "DROP TABLE temp.pharos_probe_fts5"));
        f.put("fts5_trigram", works(handle, "CREATE VIRTUAL TABLE temp.pharos_probe_tri USING fts5(x, tokenize='trigram')", "DROP TABLE temp.pharos_probe_tri"));
        f.put("json1", works(handle, "SELECT json_valid('[]')", null));
        return new Capabilities(f);
    }

    private static boolean works(Handle handle, String sql, String cleanup) {
        try {
            handle.execute(sql);
            if (cleanup != null) handle.execute(cleanup);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String libraryIdentity(Handle handle) {
        String file = handle.createQuery("SELECT file FROM pragma_database_list WHERE name = 'main'").mapTo(String.class).findOne().orElse("");
        return file.isEmpty() ? "" : "sqlite:" + file;
    }

    @Override
    public String serverVersion(Handle handle) {
        return "SQLite " + handle.createQuery("SELECT sqlite_version()").mapTo(String.class).one();
    }

    @Override
    public void checkPrerequisites(Handle handle) {
        // JSON1 and FTS5 are compiled into the bundled sqlite-jdbc; nothing to install.
    }

    @Override
    public boolean isTimeout(SQLException e) {
        return false;   // SQLite has no statement timeout; busy waits are bounded by busy_timeout and retried
    }

    @Override
    public boolean isTransient(SQLException e) {
        // SQLITE_BUSY (5) / SQLITE_LOCKED (6) can only come from another process writing the same file.
        return e.getErrorCode() == 5 || e.getErrorCode() == 6;
    }

    @Override
    public boolean isConnectionFailure(SQLException e) {
        return false;   // embedded: there is no server connection to lose
    }

    /** The capture and guard triggers of {@code pharos migrate --live} raise {@code RAISE(ABORT, 'pharos_live_hold: ...')}. */
    @Override
    public boolean isWriteHeld(SQLException e) {
        return e.getMessage() != null && e.getMessage().contains(SqliteLiveCapture.HOLD);
    }

    @Override
    public boolean isMoved(SQLException e) {
        return e.getMessage() != null && e.getMessage().contains(SqliteLiveCapture.MOVED);
    }
}
