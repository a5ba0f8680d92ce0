package io.pharos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.annotation.AnnotationService;
import io.pharos.auth.LocalOwnerAdopted;
import io.pharos.auth.UserService;
import io.pharos.backup.BackupService;
import io.pharos.bulk.ImportService;
import io.pharos.cache.Freshness;
import io.pharos.cache.ResponseCache;
import io.pharos.cache.SharedCache;
import io.pharos.citation.CitationService;
import io.pharos.collection.CollectionService;
import io.pharos.common.ConfigurationException;
import io.pharos.common.Jsons;
import io.pharos.config.AuthMode;
import io.pharos.config.SearchSettings;
import io.pharos.config.Settings;
import io.pharos.db.Database;
import io.pharos.db.Instrumentation;
import io.pharos.db.SchemaMigrator;
import io.pharos.event.DomainEvents;
import io.pharos.ingest.DirectoryImporter;
import io.pharos.interaction.InteractionService;
import io.pharos.migrate.DerivedIndexes;
import io.pharos.migrate.MigrationService;
import io.pharos.monitor.MonitorModule;
import io.pharos.resource.ResourceEvent;
import io.pharos.resource.ResourceService;
import io.pharos.resource.ResourceLookup;
import io.pharos.search.ChunkStore;
import io.pharos.search.ClickBoost;
import io.pharos.search.ClickService;
import io.pharos.search.ClickStore;
import io.pharos.search.EmbeddingWorker;
import io.pharos.search.SearchDerivedIndexes;
import io.pharos.search.SearchIndex;
import io.pharos.search.SearchModule;
import io.pharos.search.SearchService;
import io.pharos.search.embed.LazyEmbedder;
import io.pharos.taxonomy.TaxonomyService;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The composition root: the one place that opens the database, applies the schema policy, wires every
 * {@link DomainEvents} subscription and builds every store and service. The server ({@link Pharos}) adds
 * HTTP, health and monitoring on top of a {@code Library}; every CLI command opens one too, so an import
 * or a delete from the command line goes through the same subscribers as one over HTTP.
 */
public final class Library implements AutoCloseable {

    /** What watches the library from outside: the pools and statements, and search latency by mode. */
    public record Observers(Instrumentation database, SearchService.Latency searchLatency) {
        public static final Observers NONE = new Observers(Instrumentation.NONE, (mode, elapsed) -> {});
    }

    private final Database database;
    private final SchemaMigrator.Status schema;
    private final Clock clock = Clock.systemUTC();
    private final ObjectMapper json = Jsons.mapper();
    private final ResourceService resources;
    private final UserService users;
    private final CollectionService collections;
    private final InteractionService interactions;
    private final TaxonomyService taxonomy;
    private final AnnotationService annotations;
    private final CitationService citations;
    private final SearchModule search;
    private final MonitorModule monitors;
    private final SharedCache cache;   // null: no PHAROS_REDIS_URL

    private Library(Settings settings, Database database, SharedCache cache, SchemaMigrator.Status schema, Observers observers) {
        this.database = database;
        this.cache = cache;
        this.schema = schema;
        DomainEvents events = new DomainEvents();
        ResourceLookup resourceStore = new ResourceLookup(database.dialect());
        this.resources = new ResourceService(database, resourceStore, clock, events);
        this.users = new UserService(database, clock, events, settings.auth() != AuthMode.OFF);
        this.collections = new CollectionService(database, resourceStore, resources, clock);
        this.interactions = new InteractionService(database, resourceStore, clock);
        this.taxonomy = new TaxonomyService(database, resourceStore, resources, clock);
        events.subscribe(ResourceEvent.Deleted.class, taxonomy::onResourceDeleted);
        this.annotations = new AnnotationService(database, resourceStore, clock);
        events.subscribe(ResourceEvent.Updated.class, annotations::onResourceUpdated);
        events.subscribe(LocalOwnerAdopted.class, collections::onLocalOwnerAdopted);
        events.subscribe(LocalOwnerAdopted.class, annotations::onLocalOwnerAdopted);
        events.subscribe(LocalOwnerAdopted.class, interactions::onLocalOwnerAdopted);
        this.citations = new CitationService(database, resourceStore, clock);
        this.search = search(settings.search(), resourceStore, events, observers.searchLatency());
        this.monitors = new MonitorModule(database, search.service(), events, clock,
                new io.pharos.monitor.WebhookTargets(settings.access().webhookAllowPrivate()));
    }

