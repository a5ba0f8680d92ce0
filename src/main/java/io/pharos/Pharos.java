package io.pharos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.pharos.cli.PharosCommand;
import io.pharos.common.ConfigurationException;
import io.pharos.common.Jsons;
import io.pharos.config.Settings;
import io.pharos.db.Capabilities;
import io.pharos.db.Database;
import io.pharos.db.SchemaMigrator;
import io.pharos.event.DomainEvents;
import io.pharos.health.HealthRoutes;
import io.pharos.health.HealthService;
import io.pharos.http.HttpServer;
import io.pharos.resource.ResourceRoutes;
import io.pharos.resource.ResourceService;
import io.pharos.resource.ResourceStore;
import io.pharos.search.SearchModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/** The composition root: opens the database, brings the schema up, builds the features, starts HTTP. */
public final class Pharos implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pharos.class);

    private final Database database;
    private final Javalin http;
    private final SearchModule search;
    private final ResourceService resources;

    private Pharos(Database database, Javalin http, SearchModule search, ResourceService resources) {
        this.database = database;
        this.http = http;
        this.search = search;
        this.resources = resources;
    }

    public static void main(String[] args) {
        System.exit(PharosCommand.run(args));
    }

    /** Starts a server for {@code settings}; the caller closes it. */
    public static Pharos start(Settings settings) {
        Database database = Database.open(settings);
        try {
            SchemaMigrator.Status schema = prepareSchema(database, settings.autoMigrate());
            Capabilities capabilities = database.read(h -> database.dialect().probe(h));
            String serverVersion = database.read(h -> database.dialect().serverVersion(h));

            ObjectMapper json = Jsons.mapper();
            DomainEvents events = new DomainEvents();
            var resources = new ResourceService(database, new ResourceStore(database.dialect(), json), Clock.systemUTC(), events);
            var health = new HealthService(database, capabilities, serverVersion, schema.currentVersion(), schema.appliedCount());
            var search = SearchModule.create(database, settings.search(), events, Clock.systemUTC(), json).startWorker();
            health.addSection("search", search::health);

            Javalin http = HttpServer.create(json, List.of(
                    new HealthRoutes(health)::register,
                    new ResourceRoutes(resources)::register,
                    search.routes()::register));
            http.start(settings.host(), settings.port());
            log.info("Pharos listening on http://{}:{} ({}, {}, schema {}, capabilities {})", settings.host(), http.port(),
                    database.url().masked(), serverVersion, schema.currentVersion(), capabilities.features());
            return new Pharos(database, http, search, resources);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Upgrades the schema, or with auto-migrate off refuses an out-of-date one naming the command to run. */
    private static SchemaMigrator.Status prepareSchema(Database database, boolean autoMigrate) {
        SchemaMigrator migrator = new SchemaMigrator(database);
        if (autoMigrate) {
            migrator.upgrade();
        } else {
            SchemaMigrator.Status status = migrator.status();
            if (!status.isCurrent()) {
                throw new ConfigurationException("PHAROS_AUTO_MIGRATE", "is false and the schema is at "
                        + (status.currentVersion() == null ? "no version" : status.currentVersion()) + " with "
                        + status.pending().size() + " pending changesets; run './pharos db upgrade' first");
            }
        }
        return migrator.status();
    }

    public int port() {
        return http.port();
    }

    public Database database() {
        return database;
    }

    public SearchModule search() {
        return search;
    }

    public ResourceService resources() {
        return resources;
    }

    @Override
    public void close() {
        http.stop();
        search.close();
        database.close();
    }
}
