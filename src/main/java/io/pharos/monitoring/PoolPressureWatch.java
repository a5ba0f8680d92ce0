package io.pharos.monitoring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Samples the pools every {@code interval} and logs a warning, with the numbers, when a pool has stayed
 * above {@link #THRESHOLD} in use for {@code sustain}: at most once per {@code warningInterval} per pool,
 * never per request.
 */
public final class PoolPressureWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PoolPressureWatch.class);
    static final double THRESHOLD = 0.9;

    private final Supplier<List<PoolSnapshot>> pools;
    private final Duration sustain;
    private final Duration warningInterval;
    private final LongSupplier nanoClock;
    private final Map<String, Long> highSince = new HashMap<>();
    private final Map<String, Throttle> throttles = new HashMap<>();
    private ScheduledExecutorService timer;

    public PoolPressureWatch(Supplier<List<PoolSnapshot>> pools, Duration sustain, Duration warningInterval, LongSupplier nanoClock) {
        this.pools = pools;
        this.sustain = sustain;
        this.warningInterval = warningInterval;
        this.nanoClock = nanoClock;
    }

    /** Starts sampling on a daemon thread. */
    public synchronized void start(Duration interval) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pharos-pool-watch");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::checkSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            log.debug("pool sample failed", e);
        }
    }

    /** Takes one sample; returns how many warnings it logged. */
    public synchronized int check() {
        long now = nanoClock.getAsLong();
        int warned = 0;
        for (PoolSnapshot p : pools.get()) {
            if (p.usage() <= THRESHOLD) {
                highSince.remove(p.name());
                continue;
            }
            long since = highSince.computeIfAbsent(p.name(), n -> now);
            if (now - since < sustain.toNanos()) continue;
            long held = throttles.computeIfAbsent(p.name(), n -> new Throttle(warningInterval, nanoClock)).tryFire();
            if (held < 0) continue;
            warned++;
            log.warn("database pool {} has been above {}% in use for {} s: in use {} of max {}, idle {}, threads waiting {}, "
                            + "connection timeouts since start {}; {}",
                    p.name(), (int) (THRESHOLD * 100), (now - since) / 1_000_000_000L, p.active(), p.max(), p.idle(),
                    p.waiting(), p.timeouts(), p.remedy());
        }
        return warned;
    }

    @Override
    public synchronized void close() {
        if (timer != null) timer.shutdownNow();
    }
}
