package io.pharos.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The stop sequence, run once: phase by phase, and in registration order within a phase.
 * {@link Phase#STOP_ACCEPTING}: HTTP refuses new connections and lets requests in flight finish within
 * {@code PHAROS_SHUTDOWN_TIMEOUT_MS}. {@link Phase#DRAIN}: features finish background work (e.g. the
 * embedding queue writes its checkpoint). {@link Phase#CLOSE}: monitors, metrics, and the database pool
 * last. A failing step is logged and the next one still runs.
 */
public final class Shutdown implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Shutdown.class);

    public enum Phase { STOP_ACCEPTING, DRAIN, CLOSE }

    private record Step(Phase phase, String name, AutoCloseable action) {}

    private final List<Step> steps = new ArrayList<>();
    private boolean done;

    /** Adds a step to {@code phase}, after the steps registered there before. */
    public synchronized Shutdown register(Phase phase, String name, AutoCloseable action) {
        if (done) throw new IllegalStateException("already shut down");
        steps.add(new Step(phase, name, action));
        return this;
    }

    /** Adds a drain hook: runs after HTTP stopped accepting and before the database closes. */
    public Shutdown onDrain(String name, AutoCloseable hook) {
        return register(Phase.DRAIN, name, hook);
    }

    /** Runs every step once, in order; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (done) return;
        done = true;
        long begin = System.nanoTime();
        log.info("shutting down: {} steps", steps.size());
        List<Step> ordered = new ArrayList<>(steps);
        ordered.sort(java.util.Comparator.comparing(Step::phase));   // stable: registration order within a phase
        for (Step step : ordered) {
            long start = System.nanoTime();
            try {
                step.action().close();
                log.debug("shutdown: {} done in {} ms", step.name(), (System.nanoTime() - start) / 1_000_000);
            } catch (Exception e) {
                log.error("shutdown: {} failed: {}", step.name(), io.pharos.common.LogSafe.describe(e), io.pharos.common.LogSafe.forLog(e));
            }
        }
        log.info("shut down in {} ms", (System.nanoTime() - begin) / 1_000_000);
    }
}
