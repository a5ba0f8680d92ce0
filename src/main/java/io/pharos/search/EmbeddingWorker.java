package io.pharos.search;

import io.pharos.common.LogSafe;
import io.pharos.db.Database;
import io.pharos.resource.ResourceId;
import io.pharos.search.embed.Embedder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Drains the {@code embedding_queue} table on a virtual thread: claims the oldest queued resources for a
 * lease ({@link SearchSql#claimQueued}), embeds their chunks that have none, a slice at a time, renewing
 * the lease before each slice, stores the vectors and removes the queue entry once the resource is
 * complete. Pending work lives in the database, so it survives restarts; writes never wait for it.
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
    private static final int BATCH_RESOURCES = 8;
    /** Chunks embedded between two lease renewals: a slice must take well under the lease. */
    static final int SLICE_CHUNKS = 32;

    private final Database database;
    private final ChunkStore chunks;
    private final Embedder embedder;
    private final SearchSql.Lease lease;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private volatile boolean running;
    private Thread thread;

    /** {@code lease}: how long a claim holds without renewal; the owner id names this process. */
    public EmbeddingWorker(Database database, ChunkStore chunks, Embedder embedder, Duration lease) {
        this.database = database;
        this.chunks = chunks;
        this.embedder = embedder;
        this.lease = new SearchSql.Lease(ownerId(), lease);
    }

    /** Host, process id and a random suffix: unique per worker, readable in {@code embedding_queue.claimed_by}. */
    private static String ownerId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException | RuntimeException e) {
                host = "localhost";
            }
        }
        return host + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
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

    /** Claims and embeds one batch of queued resources; returns how many chunks it embedded. */
    public int drainOnce() {
        List<UUID> claimed = database.write(h -> sql().claimQueued(h, lease, BATCH_RESOURCES, MAX_ATTEMPTS));
        int embedded = 0;
        for (int i = 0; i < claimed.size(); i++) {
            ResourceId id = new ResourceId(claimed.get(i));
            if (!running && thread != null) {
                release(claimed.subList(i, claimed.size()));
                break;
            }
            try {
                embedded += embed(id);
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

    /** Embeds the resource's chunks that have none, a slice per lease renewal; stops when the claim is lost. */
    private int embed(ResourceId id) {
        int embedded = 0;
        while (true) {
            List<ChunkStore.Chunk> todo = database.write(h -> sql().renewClaim(h, id.value(), lease) ? chunks.unembedded(h, id, SLICE_CHUNKS) : null);
            if (todo == null) return embedded;   // taken over, queued again or done elsewhere
            float[][] vectors = todo.isEmpty() ? new float[0][] : embedder.embedDocuments(todo.stream().map(ChunkStore.Chunk::embeddingInput).toList());
            boolean last = todo.size() < SLICE_CHUNKS;
            database.write(h -> {
                for (int i = 0; i < todo.size(); i++) sql().setEmbedding(h, todo.get(i).id(), vectors[i]);
                if (last) {
                    chunks.doneIfComplete(h, id);
                    chunks.release(h, id, lease.owner());   // still queued (re-chunked meanwhile): anyone may take it
                }
                return null;
            });
            embedded += todo.size();
            if (last) return embedded;
        }
    }

    private void release(List<UUID> ids) {
        try {
            database.write(h -> {
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
