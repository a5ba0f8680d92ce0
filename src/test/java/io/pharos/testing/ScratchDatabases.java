package io.pharos.testing;

import io.pharos.config.DatabaseUrl;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Fresh databases of BOTH kinds for tests that move data between them (whatever the run's database):
 * SQLite files in a temp directory and new databases on {@code TEST_DATABASE_URL}'s server, all removed
 * after the class. Fails (never skips) when {@code TEST_DATABASE_URL} is missing.
 */
public final class ScratchDatabases implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private final List<String> pgDatabases = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("pharos-scratch-");
    }

    /** The DATABASE_URL of a new SQLite file (not created yet). */
    public String sqlite() {
        return "sqlite:" + dir.resolve("lib-" + UUID.randomUUID().toString().substring(0, 8) + ".db");
    }

    /** The DATABASE_URL of a new, empty PostgreSQL database. */
    public String postgres() {
        String base = adminUrl();
        String name = "pharos_m_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a PostgreSQL database on TEST_DATABASE_URL: " + e.getMessage(), e);
        }
        pgDatabases.add(name);
        return base.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
    }

    public Path dir() {
        return dir;
    }

    private static String adminUrl() {
        String base = System.getenv("TEST_DATABASE_URL");
        if (base == null || base.isBlank()) {
            throw new IllegalStateException("TEST_DATABASE_URL is not set: migration tests need a PostgreSQL server (scripts/test provisions one)");
        }
        return base;
    }

    private static Connection admin() throws SQLException {
        DatabaseUrl parsed = DatabaseUrl.parse(adminUrl());
        return DriverManager.getConnection(parsed.jdbcUrl(), parsed.user(), parsed.password());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            for (String db : pgDatabases) s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
        if (dir != null) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
