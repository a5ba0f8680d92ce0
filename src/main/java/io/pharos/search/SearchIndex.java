package io.pharos.search;

import io.pharos.db.Database;
import io.pharos.event.DomainEvents;
import io.pharos.resource.Resource;
import io.pharos.resource.ResourceEvent;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceLookup;
import org.jdbi.v3.core.Handle;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * Keeps the search index in step with resources. On every created resource, and on updates that change
 * its title, description or content, the resource's text is chunked ahead of the write (outside the
 * transaction: {@link DomainEvents#prepare}) and the chunks are stored inside the same write transaction
 * (the keyword indexes follow: FTS5 triggers on SQLite, the generated tsvector on PostgreSQL) and queued for
 * embedding in the {@code embedding_queue} table (unless embeddings are off: then {@code pharos reindex}
 * after turning them on embeds everything), which the {@link EmbeddingWorker} drains. Deletes
 * cascade to chunks, queue entries and clicks.
 */
public final class SearchIndex {
    private final Database database;
    private final ChunkStore chunks;
    private final ResourceLookup resources;
    private final Chunker chunker;
    private final Clock clock;
    private final int hnswM;
    private final int hnswEfConstruction;
    private final boolean embeddings;

    /** {@code embeddings}: queue resources for embedding (false when semantic search is off). */
    public SearchIndex(Database database, ChunkStore chunks, ResourceLookup resources, Chunker chunker, Clock clock,
                       int hnswM, int hnswEfConstruction, boolean embeddings) {
        this.database = database;
        this.chunks = chunks;
        this.resources = resources;
        this.chunker = chunker;
        this.clock = clock;
        this.hnswM = hnswM;
        this.hnswEfConstruction = hnswEfConstruction;
        this.embeddings = embeddings;
    }

    public void subscribe(DomainEvents events) {
        events.subscribe(ResourceEvent.Created.class, (e, into) -> prepare(e.resource(), into),
                (h, e, prepared) -> index(h, e.resource(), prepared));
        events.subscribe(ResourceEvent.Updated.class, (e, into) -> { if (changesText(e)) prepare(e.after(), into); },
                (h, e, prepared) -> { if (changesText(e)) index(h, e.after(), prepared); });
    }

    private static boolean changesText(ResourceEvent.Updated e) {
        return !Objects.equals(textOf(e.before()), textOf(e.after())) || !e.before().title().equals(e.after().title());
    }

    /** What a resource's chunks are computed from: its title, description and content. */
    private record ChunkInput(String title, String description, String content) {
        static ChunkInput of(Resource r) {
            return new ChunkInput(r.title(), r.description(), r.content());
        }
    }

    /** Chunks {@code r}'s text ahead of the write that stores it (the CPU-heavy part, outside the write lock). */
    private void prepare(Resource r, DomainEvents.Prepared into) {
        ChunkInput key = ChunkInput.of(r);
        if (into.get(key, Chunks.class) == null) into.put(key, new Chunks(newChunks(r)));
    }

    /** A resource's chunks, computed ahead. */
    private record Chunks(List<ChunkStore.NewChunk> list) {}

    /** Re-chunks {@code r} and queues it for embedding, in the caller's transaction. */
    public void index(Handle h, Resource r) {
        index(h, r, DomainEvents.Prepared.NONE);
    }

    /** Stores {@code r}'s chunks (the ones prepared ahead when they were made from the same text) and queues it. */
    private void index(Handle h, Resource r, DomainEvents.Prepared prepared) {
        Chunks ahead = prepared.get(ChunkInput.of(r), Chunks.class);
        chunks.replace(h, r, ahead != null ? ahead.list() : newChunks(r));
        if (embeddings) chunks.enqueue(h, r.id(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    /** The chunks of {@code r}'s text, with their token counts. */
    private List<ChunkStore.NewChunk> newChunks(Resource r) {
        return pieces(r).stream().map(p -> ChunkStore.NewChunk.of(r.title(), p)).toList();
    }

    /** The chunks of {@code r}'s text. */
    List<Chunker.Piece> pieces(Resource r) {
        return chunker.split(r.title(), textOf(r));
    }

    /** What is chunked: the description then the content; the title alone when both are empty. */
    static String textOf(Resource r) {
        String d = r.description() == null ? "" : r.description().strip();
        String c = r.content() == null ? "" : r.content().strip();
        String text = d.isEmpty() ? c : c.isEmpty() ? d : d + "\n\n" + c;
        return text.isEmpty() ? r.title() : text;
    }

    /**
     * Rebuilds the derived indexes from the regular tables (after a copy between databases, say):
     * SQLite's FTS5 tables, PostgreSQL's HNSW index with the configured m / ef_construction.
     */
    public void rebuild(Handle h) {
        SearchSql.forDatabase(database).rebuild(h, hnswM, hnswEfConstruction);
    }

    public void rebuild() {
        database.write(h -> {
            rebuild(h);
            return null;
        });
    }

    /**
     * Re-chunks every resource (new chunks have no embedding) and queues all of them for embedding again,
     * a hundred at a time, each hundred chunked before the write that stores it; reports progress per resource.
     */
    public long rechunkAll(LongConsumer progress) {
        List<UUID> ids = database.read(h -> h.createQuery("SELECT id FROM resources ORDER BY id").mapTo(UUID.class).list());
        long done = 0;
        for (int from = 0; from < ids.size(); from += 100) {
            List<UUID> batch = ids.subList(from, Math.min(ids.size(), from + 100));
            DomainEvents.Prepared prepared = new DomainEvents.Prepared();   // chunked before the write; re-read inside it
            List<Resource> current = database.read(h -> batch.stream().flatMap(id -> resources.find(h, new ResourceId(id)).stream()).toList());
            for (Resource r : current) prepare(r, prepared);
            database.write(h -> {
                for (UUID id : batch) resources.find(h, new ResourceId(id)).ifPresent(r -> index(h, r, prepared));
                return null;
            });
            done += batch.size();
            progress.accept(done);
        }
        return ids.size();
    }

    public long resourceCount() {
        return database.read(resources::count);
    }

    public long chunkCount() {
        return database.read(chunks::countChunks);
    }

    public long queueDepth() {
        return database.read(chunks::queueDepth);
    }

    /** Chunks of queued resources still without an embedding. */
    public long queuedChunks() {
        return database.read(chunks::queuedChunks);
    }
}
