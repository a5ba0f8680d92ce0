package io.pharos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.pharos.annotation.AnnotationRoutes;
import io.pharos.annotation.AnnotationService;
import io.pharos.auth.Authenticator;
import io.pharos.auth.Principal;
import io.pharos.citation.CitationRoutes;
import io.pharos.citation.CitationService;
import io.pharos.interaction.InteractionRoutes;
import io.pharos.interaction.InteractionService;
import io.pharos.auth.UserRoutes;
import io.pharos.auth.UserService;
import io.pharos.cli.PharosCommand;
import io.pharos.collection.CollectionRoutes;
import io.pharos.collection.CollectionService;
import io.pharos.common.ConfigurationException;
import io.pharos.common.Jsons;
import io.pharos.config.Settings;
import io.pharos.db.Capabilities;
import io.pharos.db.Database;
import io.pharos.db.SchemaMigrator;
import io.pharos.event.DomainEvents;
import io.pharos.health.HealthRoutes;
import io.pharos.health.HealthService;
import io.pharos.db.Instrumentation;
import io.pharos.http.HttpServer;
import io.pharos.lifecycle.Shutdown;
import io.pharos.metrics.Metrics;
import io.pharos.metrics.MetricsRoutes;
import io.pharos.monitoring.DatabaseMonitor;
import io.pharos.monitoring.MonitoringRoutes;
import io.pharos.monitoring.PoolMonitor;
import io.pharos.monitoring.PoolPressureWatch;
import io.pharos.monitoring.SlowQueryLog;
import io.pharos.resource.ResourceEvent;
import io.pharos.migrate.DerivedIndexes;
import io.pharos.resource.ResourceRoutes;
import io.pharos.resource.ResourceService;
import io.pharos.resource.ResourceStore;
import io.pharos.taxonomy.TaxonomyRoutes;
import io.pharos.taxonomy.TaxonomyService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The composition root: opens the database, brings the schema up, builds the features, starts HTTP. */
public final class Pharos implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pharos.class);

    private final Database database;
    private final Javalin http;
    private final Shutdown shutdown;

    private Pharos(Database database, Javalin http, Shutdown shutdown) {
        this.database = database;
        this.http = http;
        this.shutdown = shutdown;
    }

    public static void main(String[] args) {
        System.exit(PharosCommand.run(args));
    }

    /** Starts a server for {@code settings}; the caller closes it. */
    public static Pharos start(Settings settings) {
        Metrics metrics = new Metrics();
        PoolMonitor poolMonitor = new PoolMonitor(metrics.registry(), settings.poolWaitWarning(), Duration.ofMinutes(1));
        SlowQueryLog slowQueries = new SlowQueryLog(settings.slowQueryThreshold());
        Shutdown shutdown = new Shutdown();
        Database database;
        try {
            database = Database.open(settings, new Instrumentation(poolMonitor, slowQueries, poolMonitor::writeLockWaited));
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        try {
            SchemaMigrator.Status schema = prepareSchema(database, settings.autoMigrate());
            Capabilities capabilities = database.read(h -> database.dialect().probe(h));
            String serverVersion = database.read(h -> database.dialect().serverVersion(h));

            ObjectMapper json = Jsons.mapper();
            DomainEvents events = new DomainEvents();
            var resourceStore = new ResourceStore(database.dialect(), json);
            var resources = new ResourceService(database, resourceStore, Clock.systemUTC(), events);
            var users = new UserService(database, Clock.systemUTC());
            var authenticator = new Authenticator(settings, users);
            var collections = new CollectionService(database, resourceStore, resources, Clock.systemUTC());
            var annotations = new AnnotationService(database, json, resourceStore, Clock.systemUTC());
            var citations = new CitationService(database, resourceStore, Clock.systemUTC());
            var interactions = new InteractionRoutes(new InteractionService(database, json, resourceStore, Clock.systemUTC()));
            var taxonomy = new TaxonomyService(database, json, resourceStore, resources, Clock.systemUTC());
            events.subscribe(ResourceEvent.Deleted.class, taxonomy::onResourceDeleted);
            var health = new HealthService(database, capabilities, serverVersion, schema.currentVersion(), schema.appliedCount());
            var monitor = new DatabaseMonitor(database, serverVersion, poolMonitor, slowQueries);
            var pressure = new PoolPressureWatch(monitor::pools, Duration.ofSeconds(10), Duration.ofMinutes(5), System::nanoTime);
            pressure.start(Duration.ofSeconds(1));
            shutdown.register(Shutdown.Phase.CLOSE, "pool pressure watch", pressure);
            var metricsRoutes = new MetricsRoutes(metrics);

            Javalin http = HttpServer.create(json, List.of(
                    authenticator::register,
                    new HealthRoutes(health)::register,
                    new ResourceRoutes(resources, List.of(interactions))::register,
                    new UserRoutes(users)::register,
                    new CollectionRoutes(collections)::register,
                    new AnnotationRoutes(annotations)::register,
                    new CitationRoutes(citations)::register,
                    interactions::register,
                    new TaxonomyRoutes(taxonomy)::register,
                    new MonitoringRoutes(monitor, ctx -> Principal.of(ctx).isAdmin())::register,
                    metricsRoutes::register),
                    new HttpServer.Options(settings.shutdownTimeout(), metricsRoutes::record));
            shutdown.register(Shutdown.Phase.STOP_ACCEPTING, "http", http::stop);
            shutdown.register(Shutdown.Phase.CLOSE, "database", database);
            shutdown.register(Shutdown.Phase.CLOSE, "metrics", metrics);
            http.start(settings.host(), settings.port());
            log.info("Pharos listening on http://{}:{} ({}, {}, schema {}, capabilities {})", settings.host(), http.port(),
                    database.url().masked(), serverVersion, schema.currentVersion(), capabilities.features());
            return new Pharos(database, http, shutdown);
        } catch (RuntimeException e) {
            shutdown.close();
            database.close();
            metrics.close();
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

    /**
     * Indexes features derive from their tables, rebuilt on the target after {@code pharos migrate}
     * copied and verified every table. A feature with such an index (e.g. search) adds it here.
     */
    public static List<DerivedIndexes> derivedIndexes() {
        return List.of();
    }

    public int port() {
        return http.port();
    }

    public Database database() {
        return database;
    }

    /** Stops gracefully: HTTP stops accepting and finishes requests in flight, drain hooks run, the pool closes. */
    @Override
    public void close() {
        shutdown.close();
    }
}