    /** Opens the library of {@code settings} with nothing watching it (for commands). */
    public static Library open(Settings settings) {
        return open(settings, Observers.NONE);
    }

    /**
     * Opens the database, connects the shared cache to its commits (so a schema upgrade invalidates too),
     * brings the schema up (or refuses an out-of-date one) and builds every feature.
     */
    public static Library open(Settings settings, Observers observers) {
        Database database = Database.open(settings, observers.database());
        SharedCache cache = null;
        try {
            cache = settings.cache().enabled()
                    ? SharedCache.open(settings.cache(), database.read(h -> database.dialect().libraryIdentity(h)),
                            database.replicas().isPresent() ? Freshness.PRIMARY : Freshness.ANY)
                    : null;
            if (cache != null) database.onCommit(cache);
            return new Library(settings, database, cache, prepareSchema(database, settings.autoMigrate()), observers);
        } catch (RuntimeException e) {
            if (cache != null) cache.close();
            database.close();
            throw e;
        }
    }

    /** The search feature: its index follows resource events; the embedder loads on first use. */
    private SearchModule search(SearchSettings settings, ResourceLookup resourceStore, DomainEvents events,
                                SearchService.Latency latency) {
        LazyEmbedder embedder = SearchModule.embedder(settings);
        ChunkStore chunks = new ChunkStore();
        SearchIndex index = new SearchIndex(database, chunks, resourceStore, SearchModule.chunker(settings, embedder), clock,
                settings.hnswM(), settings.hnswEfConstruction(), embedder != null);
        index.subscribe(events);
        ClickStore clickStore = new ClickStore();
        SearchService service = new SearchService(database, chunks, resourceStore, embedder,
                new ClickBoost(database, clickStore, settings.clickBoost()), settings.ranking(), latency);
        ClickService clicks = new ClickService(database, clickStore, resourceStore, clock);
        EmbeddingWorker worker = embedder == null ? null : new EmbeddingWorker(database, chunks, embedder, settings.embeddingLease());
        return new SearchModule(settings, index, service, clicks, worker, embedder);
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

    /** Copies a library between databases; needs no open library (it opens both ends itself). */
    public static MigrationService migration(SearchSettings search) {
        return new MigrationService(derivedIndexes(search));
    }

    /**
     * Backups and restores of {@code database} as it is: they open it without the schema policy (a
     * restore needs an empty target). {@code toolDir} holds pg_dump/pg_restore, or null to look for them.
     */
    public static BackupService backups(Database database, Path toolDir) {
        return new BackupService(database, toolDir, Clock.systemUTC());
    }

    /** Imports a JSON Lines file of resources. */
    public ImportService jsonLinesImport() {
        return new ImportService(resources, json);
    }

    /** Imports a folder of documents. */
    public DirectoryImporter directoryImport() {
        return new DirectoryImporter(database, resources);
    }

    public Database database() { return database; }
    public SchemaMigrator.Status schema() { return schema; }
    public ObjectMapper json() { return json; }
    public ResourceService resources() { return resources; }
    public UserService users() { return users; }
    public CollectionService collections() { return collections; }
    public InteractionService interactions() { return interactions; }
    public TaxonomyService taxonomy() { return taxonomy; }
    public AnnotationService annotations() { return annotations; }
    public CitationService citations() { return citations; }
    public SearchModule search() { return search; }
    public MonitorModule monitors() { return monitors; }

    /** The answers routes may take from the shared cache ({@link ResponseCache#OFF} without PHAROS_REDIS_URL). */
    public ResponseCache cache() { return cache == null ? ResponseCache.OFF : cache; }

    /** The shared cache itself, for health and metrics; null when there is none. */
    public SharedCache sharedCache() { return cache; }

    /** Stops the monitor workers and the embedding worker, then the cache (paying a generation bump still owed), then closes the pools. */
    @Override
    public void close() {
        try {
            monitors.close();
            search.close();
            if (cache != null) cache.close();
        } finally {
            database.close();
        }
    }
}
