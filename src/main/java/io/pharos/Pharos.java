package io.pharos;

import io.javalin.Javalin;
import io.javalin.util.JavalinBindException;
import io.pharos.annotation.AnnotationRoutes;
import io.pharos.auth.Authenticator;
import io.pharos.auth.UserRoutes;
import io.pharos.cache.SharedCache;
import io.pharos.citation.CitationRoutes;
import io.pharos.collection.CollectionId;
import io.pharos.collection.CollectionRoutes;
import io.pharos.common.ConfigurationException;
import io.pharos.config.Settings;
import io.pharos.consistency.ReadYourWrites;
import io.pharos.db.Capabilities;
import io.pharos.db.Database;
import io.pharos.db.Instrumentation;
import io.pharos.db.SchemaMigrator;
import io.pharos.health.HealthRoutes;
import io.pharos.openapi.OpenApiDocument;
import io.pharos.web.WebRoutes;
import io.pharos.openapi.OpenApiRoutes;
import io.pharos.health.HealthService;
import io.pharos.http.HttpServer;
import io.pharos.interaction.InteractionRoutes;
import io.pharos.lifecycle.Shutdown;
import io.pharos.metrics.Metrics;
import io.pharos.metrics.MetricsRoutes;
import io.pharos.monitoring.DatabaseMonitor;
import io.pharos.monitoring.MonitoringRoutes;
import io.pharos.monitoring.PoolMonitor;
import io.pharos.monitoring.PoolPressureWatch;
import io.pharos.monitoring.SlowQueryLog;
import io.pharos.resource.ResourceRoutes;
import io.pharos.search.SearchModule;
import io.pharos.taxonomy.TaxonomyRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The server: a {@link Library} with HTTP, health and monitoring on top. Registers each part's shutdown
 * step so that HTTP stops first, background work drains, and the pools close last.
 */
