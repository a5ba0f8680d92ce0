package io.pharos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.pharos.annotation.AnnotationRoutes;
import io.pharos.annotation.AnnotationService;
import io.pharos.auth.Authenticator;
import io.pharos.auth.Principal;
import io.pharos.auth.UserRoutes;
import io.pharos.auth.UserService;
import io.pharos.cli.PharosCommand;
import io.pharos.citation.CitationRoutes;
import io.pharos.citation.CitationService;
import io.pharos.collection.CollectionId;
import io.pharos.collection.CollectionRoutes;
import io.pharos.collection.CollectionService;
import io.pharos.common.ConfigurationException;
import io.pharos.common.Jsons;
import io.pharos.config.SearchSettings;
import io.pharos.config.Settings;
import io.pharos.db.Capabilities;
import io.pharos.db.Database;
import io.pharos.db.Instrumentation;
import io.pharos.db.SchemaMigrator;
import io.pharos.event.DomainEvents;
import io.pharos.health.HealthRoutes;
import io.pharos.health.HealthService;
import io.pharos.http.HttpServer;
import io.pharos.interaction.InteractionRoutes;
import io.pharos.interaction.InteractionService;
import io.pharos.lifecycle.Shutdown;
import io.pharos.metrics.Metrics;
import io.pharos.metrics.MetricsRoutes;
import io.pharos.migrate.DerivedIndexes;
import io.pharos.monitoring.DatabaseMonitor;
import io.pharos.monitoring.MonitoringRoutes;
import io.pharos.monitoring.PoolMonitor;
import io.pharos.monitoring.PoolPressureWatch;
import io.pharos.monitoring.SlowQueryLog;
import io.pharos.resource.ResourceEvent;
import io.pharos.resource.ResourceRoutes;
import io.pharos.resource.ResourceService;
import io.pharos.resource.ResourceLookup;
import io.pharos.search.SearchDerivedIndexes;
import io.pharos.search.SearchModule;
import io.pharos.taxonomy.TaxonomyRoutes;
import io.pharos.taxonomy.TaxonomyService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The composition root: opens the database (instrumented), brings the schema up, builds every feature,
 * starts HTTP, and registers each part's shutdown step. Nothing else constructs services.
 */
