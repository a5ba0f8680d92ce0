package io.pharos.cli;

import io.pharos.Library;
import io.pharos.config.Settings;
import io.pharos.config.SettingsLoader;
import picocli.CommandLine.Option;

import java.util.HashMap;
import java.util.Map;

/** Options every command that touches the library shares. Unset options fall back to env / .env / defaults. */
public final class DatabaseOptions {
    @Option(names = "--database-url", paramLabel = "URL",
            description = "Library database (env DATABASE_URL): postgresql://user:pass@host:5432/db, sqlite:path/file.db or sqlite::memory:. Default: sqlite file pharos.db in the data directory.")
    String databaseUrl;

    @Option(names = "--config-database-url", paramLabel = "URL",
            description = "The configuration part's own database in a split deployment (env PHAROS_CONFIG_DATABASE_URL): sqlite:path/config.db beside a PostgreSQL --database-url. Default: empty (everything in the library database).")
    String configDatabaseUrl;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (env PHAROS_DATA_DIR, default ./data).")
    String dataDir;

    /** The library of these settings, opened as the server opens it (schema policy included). */
    public Library openLibrary() {
        return Library.open(settings(Map.of()));
    }

    /** Settings from the process (env, .env) with these options and {@code more} on top. */
    public Settings settings(Map<String, String> more) {
        Map<String, String> flags = new HashMap<>(more);
        flags.putAll(flags());
        return SettingsLoader.fromProcess(flags);
    }

    /** The settings these options set, by setting name. */
    Map<String, String> flags() {
        Map<String, String> flags = new HashMap<>();
        if (databaseUrl != null) flags.put("DATABASE_URL", databaseUrl);
        if (dataDir != null) flags.put("PHAROS_DATA_DIR", dataDir);
        if (configDatabaseUrl != null) flags.put("PHAROS_CONFIG_DATABASE_URL", configDatabaseUrl);
        return flags;
    }
}
