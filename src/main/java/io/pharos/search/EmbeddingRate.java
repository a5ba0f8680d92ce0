package io.pharos.search;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * This process's recent embedding rate: chunks embedded per second of embedding work (the model call and
 * storing the vectors; idle time between turns does not count), over the last {@link #WINDOW_NANOS}.
 * What {@code /health/ready} estimates the time to drain the queue from.
 */
final class EmbeddingRate {
    static final long WINDOW_NANOS = 300_000_000_000L;   // five minutes
    private static final int MAX_SAMPLES = 500;

    private record Sample(long at, int chunks, long nanos) {}

    private final Deque<Sample> samples = new ArrayDeque<>();

    /** {@code chunks} were embedded and stored in {@code nanos}. */
    synchronized void record(int chunks, long nanos) {
        if (chunks <= 0) return;
        samples.addLast(new Sample(System.nanoTime(), chunks, Math.max(1, nanos)));
        while (samples.size() > MAX_SAMPLES) samples.removeFirst();
    }

    /** Chunks per second over the window, or null when nothing was embedded in it. */
    synchronized Double chunksPerSecond() {
        long since = System.nanoTime() - WINDOW_NANOS;
        while (!samples.isEmpty() && samples.getFirst().at() < since) samples.removeFirst();
        if (samples.isEmpty()) return null;
        long chunks = 0, nanos = 0;
        for (Sample s : samples) {
            chunks += s.chunks();
            nanos += s.nanos();
        }
        return chunks * 1e9 / nanos;
    }
}
