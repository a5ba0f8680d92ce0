package io.pharos.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.pharos.common.PharosException;
import io.pharos.common.UnavailableException;
import io.pharos.config.DatabaseUrl;
import io.pharos.config.Settings;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The library's database: a read path and a write path over one {@link Dialect}.
 *
 * <p>{@link #write} runs a transaction; on SQLite all writes share one connection and a fair lock, so
 * concurrent API writers queue instead of failing with "database is locked". Transient failures
 * (serialization failures, deadlocks) are retried with exponential backoff and jitter, up to
 * {@link #MAX_ATTEMPTS} times: callbacks must therefore be safe to run again.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    static final int MAX_ATTEMPTS = 5;

    /**
     * One database behind this object: its URL, dialect, pools and Jdbi handles. Replaced as a whole by
     * {@link #switchTo} (a library moved by {@code pharos migrate --live}); every call reads it once.
     *
     * @param transactionSetup run first in every transaction (reads then run in one), or null: see {@link Dialect#transactionSetup}
     */
    private record Backend(DatabaseUrl url, Dialect dialect, HikariDataSource readPool, HikariDataSource writePool,
                           Jdbi reader, Jdbi writer, String transactionSetup, Replication replication) {
        static Backend of(DatabaseUrl url, Dialect dialect, HikariDataSource readPool, HikariDataSource writePool,
                          Instrumentation instrumentation, String transactionSetup) {
            Jdbi reader = jdbi(readPool, dialect, instrumentation);
            return new Backend(url, dialect, readPool, writePool, reader,
                    writePool == readPool ? reader : jdbi(writePool, dialect, instrumentation), transactionSetup,
                    dialect.replication().orElse(null));
        }

        void close() {
            if (readPool != writePool) readPool.close();
            writePool.close();
        }
    }

    private volatile Backend backend;
    /** Stable for callers that keep it: answers with the current backend's dialect. */
    private final Dialect dialect = new FollowingDialect(() -> backend.dialect());
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final Instrumentation instrumentation;

    private final Duration writeWait;
    private final java.util.function.LongConsumer writeLockWait;
    /** Where the library moved, when this server does not follow it (named in the refusal of its writes), or null. */
    private volatile String movedTo;
    private volatile CommitListener commits = CommitListener.NONE;
    /** The read replicas, or null when reads all go to the primary. */
    private volatile ReadReplicas replicas;
    /** Whether writes record their commit position in the caller's {@link ReadConsistency}: see {@link #trackCommitPositions}. */
    private volatile boolean trackCommits;

    private Database(DatabaseUrl url, Dialect dialect, HikariDataSource readPool, HikariDataSource writePool,
                     Instrumentation instrumentation, Duration writeWait, String transactionSetup) {
        this.backend = Backend.of(url, dialect, readPool, writePool, instrumentation, transactionSetup);
        this.instrumentation = instrumentation;
        this.writeWait = writeWait;
        this.writeLockWait = instrumentation.writeLockWait();
    }

    public static Database open(Settings settings) {
        return open(settings, Instrumentation.NONE);
    }

    /** Opens the pools with {@code instrumentation} installed before they start. */
    public static Database open(Settings settings, Instrumentation instrumentation) {
        Backend b = backend(settings, instrumentation);
        Database database = new Database(b.url(), b.dialect(), b.readPool(), b.writePool(), instrumentation, settings.connectionTimeout(), b.transactionSetup());
        if (settings.replicas().configured()) {
            // the settings allow read URLs on PostgreSQL only, which has replication
            try {
                database.replicas = ReadReplicas.open(b.dialect(), database.backend.replication(), settings, instrumentation);
            } catch (RuntimeException e) {
                database.close();
                throw e;
            }
            database.trackCommitPositions();
        }
        return database;
    }

    private static Backend backend(Settings settings, Instrumentation instrumentation) {
        DatabaseUrl url = settings.database();
        Dialect dialect = Dialect.forUrl(url);
        createParentDirectory(url.sqliteFile());
        HikariDataSource write = pool(dialect, url, settings, true, instrumentation);
        HikariDataSource read;
        try {
            read = dialect.serializesWrites() && !url.inMemory() ? pool(dialect, url, settings, false, instrumentation) : write;
        } catch (RuntimeException e) {
            write.close();
            throw e;
        }
        return Backend.of(url, dialect, read, write, instrumentation, dialect.transactionSetup(settings));
    }

    /**
     * Serves from the database of {@code settings} from now on (the library was moved there by {@code pharos
     * migrate --live}; its schema is already at this library's version). Calls that started on the old
     * database finish there; its pools close after {@code grace}. The SQLite write lock is kept, so writes
     * that queued for it go to the new database.
     */
    public void switchTo(Settings settings, Duration grace) {
        Backend next = backend(settings, instrumentation);
        Backend old;
        ReadReplicas oldReplicas;
        lockWrites();
        try {
            old = backend;
            oldReplicas = replicas;
            replicas = null;   // replicas of the old database: the target has none configured
            backend = next;
            trackCommits = trackCommits && next.replication() != null;
        } finally {
            writeLock.unlock();
        }
        if (oldReplicas != null) oldReplicas.close();
        log.info("database switched from {} to {}", old.url().masked(), next.url().masked());
        Thread closer = Thread.ofVirtual().name("close-" + old.url().masked()).unstarted(() -> {
            try {
                Thread.sleep(grace.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            old.close();
        });
        closer.start();
    }

    /**
     * Opens a library only to read it, leaving it byte for byte as it was (the source of a migration): one
     * pool of read-only connections ({@link Dialect#readOnlyPoolConfig}), no directory created, no schema
     * upgrade. Its {@link #write} and {@link #withWriteConnection} fail: the database refuses the writes.
     */
    public static Database openReadOnly(Settings settings) {
        DatabaseUrl url = settings.database();
        Dialect dialect = Dialect.forUrl(url);
        HikariDataSource pool = pool(dialect.readOnlyPoolConfig(url, settings), url, Instrumentation.NONE);
        return new Database(url, dialect, pool, pool, Instrumentation.NONE, settings.connectionTimeout(), dialect.transactionSetup(settings));
    }

    private static HikariDataSource pool(Dialect dialect, DatabaseUrl url, Settings settings, boolean writer, Instrumentation instrumentation) {
        return pool(dialect.poolConfig(url, settings, writer), url, instrumentation);
    }

    private static HikariDataSource pool(HikariConfig config, DatabaseUrl url, Instrumentation instrumentation) {
        if (instrumentation.poolMetrics() != null) config.setMetricsTrackerFactory(instrumentation.poolMetrics());
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw new UnavailableException("cannot connect to " + url.masked() + ": " + rootMessage(e), e);
        }
    }

    private static Jdbi jdbi(DataSource ds, Dialect dialect, Instrumentation instrumentation) {
        Jdbi jdbi = Jdbi.create(ds);
        dialect.installTypes(jdbi);
        jdbi.setSqlLogger(instrumentation.sqlLogger());
        return jdbi;
    }

    private static void createParentDirectory(Path file) {
        if (file == null || file.toAbsolutePath().getParent() == null) return;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new io.pharos.common.ConfigurationException("DATABASE_URL", "cannot create the directory for " + file + ": " + e.getMessage());
        }
    }

    /** The dialect of the database served now (it follows a {@link #switchTo}). */
    public Dialect dialect() { return dialect; }
    public DatabaseUrl url() { return backend.url(); }

    /** The pool readers use; on PostgreSQL the same pool serves writes. */
    public HikariDataSource readPool() { return backend.readPool(); }

    /** The pool writes (and schema migrations) use. */
    public HikariDataSource writePool() { return backend.writePool(); }

    /** Threads queued for the SQLite write lock (always 0 on PostgreSQL, whose writers wait in the pool). */
    public int writersWaiting() {
        return writeLock.getQueueLength();
    }

    /**
     * Runs a read. No transaction is opened beyond what each statement needs, except where connections
     * carry no session settings (behind PgBouncer): then one transaction that sets them first.
     */
    public <T> T read(HandleCallback<T, RuntimeException> work) {
        return read(ReadConsistency.current(), work);
    }

    /**
     * Runs a read that must see everything {@code consistency} needs: on a healthy replica that has replayed
     * past {@link ReadConsistency#needed()} when there are replicas and the scope allows them, else on the
     * primary. Reads made inside a {@link #write} callback always go to the primary.
     */
    public <T> T read(ReadConsistency consistency, HandleCallback<T, RuntimeException> work) {
        Backend b = backend;
        ReadReplicas r = replicas;
        return translate(b, () -> {
            if (r != null) {
                if (consistency.primaryOnly()) {
                    r.countPrimaryRead();
                } else {
                    ReadReplicas.Answer<T> answer = r.read(consistency.needed(), b.transactionSetup(), work);
                    if (answer.served()) return answer.value();
                }
            }
            if (b.transactionSetup() != null) return b.reader().inTransaction(h -> set(b, h, work));
            return b.reader().withHandle(work);
        });
    }

    /**
     * From now on every {@link #write} records its commit position in the caller's {@link ReadConsistency}
     * (one more statement after each commit): on with read replicas, and for anything else that serves data
     * not straight from the primary and must hold it to read-your-writes. Does nothing on SQLite.
     */
    public void trackCommitPositions() {
        trackCommits = backend.replication() != null;
    }

    /**
     * The primary's commit position now: at or past every write acknowledged so far (see
     * {@link Replication#committed}), or empty on a database without one (SQLite).
     */
    public java.util.Optional<CommitPosition> commitPosition() {
        Backend b = backend;
        Replication r = b.replication();
        if (r == null) return java.util.Optional.empty();
        return java.util.Optional.of(translate(b, () -> b.writer().withHandle(h -> {
            try {
                return r.committed(h.getConnection());
            } catch (SQLException e) {
                throw new org.jdbi.v3.core.ConnectionException(e);
            }
        })));
    }

    /** The read replicas, when {@code PHAROS_DB_READ_URLS} names any. */
    public java.util.Optional<ReadReplicas> replicas() {
        return java.util.Optional.ofNullable(replicas);
    }

    private static <T> T set(Backend b, Handle h, HandleCallback<T, RuntimeException> work) {
        h.execute(b.transactionSetup());
        return work.withHandle(h);
    }

    /**
     * Told after each write transaction committed, on the writer's thread, before {@link #write} returns
     * (so before the request that wrote answers): the shared cache moves to a new generation there.
     */
    @FunctionalInterface
    public interface CommitListener {
        CommitListener NONE = position -> {};

        /** {@code position}: the commit's position in the database's log when known, 0 when not. */
        void committed(long position);
    }

    /** Sets the one {@link CommitListener} (the composition root does, before the first write). */
    public void onCommit(CommitListener listener) {
        this.commits = listener;
    }

    /** Runs {@code work} in one transaction on the write path, retrying transient failures; then tells the {@link CommitListener}. */
    public <T> T write(HandleCallback<T, RuntimeException> work) {
        T result = writeRetrying(work);
        commits.committed(0);
        return result;
    }

    /**
     * A write no read answers with (queue claims, lease renewals, an API key's last-use stamp): as
     * {@link #write}, without telling the {@link CommitListener}, so the shared cache keeps its answers.
     */
    public <T> T writeBookkeeping(HandleCallback<T, RuntimeException> work) {
        return writeRetrying(work);
    }

    private <T> T writeRetrying(HandleCallback<T, RuntimeException> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                Backend b = backend;
                return translate(b, () -> writeOnce(b, work));
            } catch (TransientFailure e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new UnavailableException("the database kept reporting conflicts after " + attempt + " attempts", e.getCause());
                }
                backoff(attempt);
            }
        }
    }

    /**
     * Lends the raw write connection (e.g. to Liquibase), holding the write lock on SQLite so no
     * API write interleaves. The callback commits its own work.
     */
    public <T> T withWriteConnection(SchemaMigrator.ConnectionWork<T> work) {
        lockWrites();
        try (java.sql.Connection c = backend.writePool().getConnection()) {
            T result = work.run(c);
            commits.committed(0);   // a schema change or a restore changes answers too
            return result;
        } catch (SQLException e) {
            throw new UnavailableException("database error: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * One attempt. Reads the callback makes through {@link #read} go to the primary. With replicas, the commit
     * position is read after the commit returned, on the same connection, and recorded in the caller's
     * {@link ReadConsistency}: its later reads, and the client through the response, then need it.
     */
    private <T> T writeOnce(Backend b, HandleCallback<T, RuntimeException> work) {
        ReadConsistency caller = ReadConsistency.current();
        try (ReadConsistency.Scope ignored = ReadConsistency.PRIMARY.bind()) {
            if (!b.dialect().serializesWrites()) {
                try (Handle h = b.writer().open()) {
                    T result = b.transactionSetup() != null
                            ? h.inTransaction(t -> set(b, t, work))   // the setup names the isolation level
                            : h.inTransaction(TransactionIsolationLevel.READ_COMMITTED, work);
                    recordCommit(b, h, caller);
                    return result;
                }
            }
            lockWrites();
            try {
                Backend now = backend;   // a switch while this writer queued sends it to the new database
                if (now != b) return now.writer().inTransaction(work);
                return b.writer().inTransaction(work);
            } finally {
                writeLock.unlock();
            }
        }
    }

    private void recordCommit(Backend b, Handle h, ReadConsistency caller) {
        Replication r = b.replication();
        if (!trackCommits || r == null || caller.primaryOnly()) return;
        try {
            caller.wrote(r.committed(h.getConnection()));
        } catch (SQLException | RuntimeException e) {
            // committed, but its position is unknown: this scope's later reads go to the primary
            log.debug("could not read the commit position: {}", io.pharos.common.Secrets.mask(e.getMessage()));
            caller.wroteUnknown();
        }
    }

    /** Takes the SQLite write lock, waiting no longer than a request waits for a pooled connection. */
    private void lockWrites() {
        long start = System.nanoTime();
        try {
            if (!writeLock.tryLock(writeWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new UnavailableException("the database writer stayed busy for " + writeWait.toMillis() + " ms", null);
            }
            writeLockWait.accept(System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while waiting for the database writer", e);
        }
    }

    /** Records that the library moved to {@code where} (masked) and this server stays: its refused writes say so. */
    public void noteMoved(String where) {
        this.movedTo = where;
    }

    private <T> T translate(Backend b, java.util.function.Supplier<T> call) {
        Dialect dialect = b.dialect();
        try {
            return call.get();
        } catch (PharosException e) {
            throw e;
        } catch (RuntimeException e) {
            SQLException sql = findSql(e);
            if (sql != null && dialect.isWriteHeld(sql)) {
                throw new UnavailableException("writes are held for a few seconds while the library moves to another database; retry", e);
            }
            if (sql != null && dialect.isMoved(sql)) {
                throw new UnavailableException(movedTo == null
                        ? "the library moved to another database and this server is about to switch to it; retry"
                        : "the library moved to " + movedTo + " and this server does not follow it (PHAROS_LIVE_FOLLOW, "
                                + "PHAROS_LIVE_TARGET_URL): it only reads the copy left behind", e);
            }
            if (sql instanceof SQLTransientConnectionException) {
                throw new UnavailableException("no database connection became free in time", e);
            }
            if (sql != null && dialect.isTimeout(sql)) {
                throw new UnavailableException("the database statement took too long and was cancelled", e);
            }
            if (sql != null && dialect.isTransient(sql)) throw new TransientFailure(e);
            throw e;
        }
    }

    private static SQLException findSql(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s) return s;
        }
        return null;
    }

    private static void backoff(int attempt) {
        long base = 10L << attempt;                       // 20, 40, 80, 160 ms
        long sleep = base + ThreadLocalRandom.current().nextLong(base);
        try {
            Thread.sleep(sleep);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while retrying a transaction", e);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) c = c.getCause();
        return io.pharos.common.Secrets.mask(c.getMessage());
    }

    @Override
    public void close() {
        ReadReplicas r = replicas;
        if (r != null) r.close();
        Backend b = backend;
        b.close();
        log.debug("closed database {}", b.url().masked());
    }

    /** Marks a failure the write loop retries. */
    private static final class TransientFailure extends RuntimeException {
        TransientFailure(Throwable cause) {
            super(cause);
        }
    }
}
