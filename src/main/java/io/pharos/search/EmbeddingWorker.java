package io.pharos.search;

import io.pharos.common.LogSafe;
import io.pharos.db.Database;
import io.pharos.resource.ResourceId;
import io.pharos.search.embed.Embedder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Drains the {@code embedding_queue} table on a virtual thread: takes the oldest queued resources,
 * embeds their chunks that have none, stores the vectors and removes the queue entry once the resource
 * is complete. Pending work lives in the database, so it survives restarts; writes never wait for it.
 * A resource that fails {@link #MAX_ATTEMPTS} times stays queued with its last error (visible in the
 * queue depth) until the next reindex.
 */
public final class EmbeddingWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddingWorker.class);
    static final int MAX_ATTEMPTS = 5;
    private static final int BATCH_RESOURCES = 8;

    private final Database database;
    private final ChunkStore chunks;
    private final Embedder embedder;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private volatile boolean running;
    private Thread thread;

    public EmbeddingWorker(Database database, ChunkStore chunks, Embedder embedder) {
        this.database = database;
        this.chunks = chunks;
        this.embedder = embedder;
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

    /** Embeds one batch of queued resources; returns how many chunks it embedded. */
    public int drainOnce() {
        List<ResourceId> pending = database.read(h -> chunks.pending(h, BATCH_RESOURCES, MAX_ATTEMPTS));
        int embedded = 0;
        for (ResourceId id : pending) {
            if (!running && thread != null) break;
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
        return pending.isEmpty() ? 0 : Math.max(1, embedded);
    }

    private int embed(ResourceId id) {
        List<ChunkStore.Chunk> todo = database.read(h -> chunks.unembedded(h, id));
        float[][] vectors = todo.isEmpty() ? new float[0][] : embedder.embedDocuments(todo.stream().map(ChunkStore.Chunk::embeddingInput).toList());
        database.write(h -> {
            for (int i = 0; i < todo.size(); i++) SearchSql.forDatabase(database).setEmbedding(h, todo.get(i).id(), vectors[i]);
            chunks.doneIfComplete(h, id);
            return null;
        });
        return todo.size();
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
}
