package io.pharos.db;

import io.pharos.config.DatabaseUrl;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One connection of its own to a server for a background probe: outside the pools (a busy pool never delays
 * the probe, a dead server never holds a pooled thread), short connect and socket timeouts, reopened after a
 * failure. Used by one thread at a time.
 */
final class ProbeConnection implements AutoCloseable {
    private final DatabaseUrl url;
    private Connection connection;

    ProbeConnection(DatabaseUrl url) {
        this.url = url;
    }

    Connection get() throws SQLException {
        if (connection == null) {
            Properties p = new Properties();
            if (url.user() != null) p.setProperty("user", url.user());
            if (url.password() != null) p.setProperty("password", url.password());
            p.setProperty("connectTimeout", "2");
            p.setProperty("loginTimeout", "3");
            p.setProperty("socketTimeout", "5");
            p.setProperty("prepareThreshold", "0");   // also right behind a transaction-pooling PgBouncer
            p.setProperty("ApplicationName", "pharos-replica-probe");
            connection = DriverManager.getConnection(url.jdbcUrl(), p);
        }
        return connection;
    }

    /** Drops the connection after a failure; the next {@link #get} reconnects. */
    void reset() {
        close();
    }

    @Override
    public void close() {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already broken: nothing to release
        }
        connection = null;
    }
}
