package io.pharos.monitoring;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Lets a warning through at most once per interval and counts the ones held back in between. */
final class Throttle {
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long lastNanos;
    private boolean fired;
    private long suppressed;

    Throttle(Duration interval, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Returns -1 when the warning must be held back, else how many were held back since the last one. */
    synchronized long tryFire() {
        long now = nanoClock.getAsLong();
        if (fired && now - lastNanos < intervalNanos) {
            suppressed++;
            return -1;
        }
        fired = true;
        lastNanos = now;
        long held = suppressed;
        suppressed = 0;
        return held;
    }
}
