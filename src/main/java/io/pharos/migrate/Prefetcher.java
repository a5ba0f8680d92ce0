package io.pharos.migrate;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Reads the next keyset batch on a second thread while the caller writes the current one, so reading
 * (and decoding, hashing) the source overlaps writing the target. At most two batches are in memory.
 */
final class Prefetcher implements AutoCloseable {
    interface Fetch {
        List<TableReader.Row> after(Object[] key) throws SQLException;
    }

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pharos-migrate-reader");
        t.setDaemon(true);
        return t;
    });
    private final Fetch fetch;
    private Future<List<TableReader.Row>> pending;

    Prefetcher(Fetch fetch, Object[] start) {
        this.fetch = fetch;
        this.pending = thread.submit(() -> fetch.after(start));
    }

    /** The next batch (empty at the end); starts reading the one after it. */
    List<TableReader.Row> next() throws SQLException {
        if (pending == null) return List.of();
        List<TableReader.Row> rows = await(pending);
        if (rows.isEmpty()) {
            pending = null;
        } else {
            Object[] last = rows.get(rows.size() - 1).rawKey();
            pending = thread.submit(() -> fetch.after(last));
        }
        return rows;
    }

    private static List<TableReader.Row> await(Future<List<TableReader.Row>> f) throws SQLException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException("interrupted while reading", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException s) throw s;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Waits for a read under way (its connection is about to be closed), then stops the thread. */
    @Override
    public void close() {
        if (pending != null) {
            try {
                pending.get();
            } catch (Exception ignored) {
                // the caller is already failing or done; the read's outcome no longer matters
            }
        }
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
