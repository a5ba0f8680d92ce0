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
import io.pharos.db.Databases;
import io.pharos.db.Part;
import io.pharos.monitor.MonitorService;
import io.pharos.db.Instrumentation;
import io.pharos.db.SchemaMigrator;
import io.pharos.event.DomainEvents;
import io.pharos.ingest.DirectoryImporter;
import io.pharos.interaction.InteractionService;
import io.pharos.migrate.DerivedIndexes;
import io.pharos.migrate.MigrationService;
import io.pharos.migrate.MigrateOptions;
import io.pharos.migrate.MigrationReport;
import io.pharos.migrate.Progress;
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
import java.util.Map;
import java.util.Set;

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

    /** Every feature's tables with the part they belong to. */
    public static final List<Part.Tables> TABLES = List.of(UserService.TABLES, MonitorService.CONFIGURATION_TABLES,
            ResourceService.TABLES, CollectionService.TABLES, AnnotationService.TABLES, TaxonomyService.TABLES, CitationService.TABLES,
            InteractionService.TABLES, SearchModule.TABLES, DirectoryImporter.TABLES, MonitorService.CONTENT_TABLES);

    /** Every reference from content to configuration (no foreign key holds them in a split deployment). */
    public static final List<Part.CrossReference> CROSS_REFERENCES = java.util.stream.Stream.concat(
            java.util.stream.Stream.of(CollectionService.OWNER, AnnotationService.AUTHOR, InteractionService.USER),
            MonitorService.REFERENCES.stream()).toList();

    private final Databases databases;
    private final Database database;
    private final Map<Part, SchemaMigrator.Status> schemas;
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

    /**
     * Builds every feature on the database of its part: users and keys on the configuration part, the rest on
     * the content part (the monitor feature has tables in both). The local owner's adoption is published in
     * the configuration part's transaction; the content features' handlers run on the content part.
     */
    private Library(Settings settings, Databases databases, SharedCache cache, Map<Part, SchemaMigrator.Status> schemas, Observers observers) {
        this.databases = databases;
        this.database = databases.content();
        this.cache = cache;
        this.schemas = schemas;
        this.schema = schemas.get(Part.CONTENT);
        Database config = databases.of(Part.CONFIGURATION);
        DomainEvents events = new DomainEvents();
        ResourceLookup resourceStore = new ResourceLookup(database.dialect());
        this.resources = new ResourceService(database, resourceStore, clock, events);
        this.users = new UserService(config, clock, events, settings.auth() != AuthMode.OFF);
        this.collections = new CollectionService(database, resourceStore, resources, clock, users::requireKnown);
        this.interactions = new InteractionService(database, resourceStore, clock, users::requireKnown);
        this.taxonomy = new TaxonomyService(database, resourceStore, resources, clock);
        events.subscribe(ResourceEvent.Deleted.class, taxonomy::onResourceDeleted);
        this.annotations = new AnnotationService(database, resourceStore, clock, users::requireKnown);
        events.subscribe(ResourceEvent.Updated.class, annotations::onResourceUpdated);
        events.subscribe(LocalOwnerAdopted.class, onContent(collections::onLocalOwnerAdopted));
        events.subscribe(LocalOwnerAdopted.class, onContent(annotations::onLocalOwnerAdopted));
        events.subscribe(LocalOwnerAdopted.class, onContent(interactions::onLocalOwnerAdopted));
        this.citations = new CitationService(database, resourceStore, clock);
        this.search = search(settings.search(), resourceStore, events, observers.searchLatency());
        this.monitors = new MonitorModule(databases, search.service(), events, clock,
                new io.pharos.monitor.WebhookTargets(settings.access().webhookAllowPrivate()));
    }

    /** A content feature's handler of an event published in a configuration part's transaction. */
    private <E> DomainEvents.Handler<E> onContent(DomainEvents.Handler<E> handler) {
        return (h, e) -> databases.across(Part.CONFIGURATION, h, Part.CONTENT, c -> handler.on(c, e));
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
        Databases databases = Databases.open(settings, observers.database());
        Database database = databases.content();
        SharedCache cache = null;
        try {
            cache = settings.cache().enabled()
                    ? SharedCache.open(settings.cache(), database.read(h -> database.dialect().libraryIdentity(h)),
                            database.replicas().isPresent() ? Freshness.PRIMARY : Freshness.ANY)
                    : null;
            if (cache != null) databases.onCommit(cache);
            Map<Part, SchemaMigrator.Status> schemas = prepareSchemas(databases, settings.autoMigrate());
            new LibraryParts(databases).claimOrCheck();
            return new Library(settings, databases, cache, schemas, observers);
        } catch (RuntimeException e) {
            if (cache != null) cache.close();
            databases.close();
            throw e;
        }
    }

    /**
     * Brings each part's schema up (or refuses an out-of-date one), naming the part: both must be at this
     * server's version before it serves. The configuration part first: it is the small one.
     */
    private static Map<Part, SchemaMigrator.Status> prepareSchemas(Databases databases, boolean autoMigrate) {
        Map<Part, SchemaMigrator.Status> schemas = new java.util.EnumMap<>(Part.class);
        for (Part part : List.of(Part.CONFIGURATION, Part.CONTENT)) {
            Database db = databases.of(part);
            SchemaMigrator.Status existing = part == Part.CONTENT && !databases.isSplit() ? schemas.get(Part.CONFIGURATION) : null;
            schemas.put(part, existing != null ? existing : prepareSchema(db, autoMigrate, databases.isSplit() ? part : null));
        }
        return schemas;
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

    /**
     * Upgrades the schema, or with auto-migrate off refuses an out-of-date one naming the command to run
     * (and, in a split deployment, the {@code part} and the setting naming its database).
     */
    private static SchemaMigrator.Status prepareSchema(Database database, boolean autoMigrate, Part part) {
        SchemaMigrator migrator = new SchemaMigrator(database);
        if (autoMigrate) {
            migrator.upgrade();
        } else {
            SchemaMigrator.Status status = migrator.status();
            if (!status.isCurrent()) {
                String which = part == null ? "the schema" : "the " + part.label() + " part's schema (" + part.setting() + "="
                        + database.url().masked() + ")";
                throw new ConfigurationException("PHAROS_AUTO_MIGRATE", "is false and " + which + " is at "
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

    /** The tables of {@code part}, as every feature declares them. */
    public static List<String> tablesOf(Part part) {
        return TABLES.stream().filter(t -> t.part() == part).flatMap(t -> t.names().stream()).toList();
    }

    /** The tables of {@code part} that migrate copies: without those derived from others (rebuilt on the target instead). */
    public static List<String> copiedTablesOf(Part part, SearchSettings search) {
        List<String> derived = derivedIndexes(search).stream().flatMap(d -> d.derivedTables().stream()).toList();
        return tablesOf(part).stream().filter(t -> !derived.contains(t)).toList();
    }

    /**
     * {@code pharos migrate --part}: copies one part of a library ({@link #tablesOf} its tables, checksums as
     * for a whole library), and records in the target that it holds that part of the source's library (with
     * the other part when it holds that too: a library put back together). Refuses a source without the
     * part and a target holding a part of another library before copying.
     */
    public static MigrationReport migratePart(SearchSettings search, MigrateOptions o, Part part, Progress progress) {
        String id;
        try (Database source = Database.openReadOnly(MigrationService.settingsFor(o.from()));
             Database target = Database.open(MigrationService.settingsFor(o.to()))) {
            String sourceVersion = new SchemaMigrator(source).appliedVersion();
            new SchemaMigrator(target).upgradeTo(sourceVersion == null ? LibraryParts.FIRST_VERSION : sourceVersion);
            id = LibraryParts.checkPartMove(source, target, part);
        }
        MigrateOptions only = new MigrateOptions(o.from(), o.to(), o.dryRun(), o.resume(), o.truncate(), copiedTablesOf(part, search), List.of(),
                o.batchSize(), o.onError(), o.rejectFile(), o.reportFile(), o.batchDelayMillis());
        MigrationReport report = migration(search).run(only, progress);
        if (!o.dryRun()) {
            try (Database target = Database.open(MigrationService.settingsFor(o.to()))) {
                Set<Part> holds = LibraryParts.recordPartMove(target, part, id);
                List<String> notes = new java.util.ArrayList<>(report.notes());
                notes.add("the target now holds the " + String.join(" and ", holds.stream().map(Part::label).toList()) + " part"
                        + (holds.size() > 1 ? "s (a whole library)" : "") + " of library " + id);
                report = report.withNotes(notes);
            }
        }
        return report;
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

    /** The content part's database (the whole library's when not split). */
    public Database database() { return database; }
    /** The database of each part. */
    public Databases databases() { return databases; }
    /** The content part's schema (the whole library's when not split). */
    public SchemaMigrator.Status schema() { return schema; }
    /** Each part's schema as the server found it (the same status twice when not split). */
    public Map<Part, SchemaMigrator.Status> schemas() { return schemas; }
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
            databases.close();
        }
    }
}
