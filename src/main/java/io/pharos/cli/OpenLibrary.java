package io.pharos.cli;

import io.pharos.common.ConfigurationException;
import io.pharos.config.Settings;
import io.pharos.db.Database;
import io.pharos.db.SchemaMigrator;

import java.util.Map;

/** Opens the library for a command: the database, with the schema brought up (or checked) as the server would. */
final class OpenLibrary {
    private OpenLibrary() {}

    static Database open(DatabaseOptions options) {
        Settings settings = options.settings(Map.of());
        Database db = Database.open(settings);
        try {
            SchemaMigrator migrator = new SchemaMigrator(db);
            if (settings.autoMigrate()) migrator.upgrade();
            else if (!migrator.status().isCurrent()) {
                throw new ConfigurationException("PHAROS_AUTO_MIGRATE", "is false and the schema is out of date; run './pharos db upgrade' first");
            }
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }
}
