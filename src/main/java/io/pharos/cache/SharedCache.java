package io.pharos.cache;

import io.pharos.common.LogSafe;
import io.pharos.config.CacheSettings;
import io.pharos.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The shared cache of one library over {@link RedisStore}, and the database's {@link Database.CommitListener}.
 *
 * <p>Never stale after a write: {@link #committed} bumps the generation after every commit, on the
 * writer's thread, before the write's response is sent; {@link #answer} reads the generation and the kept
 * answer in one round trip <em>before</em> computing, and keeps what it computed under that generation
 * only while it is still current. So an answer computed from data older than an acknowledged write is
 * kept, at most, under a generation no request reads once the write's bump is done.
 *
 * <p>Redis failing: each command waits at most the timeout; a failure logs one warning (again only after
 * a recovery), counts an error, and for {@link #RETRY_NANOS} reads bypass the cache without trying it
 * (writes still try their bump).
 * A bump that failed (the write had committed) leaves this instance owing one: it neither reads nor fills
 * the cache until a bump succeeded again (tried by the next request and every second in the background).
 */
public final class SharedCache implements ResponseCache, Database.CommitListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SharedCache.class);
    static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RedisStore store;
    private final String url;
    private final Freshness freshness;
    private final CacheSettings settings;
    private final LongAdder hits = new LongAdder(), misses = new LongAdder(), errors = new LongAdder(), bypasses = new LongAdder();
    /** Until when (System.nanoTime) requests go on without trying Redis; 0 when it answered last. */
    private volatile long downUntil;
    private volatile boolean available = true;
    /** Failed bumps not yet made good by a later successful one; the cache is not used while non-zero. */
    private final AtomicLong owedBumps = new AtomicLong();
    private final ScheduledExecutorService retry;

    private SharedCache(CacheSettings settings, String namespace, Freshness freshness) {
        this.settings = settings;
        this.store = new RedisStore(settings, namespace);
        this.url = settings.redis().masked();
        this.freshness = freshness;
        this.retry = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("pharos-cache-retry").unstarted(r));
        retry.scheduleWithFixedDelay(this::payOwedBump, 1, 1, TimeUnit.SECONDS);
    }

    /** The cache of the library named {@code identity} ({@link io.pharos.db.Dialect#libraryIdentity}), or null when off. */
    public static SharedCache open(CacheSettings settings, String identity, Freshness freshness) {
        if (!settings.enabled() || identity.isEmpty()) return null;
        SharedCache cache = new SharedCache(settings, namespace(identity), freshness);
        log.info("shared cache: {} (answers kept {} s, commands time out after {} ms)", cache.url, settings.ttl().toSeconds(), settings.timeout().toMillis());
        return cache;
    }

    static String namespace(String identity) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Answer answer(CacheKey key, Supplier<Answer> compute) {
        if (!usable()) {
            bypasses.increment();
            return compute.get();
        }
        RedisStore.Lookup found;
        try {
            found = store.lookup(key);
            recovered();
        } catch (RuntimeException e) {
            failed("reading", e);
            bypasses.increment();
            return compute.get();
        }
        if (found.answer().isPresent()) {
            hits.increment();
            return found.answer().get();
        }
        misses.increment();
        Answer computed = freshness.atLeast(found.generation(), compute);
        try {
            store.fill(found.generation(), key, computed);
        } catch (RuntimeException e) {
            failed("keeping an answer", e);
        }
        return computed;
    }

    /**
     * After every committed write, before the write returns: moves the generation on. Tried even while
     * reads bypass a Redis that failed a moment ago (a write waits at most the timeout for it), since
     * other instances may still be reading the cache: only a bump that really failed is owed.
     */
    @Override
    public void committed(long position) {
        try {
            store.bump(position);
            recovered();
        } catch (RuntimeException e) {
            owedBumps.incrementAndGet();
            failed("moving the generation on after a write", e);
        }
    }

    /** Redis answered lately and no bump is owed (paying one first if Redis may be back). */
    private boolean usable() {
        if (System.nanoTime() < downUntil) return false;
        return owedBumps.get() == 0 || payOwedBump();
    }

    private boolean payOwedBump() {
        long owed = owedBumps.get();
        if (owed == 0) return true;
        if (System.nanoTime() < downUntil) return false;
        try {
            store.bump(0);
            owedBumps.addAndGet(-owed);   // failures counted meanwhile stay owed
            recovered();
            return owedBumps.get() == 0;
        } catch (RuntimeException e) {
            failed("moving the generation on after a write", e);
            return false;
        }
    }

    private void failed(String doing, RuntimeException e) {
        errors.increment();
        downUntil = System.nanoTime() + RETRY_NANOS;
        if (available) {
            available = false;
            log.warn("shared cache {} unavailable ({}: {}); requests go on without it until it answers again", url, doing, LogSafe.describe(e));
        }
    }

    private void recovered() {
        downUntil = 0;
        if (!available) {
            available = true;
            log.info("shared cache {} answers again", url);
        }
    }

    public long hits() { return hits.sum(); }
    public long misses() { return misses.sum(); }
    public long errors() { return errors.sum(); }
    public long bypasses() { return bypasses.sum(); }

    /** For {@code /health/ready}: ok or unavailable (never failing readiness), with the counters. */
    public Map<String, Object> health() {
        boolean ok = usable();
        if (ok) {
            try {
                store.ping();
                recovered();
            } catch (RuntimeException e) {
                failed("ping", e);
                ok = false;
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("status", ok ? "ok" : "unavailable");
        report.put("url", url);
        report.put("ttl_seconds", settings.ttl().toSeconds());
        report.put("hits", hits());
        report.put("misses", misses());
        report.put("errors", errors());
        report.put("bypasses", bypasses());
        return report;
    }

    /** Pays a bump still owed (a last try), then closes the connections. */
    @Override
    public void close() {
        retry.shutdownNow();
        if (owedBumps.get() > 0) {
            downUntil = 0;
            if (!payOwedBump()) log.warn("shared cache {}: closing with a write's generation bump not made; other instances may serve older answers for up to {} s",
                    url, settings.ttl().toSeconds());
        }
        store.close();
    }
}
