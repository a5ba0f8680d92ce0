package io.pharos.db.postgres;

import com.zaxxer.hikari.HikariConfig;
import io.pharos.common.ConfigurationException;
import io.pharos.config.DatabaseUrl;
import io.pharos.config.DbPooler;
import io.pharos.config.Settings;
import io.pharos.db.Capabilities;
import io.pharos.db.Dialect;
import io.pharos.db.Json;
import io.pharos.db.Replication;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.postgresql.util.PGobject;

import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * PostgreSQL 15+ with pgvector. Type rules: UUID → uuid; JSON → jsonb; timestamps → timestamptz (bound
 * as UTC, truncated to milliseconds so both databases hold the same instant); booleans → boolean; text → text.
 * Every connection: READ COMMITTED, {@code TimeZone=UTC}, {@code statement_timeout} from the settings; behind
 * a transaction-pooling PgBouncer ({@code PHAROS_DB_POOLER=pgbouncer}) the same, but set in every transaction
 * ({@link #transactionSetup}) with no server-side prepared statements ({@code prepareThreshold=0}). The
 * settings search needs ({@code jit}, {@code hnsw.*}, {@code pg_trgm.*}) are {@code SET LOCAL} in its own
 * transactions in both modes; no advisory locks, no {@code LISTEN}.
 */
final class PostgresDialect implements Dialect {

    /** Extensions the schema uses, with the package hint shown when one is missing. */
    private static final Map<String, String> REQUIRED_EXTENSIONS = Map.of(
            "vector", "pgvector: Debian/Ubuntu package postgresql-NN-pgvector, or build it from source (see README)",
            "pg_trgm", "pg_trgm: part of PostgreSQL's contrib modules (package postgresql-contrib on older distributions)");

    private static final Replication REPLICATION = new PostgresReplication();

    @Override public String name() { return "postgresql"; }
    @Override public java.util.Optional<Replication> replication() { return java.util.Optional.of(REPLICATION); }
    @Override public boolean serializesWrites() { return false; }
    @Override public String forUpdate() { return " FOR UPDATE"; }

    @Override
    public HikariConfig poolConfig(DatabaseUrl url, Settings settings, boolean writer) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) c.setUsername(url.user());
        if (url.password() != null) c.setPassword(url.password());
        c.setPoolName("pharos-postgresql");
        c.setMaximumPoolSize(settings.poolSize());
        c.setMaxLifetime(3_600_000);
        c.setConnectionTimeout(settings.connectionTimeout().toMillis());
        c.addDataSourceProperty("ApplicationName", "pharos");
        if (settings.pooler() == DbPooler.PGBOUNCER) {
            // transaction pooling: no server-side prepared statements (a later execution may reach another
            // server connection), no session state: the settings come with every transaction instead
            c.addDataSourceProperty("prepareThreshold", "0");
            return c;
        }
        c.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        c.setConnectionInitSql("SET TIME ZONE 'UTC'; SET statement_timeout = " + settings.statementTimeout().toMillis());
        return c;
    }

    /** The read pool's settings, with every transaction of the session read-only (autocommit statements included). */
    @Override
    public HikariConfig readOnlyPoolConfig(DatabaseUrl url, Settings settings) {
        HikariConfig c = poolConfig(url, settings, false);
        c.setPoolName("pharos-postgresql-read-only");
        String init = c.getConnectionInitSql();
        String readOnly = "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY";
        c.setConnectionInitSql(init == null || init.isBlank() ? readOnly : init + "; " + readOnly);
        return c;
    }

    @Override
    public String transactionSetup(Settings settings) {
        if (settings.pooler() != DbPooler.PGBOUNCER) return null;
        return "SET TRANSACTION ISOLATION LEVEL READ COMMITTED; SET LOCAL TIME ZONE 'UTC'; SET LOCAL statement_timeout = "
                + settings.statementTimeout().toMillis();
    }

    @Override
    public void installTypes(Jdbi jdbi) {
        jdbi.registerArgument(new AbstractArgumentFactory<UUID>(Types.OTHER) {
            @Override protected Argument build(UUID value, ConfigRegistry config) {
                return (pos, stmt, ctx) -> stmt.setObject(pos, value);
            }
        });
        jdbi.registerArgument(new AbstractArgumentFactory<Instant>(Types.TIMESTAMP_WITH_TIMEZONE) {
            @Override protected Argument build(Instant value, ConfigRegistry config) {
                return (pos, stmt, ctx) -> stmt.setObject(pos, OffsetDateTime.ofInstant(value.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC));
            }
        });
        jdbi.registerArgument(new AbstractArgumentFactory<Json>(Types.OTHER) {
            @Override protected Argument build(Json value, ConfigRegistry config) {
                return (pos, stmt, ctx) -> {
                    PGobject json = new PGobject();
                    json.setType("jsonb");
                    json.setValue(value.text());
                    stmt.setObject(pos, json);
                };
            }
        });
        jdbi.registerColumnMapper(UUID.class, (rs, col, ctx) -> rs.getObject(col, UUID.class));
        jdbi.registerColumnMapper(Instant.class, (rs, col, ctx) -> {
            OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        });
    }

    @Override
    public String jsonArrayContains(String column, String param) {
        // served by the GIN jsonb_path_ops index
        return column + " @> jsonb_build_array(CAST(:" + param + " AS text))";
    }

    @Override
    public Capabilities probe(Handle handle) {
        List<String> installed = handle.createQuery("SELECT extname FROM pg_extension").mapTo(String.class).list();
        Map<String, Boolean> f = new LinkedHashMap<>();
        f.put("pgvector", installed.contains("vector"));
        f.put("pg_trgm", installed.contains("pg_trgm"));
        f.put("full_text", true);
        return new Capabilities(f);
    }

    @Override
    public String libraryIdentity(Handle handle) {
        // the cluster's system identifier (replicas share it) and the database's oid, not the host name a client
        // used; where pg_control_system() is not granted, the address and port the server accepted on
        boolean granted = handle.createQuery("SELECT has_function_privilege('pg_control_system()', 'EXECUTE')").mapTo(Boolean.class).one();
        String cluster = granted
                ? "(SELECT system_identifier FROM pg_control_system())::text"
                : "coalesce(host(inet_server_addr()), 'socket') || ':' || coalesce(inet_server_port(), 0)::text";
        return "postgresql:" + handle.createQuery("SELECT " + cluster + " || ':' || d.oid::text FROM pg_database d WHERE d.datname = current_database()")
                .mapTo(String.class).one();
    }

    @Override
    public String serverVersion(Handle handle) {
        return "PostgreSQL " + handle.createQuery("SHOW server_version").mapTo(String.class).one();
    }

    @Override
    public void checkPrerequisites(Handle handle) {
        int major = handle.createQuery("SELECT current_setting('server_version_num')::int / 10000").mapTo(Integer.class).one();
        if (major < 15) {
            throw new ConfigurationException("DATABASE_URL", "PostgreSQL " + major + " is too old; Pharos needs PostgreSQL 15 or newer");
        }
        requireExtensions(handle, REQUIRED_EXTENSIONS);
    }

    /** Fails with a message naming the first extension of {@code required} the server cannot install. */
    static void requireExtensions(Handle handle, Map<String, String> required) {
        List<String> available = handle.createQuery("SELECT name FROM pg_available_extensions").mapTo(String.class).list();
        required.forEach((ext, hint) -> {
            if (!available.contains(ext)) {
                throw new ConfigurationException("DATABASE_URL",
                        "the PostgreSQL server lacks the extension '" + ext + "' that Pharos needs; install " + hint);
            }
        });
    }

    @Override
    public boolean isTimeout(SQLException e) {
        // 57014 query_canceled (statement_timeout), 55P03 lock_not_available (lock_timeout)
        return "57014".equals(e.getSQLState()) || "55P03".equals(e.getSQLState());
    }

    @Override
    public boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state);
    }

    @Override
    public boolean isConnectionFailure(SQLException e) {
        // class 08 connection exception; 57P01-57P03 shutting down or starting up; 53300 too_many_connections
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300"));
    }

    /** The capture and guard triggers of {@code pharos migrate --live} raise their own SQLSTATEs. */
    @Override
    public boolean isWriteHeld(SQLException e) {
        return PostgresLiveCapture.HOLD_STATE.equals(e.getSQLState());
    }

    @Override
    public boolean isMoved(SQLException e) {
        return PostgresLiveCapture.MOVED_STATE.equals(e.getSQLState());
    }
}
