package io.pharos.search;

import io.pharos.lifecycle.WorkerId;
import io.pharos.common.LogSafe;
import io.pharos.db.Database;
import io.pharos.resource.ResourceId;
import io.pharos.search.embed.Embedder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Drains the {@code embedding_queue} table on a virtual thread, in rounds that interleave resources: a
 * round claims the resources longest in line for a lease ({@link SearchSql#claimQueued}) and gives each
 * one turn of at most {@value #SLICE_CHUNKS} chunks (renewing the lease first); a resource with chunks
 * left goes to the back of the line, one that is complete leaves the queue. So a large document does not
 * hold back the resources queued after it: a small one waits for about one turn of the large one.
 * Pending work lives in the database, so it survives restarts; writes never wait for it.
 *
 * <p>Several instances on one PostgreSQL database share the queue: each claims different entries, so no
 * resource is embedded twice, and the entries of an instance that died are taken over once its lease
 * ({@code PHAROS_EMBEDDING_LEASE_MS}) runs out; the slices it stored are kept. A claim that is lost (the
 * lease ran out, or the resource was queued again) stops the work on that resource. On close, claimed
 * entries not started are released at once.
 *
 * <p>A resource that fails {@link #MAX_ATTEMPTS} times stays queued with its last error (visible in the
 * queue depth) until the next reindex.
 */
public final class EmbeddingWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddingWorker.class);
    static final int MAX_ATTEMPTS = 5;
    /** Resources given a turn per round. */
    static final int BATCH_RESOURCES = 8;
    /** Chunks of one resource embedded in one turn (between two lease renewals): a turn must take well under the lease. */
    static final int SLICE_CHUNKS = 32;

    private final Database database;
    private final ChunkStore chunks;
    private final Embedder embedder;
    private final SearchSql.Lease lease;
    private final EmbeddingRate rate = new EmbeddingRate();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private volatile boolean running;
    private Thread thread;

    /** {@code lease}: how long a claim holds without renewal; the owner id names this process. */
    public EmbeddingWorker(Database database, ChunkStore chunks, Embedder embedder, Duration lease) {
        this.database = database;
        this.chunks = chunks;
        this.embedder = embedder;
        this.lease = new SearchSql.Lease(WorkerId.next(), lease);
    }


    /** The id this worker's claims carry. */
    public String owner() {
        return lease.owner();
    }

    public void start() {
        running = true;
        thread = Thread.ofVirtual().name("pharos-embedding-worker").start(this::loop);
    }

    /** Asks the worker to look at the queue now rather than at its next poll. */
    public void wake() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (running) {
            int done;
            try {
                done = drainOnce();
            } catch (RuntimeException e) {
                log.warn("embedding worker: {}", LogSafe.describe(e));
                done = 0;
            }
            if (done == 0) sleep();
        }
    }

    private void sleep() {
        lock.lock();
        try {
            wake.await(250, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * One round: claims up to {@value #BATCH_RESOURCES} of the resources longest in line and gives each one
     * turn, at most {@value #SLICE_CHUNKS} of its chunks; a resource not complete after its turn goes to the
     * back of the line. Returns how many chunks it embedded (at least 1 when it claimed anything).
     */
    public int drainOnce() {
        List<UUID> claimed = database.writeBookkeeping(h -> sql().claimQueued(h, lease, BATCH_RESOURCES, MAX_ATTEMPTS));
        int embedded = 0;
        for (int i = 0; i < claimed.size(); i++) {
            ResourceId id = new ResourceId(claimed.get(i));
            if (!running && thread != null) {
                release(claimed.subList(i, claimed.size()));
                break;
            }
            try {
                embedded += turn(id);
            } catch (RuntimeException e) {
                log.warn("embedding resource {} failed: {}", id, LogSafe.describe(e));
                database.write(h -> {
                    chunks.failed(h, id, String.valueOf(e.getMessage()));
                    return null;
                });
            }
        }
        return claimed.isEmpty() ? 0 : Math.max(1, embedded);
    }

    /**
     * Embeds up to {@value #SLICE_CHUNKS} of the resource's chunks that have none, having renewed the lease
     * (nothing when the claim is lost: taken over, queued again or done elsewhere). Stores them with the
     * resource's next place: done and out of the queue, or, still incomplete, at the back of the line.
     */
    private int turn(ResourceId id) {
        List<ChunkStore.Chunk> todo = database.writeBookkeeping(h -> sql().renewClaim(h, id.value(), lease) ? chunks.unembedded(h, id, SLICE_CHUNKS + 1) : null);
        if (todo == null) return 0;
        boolean last = todo.size() <= SLICE_CHUNKS;
        List<ChunkStore.Chunk> slice = last ? todo : todo.subList(0, SLICE_CHUNKS);
        long start = System.nanoTime();
        float[][] vectors = slice.isEmpty() ? new float[0][] : embedder.embedDocuments(slice.stream().map(ChunkStore.Chunk::embeddingInput).toList());
        database.write(h -> {
            for (int i = 0; i < slice.size(); i++) sql().setEmbedding(h, slice.get(i).id(), vectors[i]);
            if (last) {
                chunks.doneIfComplete(h, id);
                chunks.release(h, id, lease.owner());   // still queued (re-chunked meanwhile): anyone may take it
            } else {
                chunks.backOfTheLine(h, id, lease.owner(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
            }
            return null;
        });
        rate.record(slice.size(), System.nanoTime() - start);
        return slice.size();
    }

    /** Chunks per second this worker embedded recently (model call and store), or null when it embedded nothing lately. */
    public Double recentRate() {
        return rate.chunksPerSecond();
    }

    private void release(List<UUID> ids) {
        try {
            database.writeBookkeeping(h -> {
                for (UUID id : ids) chunks.release(h, new ResourceId(id), lease.owner());
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("embedding worker: releasing {} claims failed ({}); they are taken over when the lease runs out", ids.size(), LogSafe.describe(e));
        }
    }

    /** Drains the whole queue in the calling thread (reindex, tests); returns chunks embedded. */
    public long drainAll(java.util.function.LongConsumer progress) {
        long total = 0;
        boolean wasRunning = running;
        running = true;
        try {
            while (true) {
                int n = drainOnce();
                if (n == 0) return total;
                total += n;
                progress.accept(total);
            }
        } finally {
            running = wasRunning;
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            wake();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Looked up per use: the database may be switched under the worker (a live migration). */
    private SearchSql sql() {
        return SearchSql.forDatabase(database);
    }
}
