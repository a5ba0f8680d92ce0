package io.pharos.testing;

import io.pharos.config.Settings;
import io.pharos.config.SettingsLoader;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh, empty library database for one test class, on the database this suite run targets
 * (system property {@code pharos.test.db}: sqlite or postgresql). PostgreSQL comes from
 * {@code TEST_DATABASE_URL}; when it is missing or unreachable the test fails: it never skips. With
 * {@code pharos.test.pooler=pgbouncer} the library is reached through the PgBouncer at
 * {@code TEST_PGBOUNCER_URL} (transaction pooling, in front of the same server) with
 * {@code PHAROS_DB_POOLER=pgbouncer}; the database is still created and dropped on the server directly.
 * With {@code pharos.test.replica=true} the settings also read from the streaming replica at
 * {@code TEST_REPLICA_URL} ({@code PHAROS_DB_READ_URLS}).
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private String url;
    private String adminUrl;
    private String pgDatabase;
    private String configUrl;

    /** The content part's database kind (the dialect name): sqlite or postgresql (the split run's content is PostgreSQL). */
    public static String kind() {
        return isSplit() ? "postgresql" : layout();
    }

    /**
     * True when the library's content lives in PostgreSQL: the postgresql run, and the split run (SQLite
     * configuration part, PostgreSQL content part).
     */
    public static boolean isPostgres() {
        return kind().equals("postgresql");
    }

    /**
     * True in the split run ({@code pharos.test.db=split}): {@link #url} is the content part's PostgreSQL
     * database and {@link #configUrl} an SQLite file for the configuration part ({@code PHAROS_CONFIG_DATABASE_URL}).
     */
    public static boolean isSplit() {
        return layout().equals("split");
    }

    /** The layout this run tests, as test names and reports say it: sqlite, postgresql or split. */
    public static String layout() {
        return System.getProperty("pharos.test.db", "sqlite");
    }

    /** Content URL → configuration URL of the split libraries alive now, for {@link #withConfigPart}. */
    private static final Map<String, String> CONFIG_PARTS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A command line naming a split library by {@code --database-url} only, completed with its
     * {@code --config-database-url} (what an operator's environment gives every command of a split deployment).
     */
    public static String[] withConfigPart(String[] args) {
        java.util.List<String> list = new java.util.ArrayList<>(java.util.List.of(args));
        if (list.contains("--config-database-url")) return args;
        for (int i = 0; i + 1 < list.size(); i++) {
            boolean names = "--database-url".equals(list.get(i)) || ("--to".equals(list.get(i)) && "restore".equals(list.get(0)));
            String config = names ? CONFIG_PARTS.get(list.get(i + 1)) : null;
            if (config != null) {
                list.add(i + 2, "--config-database-url");
                list.add(i + 3, config);
                return list.toArray(String[]::new);
            }
        }
        return args;
    }

    /** True when every server of this run caches in the Redis at {@code TEST_REDIS_URL} (the PgBouncer run). */
    public static boolean withRedisCache() {
        return Boolean.getBoolean("pharos.test.redis");
    }

    /** {@code TEST_REDIS_URL}, the throwaway Redis scripts/test starts; missing, the test fails (never skips). */
    public static String redisUrl() {
        String url = System.getenv("TEST_REDIS_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("TEST_REDIS_URL is not set: the cache tests need a Redis (scripts/test starts one with "
                    + "scripts/redis-test; or export TEST_REDIS_URL=redis://127.0.0.1:PORT/0 of a throwaway redis-server, not the system one)");
        }
        return url;
    }

    /**
     * True when this run's servers read from the streaming replica at {@code TEST_REPLICA_URL}
     * ({@code pharos.test.replica=true}: {@code PHAROS_DB_READ_URLS} is set in {@link #settings}).
     */
    public static boolean withReplica() {
        return "true".equals(System.getProperty("pharos.test.replica"));
    }

    /** True when this run reaches PostgreSQL through PgBouncer in transaction pooling mode. */
    public static boolean throughPgBouncer() {
        return "pgbouncer".equals(System.getProperty("pharos.test.pooler"));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("pharos-test-");
        url = isPostgres() ? createPostgresDatabase() : "sqlite:" + dir.resolve("library.db");
        if (isSplit()) {
            configUrl = "sqlite:" + dir.resolve("config.db");
            CONFIG_PARTS.put(url, configUrl);
        }
    }

    /** The configuration part's database in the split run ({@code PHAROS_CONFIG_DATABASE_URL}), else null. */
    public String configUrl() {
        return configUrl;
    }

    /** A new database on the test server, named for this class run, dropped afterwards. */
    private String createPostgresDatabase() throws SQLException {
        String base = System.getenv("TEST_DATABASE_URL");
        if (base == null || base.isBlank()) {
            throw new IllegalStateException("TEST_DATABASE_URL is not set: the PostgreSQL run needs a server "
                    + "(scripts/test provisions one; or export TEST_DATABASE_URL=postgresql://user@host:port/db)");
        }
        adminUrl = base;
        pgDatabase = "pharos_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + pgDatabase);
        }
        String through = base;
        if (throughPgBouncer()) {
            through = System.getenv("TEST_PGBOUNCER_URL");
            if (through == null || through.isBlank()) {
                throw new IllegalStateException("TEST_PGBOUNCER_URL is not set: the PgBouncer run needs one in front of TEST_DATABASE_URL's "
                        + "server (scripts/test starts one with scripts/pgbouncer-test)");
            }
        }
        return through.replaceFirst("/[^/?]*(\\?|$)", "/" + pgDatabase + "$1");
    }

    /**
     * This class's database on the streaming replica of the test server ({@code TEST_REPLICA_URL}, started by
     * {@code scripts/pg-test-replica}); fails when it is not set.
     */
    public String replicaUrl() {
        if (pgDatabase == null) throw new IllegalStateException("a replica exists for PostgreSQL runs only");
        String replica = System.getenv("TEST_REPLICA_URL");
        if (replica == null || replica.isBlank()) {
            throw new IllegalStateException("TEST_REPLICA_URL is not set: the replica tests need a streaming replica of TEST_DATABASE_URL's "
                    + "server (scripts/test starts one; or scripts/pg-test-replica up DIR \"$TEST_DATABASE_URL\")");
        }
        return replica.replaceFirst("/[^/?]*(\\?|$)", "/" + pgDatabase + "$1");
    }

    private Connection admin() throws SQLException {
        var parsed = io.pharos.config.DatabaseUrl.parse(adminUrl);
        return DriverManager.getConnection(parsed.jdbcUrl(), parsed.user(), parsed.password());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (configUrl != null) CONFIG_PARTS.remove(url);
        if (pgDatabase != null) {
            try (Connection c = admin(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + pgDatabase + " WITH (FORCE)");
            }
        }
        deleteTree(dir);
    }

    /** The DATABASE_URL of this class's library. */
    public String url() {
        return url;
    }

    public Path dir() {
        return dir;
    }

    /** Settings for a server on a free loopback port over this database, with {@code overrides} on top. */
    public Settings settings(Map<String, String> overrides) {
        Map<String, String> flags = new HashMap<>();
        flags.put("DATABASE_URL", url);
        if (configUrl != null) flags.put("PHAROS_CONFIG_DATABASE_URL", configUrl);
        flags.put("PHAROS_DATA_DIR", dir.toString());
        flags.put("PHAROS_PORT", "0");
        flags.put("PHAROS_HOST", "127.0.0.1");
        if (throughPgBouncer()) flags.put("PHAROS_DB_POOLER", "pgbouncer");
        if (withRedisCache()) flags.put("PHAROS_REDIS_URL", redisUrl());
        if (withReplica() && isPostgres()) flags.put("PHAROS_DB_READ_URLS", replicaUrl());
        flags.putAll(overrides);
        return SettingsLoader.load(Map.of(), null, flags);
    }

    public Settings settings() {
        return settings(Map.of());
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) return;
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