public final class Pharos implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pharos.class);

    private final Library library;
    private final Javalin http;
    private final Shutdown shutdown;

    private Pharos(Library library, Javalin http, Shutdown shutdown) {
        this.library = library;
        this.http = http;
        this.shutdown = shutdown;
    }

    /** Starts a server for {@code settings}; the caller closes it. */
    public static Pharos start(Settings settings) {
        Shutdown shutdown = new Shutdown();
        Metrics metrics = new Metrics();
        PoolMonitor poolMonitor = new PoolMonitor(metrics.registry(), settings.poolWaitWarning(), Duration.ofMinutes(1));
        SlowQueryLog slowQueries = new SlowQueryLog(settings.slowQueryThreshold());
        Library library;
        try {
            library = Library.open(settings, new Library.Observers(
                    new Instrumentation(poolMonitor, slowQueries, poolMonitor::writeLockWaited),
                    (mode, elapsed) -> metrics.searchLatency(mode).record(elapsed)));
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        Database database = library.database();
        // closed last, in this order, after HTTP has stopped and the drain steps have run
        shutdown.register(Shutdown.Phase.CLOSE, "database", library.databases());
        shutdown.register(Shutdown.Phase.CLOSE, "metrics", metrics);
        try {
            Capabilities capabilities = database.read(h -> database.dialect().probe(h));
            String serverVersion = database.read(h -> database.dialect().serverVersion(h));
            SearchModule search = library.search().startWorker();
            shutdown.register(Shutdown.Phase.DRAIN, "embedding worker", search);
            var monitors = library.monitors().startWorkers();
            shutdown.register(Shutdown.Phase.DRAIN, "monitor workers", monitors);
            metrics.gauge("pharos.monitor.queue.depth", "resources waiting to be matched against monitors", () -> monitors.service().queueDepth());
            metrics.gauge("pharos.embedding.queue.depth", "resources waiting for embeddings", () -> search.index().queueDepth());

            List<Consumer<Javalin>> routes = new ArrayList<>(featureRoutes(settings, library));
            SchemaMigrator.Status schema = library.schema();
            var health = new HealthService(database, capabilities, serverVersion, schema.currentVersion(), schema.appliedCount());
            health.addParts(library.databases(), library.schemas());
            health.addSection("search", search::health);
            health.addSection("monitors", library.monitors()::health);
            shutdown.register(Shutdown.Phase.DRAIN, "readiness check", health);
            SharedCache cache = library.sharedCache();
            health.addSection("cache", cache == null ? () -> java.util.Map.of("status", "off") : cache::health);
            if (cache != null) {
                metrics.counter("pharos.cache.hits", "answers found in the shared cache", cache::hits);
                metrics.counter("pharos.cache.misses", "answers computed and kept in the shared cache", cache::misses);
                metrics.counter("pharos.cache.errors", "Redis commands that failed or timed out", cache::errors);
                metrics.counter("pharos.cache.bypasses", "answers computed without the cache while Redis was unavailable", cache::bypasses);
            }
            database.replicas().ifPresent(replicas -> {
                health.addSection("read_replicas", () -> DatabaseMonitor.replicas(replicas));
                metrics.readReplicas(replicas);
            });
            var watcher = new io.pharos.migrate.live.MoveWatcher(database, settings, settings.host() + ":" + settings.port()).start(Duration.ofMillis(250));
            shutdown.register(Shutdown.Phase.DRAIN, "live-migration watch", watcher);
            health.addSection("live_migration", watcher::health);
            routes.add(new HealthRoutes(health)::register);
            routes.add(new OpenApiRoutes(new OpenApiDocument(library.json()), version())::register);

            Database config = library.databases().configuration();
            var monitor = new DatabaseMonitor(database, health::serverVersion, poolMonitor, slowQueries).withParts(library.databases(), Map.of(
                    io.pharos.db.Part.CONTENT, serverVersion,
                    io.pharos.db.Part.CONFIGURATION, config == database ? serverVersion : config.read(h -> config.dialect().serverVersion(h))));
            var pressure = new PoolPressureWatch(monitor::pools, Duration.ofSeconds(10), Duration.ofMinutes(5), System::nanoTime);
            pressure.start(Duration.ofSeconds(1));
            shutdown.register(Shutdown.Phase.DRAIN, "pool pressure watch", pressure);
            var metricsRoutes = new MetricsRoutes(metrics);
            routes.add(new MonitoringRoutes(monitor, ctx -> Authenticator.caller(ctx).isAdmin())::register);
            routes.add(metricsRoutes::register);

            Javalin http = HttpServer.create(library.json(), routes, new HttpServer.Options(settings.shutdownTimeout(),
                    metricsRoutes::record, settings.maxActiveRequests(), settings.connectionTimeout()));
            listen(http, settings);   // a server that never started has nothing to stop
            shutdown.register(Shutdown.Phase.STOP_ACCEPTING, "http", http::stop);
            log.info("Pharos listening on http://{}:{} ({}, {}, schema {}, capabilities {}; PHAROS_AUTH={}, {})", settings.host(), http.port(),
                    database.url().masked(), serverVersion, schema.currentVersion(), capabilities.features(),
                    settings.auth().name().toLowerCase(java.util.Locale.ROOT),
                    library.users().anyUser() ? "users exist" : "no users yet");
            return new Pharos(library, http, shutdown);
        } catch (RuntimeException e) {
            shutdown.close();
            throw e;
        }
    }

    /**
     * Binds the port; one taken by another process is a setting to change, not a crash. Javalin reports a
     * taken port as JavalinBindException, or, with a graceful stop timeout set, as the failure of the stop it
     * runs afterwards (a checked ExecutionException), so the port is probed to say which it was.
     */
    private static void listen(Javalin http, Settings settings) {
        try {
            http.start(settings.host(), settings.port());
        } catch (Exception e) {
            if (e instanceof JavalinBindException || portTaken(settings.host(), settings.port())) {
                throw new ConfigurationException("PHAROS_PORT", "port " + settings.port() + " on " + settings.host()
                        + " is already in use; stop what listens there or choose another port (--port or PHAROS_PORT)");
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException("the HTTP server did not start: " + e, e);
        }
    }

    private static boolean portTaken(String host, int port) {
        if (port == 0) return false;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** The authenticator and every feature's routes, over the library's services. */
    private static List<Consumer<Javalin>> featureRoutes(Settings settings, Library library) {
        var collections = library.collections();
        var interactions = new InteractionRoutes(library.interactions());
        return List.of(
                new Authenticator(settings, library.users()).withBrowserPages(WebRoutes.PAGES)::register,
                new ReadYourWrites()::register,   // after the key check: that reads from the primary
                new UserRoutes(library.users())::register,
                new CollectionRoutes(collections)::register,
                new ResourceRoutes(library.resources(), List.of(interactions), library.cache())::register,
                new AnnotationRoutes(library.annotations())::register,
                new CitationRoutes(library.citations())::register,
                interactions::register,
                new WebRoutes(library)::register,
                new TaxonomyRoutes(library.taxonomy())::register,
                library.monitors().routes()::register,
                library.search().routes().withCache(library.cache())
                        .withCollectionAccess((caller, id) -> collections.scope(caller, new CollectionId(id)))::register);
    }

    /** This build's version (the jar's manifest), or {@code dev} when run from classes. */
    static String version() {
        String v = Pharos.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public int port() {
        return http.port();
    }

    /** Every endpoint the server answers. */
    public List<HttpServer.Route> routes() {
        return HttpServer.routes(http);
    }

    /** The library this server serves. */
    public Library library() {
        return library;
    }

    /** Stops gracefully: HTTP stops accepting and finishes requests in flight, drain steps run, the pool closes. */
    @Override
    public void close() {
        shutdown.close();
    }
}
