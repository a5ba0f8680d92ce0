package io.pharos.config;

import io.pharos.common.ConfigurationException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Every knob Pharos reads, resolved once. Sources, later wins: built-in defaults, a {@code .env} file in
 * the working directory, the process environment, command-line flags. The README's settings table lists them.
 */
public record Settings(
        DatabaseUrl database,
        String host,
        int port,
        Path dataDir,
        boolean autoMigrate,
        int poolSize,
        DbPooler pooler,
        ReplicaSettings replicas,
        Duration statementTimeout,
        Duration connectionTimeout,
        Duration slowQueryThreshold,
        Duration poolWaitWarning,
        Duration shutdownTimeout,
        int maxActiveRequests,
        AuthMode auth,
        AccessSettings access,
        SearchSettings search,
        CacheSettings cache,
        LiveSettings live,
        DatabaseUrl configDatabase) {

    /** Setting names and their defaults, in the order of the README's table. */
    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("DATABASE_URL", "");
        d.put("PHAROS_CONFIG_DATABASE_URL", "");
        d.put("PHAROS_HOST", "127.0.0.1");
        d.put("PHAROS_PORT", "8080");
        d.put("PHAROS_DATA_DIR", "./data");
        d.put("PHAROS_AUTO_MIGRATE", "true");
        d.put("PHAROS_DB_POOL_SIZE", "20");
        d.put("PHAROS_DB_POOLER", "none");
        ReplicaSettings.defaults(d);
        d.put("PHAROS_DB_STATEMENT_TIMEOUT_MS", "30000");
        d.put("PHAROS_DB_CONNECTION_TIMEOUT_MS", "10000");
        d.put("PHAROS_SLOW_QUERY_MS", "1000");
        d.put("PHAROS_DB_WAIT_WARN_MS", "1000");
        d.put("PHAROS_SHUTDOWN_TIMEOUT_MS", "20000");
        d.put("PHAROS_MAX_ACTIVE_REQUESTS", "16");
        d.put("PHAROS_AUTH", "auto");
        AccessSettings.defaults(d);
        SearchSettings.defaults(d);
        CacheSettings.defaults(d);
        LiveSettings.defaults(d);
        return Map.copyOf(d);
    }

    /** Builds settings from a flat name → value view (defaults already merged by {@link SettingsLoader}). */
    public static Settings from(Function<String, String> get) {
        Path dataDir = Path.of(get.apply("PHAROS_DATA_DIR"));
        String url = get.apply("DATABASE_URL");
        DatabaseUrl database = url == null || url.isBlank()
                ? DatabaseUrl.sqliteFile(dataDir.resolve("pharos.db"))
                : DatabaseUrl.parse(url);
        return new Settings(
                database,
                nonBlank("PHAROS_HOST", get.apply("PHAROS_HOST")),
                intIn("PHAROS_PORT", get.apply("PHAROS_PORT"), 0, 65535),
                dataDir,
                bool("PHAROS_AUTO_MIGRATE", get.apply("PHAROS_AUTO_MIGRATE")),
                intIn("PHAROS_DB_POOL_SIZE", get.apply("PHAROS_DB_POOL_SIZE"), 1, 1000),
                pooler(database, get.apply("PHAROS_DB_POOLER")),
                ReplicaSettings.from(database, get),
                Duration.ofMillis(intIn("PHAROS_DB_STATEMENT_TIMEOUT_MS", get.apply("PHAROS_DB_STATEMENT_TIMEOUT_MS"), 0, Integer.MAX_VALUE)),
                Duration.ofMillis(intIn("PHAROS_DB_CONNECTION_TIMEOUT_MS", get.apply("PHAROS_DB_CONNECTION_TIMEOUT_MS"), 250, Integer.MAX_VALUE)),
                millis("PHAROS_SLOW_QUERY_MS", get),
                millis("PHAROS_DB_WAIT_WARN_MS", get),
                millis("PHAROS_SHUTDOWN_TIMEOUT_MS", get),
                intIn("PHAROS_MAX_ACTIVE_REQUESTS", get.apply("PHAROS_MAX_ACTIVE_REQUESTS"), 1, 256),
                AuthMode.parse(get.apply("PHAROS_AUTH")),
                AccessSettings.from(get),
                SearchSettings.from(get),
                CacheSettings.from(get),
                LiveSettings.from(get),
                configDatabase(database, get.apply("PHAROS_CONFIG_DATABASE_URL")));
    }

    /**
     * The configuration part's database in a split deployment, or null (everything in {@code DATABASE_URL}).
     * Only an SQLite file beside a PostgreSQL {@code DATABASE_URL}: an SQLite library keeps its foreign keys
     * from content to users, which a split cannot hold.
     */
    private static DatabaseUrl configDatabase(DatabaseUrl content, String value) {
        if (value == null || value.isBlank()) return null;
        DatabaseUrl url = DatabaseUrl.parse(value);
        if (url.kind() != DatabaseUrl.Kind.SQLITE) {
            throw new ConfigurationException("PHAROS_CONFIG_DATABASE_URL", "must be an SQLite URL (sqlite:/path/config.db) or empty, got "
                    + url.masked());
        }
        if (content.kind() != DatabaseUrl.Kind.POSTGRESQL) {
            throw new ConfigurationException("PHAROS_CONFIG_DATABASE_URL", "splits a PostgreSQL library (DATABASE_URL=postgresql://…); "
                    + "an SQLite library keeps both parts in its one file: leave it empty");
        }
        return url;
    }

    /** True when the configuration part has its own database ({@code PHAROS_CONFIG_DATABASE_URL} set). */
    public boolean split() {
        return configDatabase != null;
    }

    /**
     * The settings of the configuration part's own database: its URL as {@code DATABASE_URL}, no pooler, no
     * read replicas and no further split. Only when {@link #split}.
     */
    public Settings configurationPart() {
        if (configDatabase == null) throw new IllegalStateException("not a split deployment");
        return new Settings(configDatabase, host, port, dataDir, autoMigrate, poolSize, DbPooler.NONE, ReplicaSettings.NONE, statementTimeout,
                connectionTimeout, slowQueryThreshold, poolWaitWarning, shutdownTimeout, maxActiveRequests, auth, access, search, cache, live, null);
    }

    /** These settings with the configuration part in {@code url} (null: one database for both parts). */
    public Settings withConfigDatabase(DatabaseUrl url) {
        return new Settings(database, host, port, dataDir, autoMigrate, poolSize, pooler, replicas, statementTimeout,
                connectionTimeout, slowQueryThreshold, poolWaitWarning, shutdownTimeout, maxActiveRequests, auth, access, search, cache, live, url);
    }

    /**
     * These settings serving {@code url} instead (a library moved by {@code pharos migrate --live}): the pooler
     * {@code PHAROS_LIVE_TARGET_POOLER} names for it, no read replicas (they belonged to the old database).
     */
    public Settings withDatabase(DatabaseUrl url) {
        return new Settings(url, host, port, dataDir, autoMigrate, poolSize, live.poolerFor(url), ReplicaSettings.NONE, statementTimeout,
                connectionTimeout, slowQueryThreshold, poolWaitWarning, shutdownTimeout, maxActiveRequests, auth, access, search, cache, live,
                configDatabase);
    }

    /**
     * True when the address the server binds to is a loopback address. Decided on the address {@code host}
     * resolves to, the one the HTTP server binds (a name such as {@code 127.lan} may resolve to
     * {@code 0.0.0.0}); a name that does not resolve is not loopback.
     */
    public boolean isLoopback() {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException | SecurityException e) {
            return false;
        }
    }

    /** A pooler stands in front of a PostgreSQL server only. */
    private static DbPooler pooler(DatabaseUrl database, String value) {
        DbPooler pooler = DbPooler.parse(value);
        if (pooler != DbPooler.NONE && database.kind() != DatabaseUrl.Kind.POSTGRESQL) {
            throw new ConfigurationException("PHAROS_DB_POOLER", "is for PostgreSQL; an SQLite library takes none");
        }
        return pooler;
    }

    private static Duration millis(String name, Function<String, String> get) {
        return Duration.ofMillis(intIn(name, get.apply(name), 0, Integer.MAX_VALUE));
    }

    private static String nonBlank(String name, String value) {
        if (value == null || value.isBlank()) throw new ConfigurationException(name, "must not be empty");
        return value.strip();
    }

    static int intIn(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (RuntimeException e) {
            throw new ConfigurationException(name, "expected a whole number from " + min + " to " + max + ", got '" + value + "'");
        }
    }

    static boolean bool(String name, String value) {
        return switch (value.strip().toLowerCase()) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ConfigurationException(name, "expected true or false, got '" + value + "'");
        };
    }
}