public final class Pharos implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pharos.class);

    private final Database database;
    private final Javalin http;
    private final Shutdown shutdown;
    private final ResourceService resources;
    private final SearchModule search;

    private Pharos(Database database, Javalin http, Shutdown shutdown, ResourceService resources, SearchModule search) {
        this.database = database;
        this.http = http;
        this.shutdown = shutdown;
        this.resources = resources;
        this.search = search;
    }

    public static void main(String[] args) {
        System.exit(PharosCommand.run(args));
    }

    /** Starts a server for {@code settings}; the caller closes it. */
    public static Pharos start(Settings settings) {
        Shutdown shutdown = new Shutdown();
        Metrics metrics = new Metrics();
        PoolMonitor poolMonitor = new PoolMonitor(metrics.registry(), settings.poolWaitWarning(), Duration.ofMinutes(1));
        SlowQueryLog slowQueries = new SlowQueryLog(settings.slowQueryThreshold());
        Database database;
        try {
            database = Database.open(settings, new Instrumentation(poolMonitor, slowQueries, poolMonitor::writeLockWaited));
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        // closed last, in this order, after HTTP has stopped and the drain steps have run
        shutdown.register(Shutdown.Phase.CLOSE, "database", database);
        shutdown.register(Shutdown.Phase.CLOSE, "metrics", metrics);
        try {
            SchemaMigrator.Status schema = prepareSchema(database, settings.autoMigrate());
            Capabilities capabilities = database.read(h -> database.dialect().probe(h));
            String serverVersion = database.read(h -> database.dialect().serverVersion(h));
            ObjectMapper json = Jsons.mapper();
            DomainEvents events = new DomainEvents();
            Clock clock = Clock.systemUTC();
            List<Consumer<Javalin>> routes = new ArrayList<>();

            var resourceStore = new ResourceLookup(database.dialect());
            var resources = new ResourceService(database, resourceStore, clock, events);
            var users = new UserService(database, clock);
            routes.add(new Authenticator(settings, users)::register);
            routes.add(new UserRoutes(users)::register);
            var collections = new CollectionService(database, resourceStore, resources, clock);
            routes.add(new CollectionRoutes(collections)::register);
            library(database, json, clock, events, resourceStore, resources, routes);

            var search = SearchModule.create(database, settings.search(), events, clock, json).startWorker();
            shutdown.register(Shutdown.Phase.DRAIN, "embedding worker", search);
            metrics.gauge("pharos.embedding.queue.depth", "resources waiting for embeddings", () -> search.index().queueDepth());
            routes.add(search.routes().withCollectionAccess((ctx, id) -> collections.scope(Principal.of(ctx), new CollectionId(id)))::register);

            var health = new HealthService(database, capabilities, serverVersion, schema.currentVersion(), schema.appliedCount());
            health.addSection("search", search::health);
            routes.add(new HealthRoutes(health)::register);

            var monitor = new DatabaseMonitor(database, serverVersion, poolMonitor, slowQueries);
            var pressure = new PoolPressureWatch(monitor::pools, Duration.ofSeconds(10), Duration.ofMinutes(5), System::nanoTime);
            pressure.start(Duration.ofSeconds(1));
            shutdown.register(Shutdown.Phase.DRAIN, "pool pressure watch", pressure);
            var metricsRoutes = new MetricsRoutes(metrics);
            routes.add(new MonitoringRoutes(monitor, ctx -> Principal.of(ctx).isAdmin())::register);
            routes.add(metricsRoutes::register);

            Javalin http = HttpServer.create(json, routes, new HttpServer.Options(settings.shutdownTimeout(), metricsRoutes::record));
            shutdown.register(Shutdown.Phase.STOP_ACCEPTING, "http", http::stop);
            http.start(settings.host(), settings.port());
            log.info("Pharos listening on http://{}:{} ({}, {}, schema {}, capabilities {})", settings.host(), http.port(),
                    database.url().masked(), serverVersion, schema.currentVersion(), capabilities.features());
            return new Pharos(database, http, shutdown, resources, search);
        } catch (RuntimeException e) {
            shutdown.close();
            throw e;
        }
    }

    /** The knowledge-library features around resources: annotations, citations, interactions, taxonomy. */
    private static void library(Database database, ObjectMapper json, Clock clock, DomainEvents events,
                                ResourceLookup resourceStore, ResourceService resources, List<Consumer<Javalin>> routes) {
        var interactions = new InteractionRoutes(new InteractionService(database, json, resourceStore, clock));
        var taxonomy = new TaxonomyService(database, resourceStore, resources, clock);
        events.subscribe(ResourceEvent.Deleted.class, taxonomy::onResourceDeleted);
        routes.add(new ResourceRoutes(resources, List.of(interactions))::register);
        routes.add(new AnnotationRoutes(new AnnotationService(database, resourceStore, clock))::register);
        routes.add(new CitationRoutes(new CitationService(database, resourceStore, clock))::register);
        routes.add(interactions::register);
        routes.add(new TaxonomyRoutes(taxonomy)::register);
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

    /** Indexes that features derive from copied tables, rebuilt by {@code pharos migrate} on the target. */
    public static List<DerivedIndexes> derivedIndexes(SearchSettings search) {
        return List.of(new SearchDerivedIndexes(search));
    }

    public int port() {
        return http.port();
    }

    /** Every endpoint the server answers. */
    public List<HttpServer.Route> routes() {
        return HttpServer.routes(http);
    }

    public Database database() {
        return database;
    }

    public ResourceService resources() {
        return resources;
    }

    public SearchModule search() {
        return search;
    }

    /** Stops gracefully: HTTP stops accepting and finishes requests in flight, drain steps run, the pool closes. */
    @Override
    public void close() {
        shutdown.close();
    }
}
