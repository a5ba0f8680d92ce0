package io.pharos.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.util.Locale;

/**
 * Progress of a long command: a bar with rate and ETA on a terminal, otherwise a plain line every
 * {@value #PLAIN_EVERY_SECONDS} s (logs, CI), or nothing when quiet.
 */
final class CliProgress implements AutoCloseable {
    static final int PLAIN_EVERY_SECONDS = 5;

    private final String task;
    private final long total;
    private final ProgressBar bar;
    private final boolean quiet;
    private final long started = System.nanoTime();
    private long lastPrinted = System.nanoTime();

    CliProgress(String task, long total, boolean quiet) {
        this.task = task;
        this.total = total;
        this.quiet = quiet;
        this.bar = !quiet && isTerminal()
                ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                        .showSpeed().setConsumer(new ConsoleProgressBarConsumer(System.err)).build()
                : null;
    }

    /** {@code done} of {@code total} units finished; {@code detail} is appended to plain lines. */
    void at(long done, String detail) {
        if (bar != null) {
            bar.stepTo(done);
            return;
        }
        long now = System.nanoTime();
        if (quiet || now - lastPrinted < PLAIN_EVERY_SECONDS * 1_000_000_000L) return;
        lastPrinted = now;
        double rate = done / Math.max(1e-9, (now - started) / 1e9);
        long eta = rate > 0 ? (long) ((total - done) / rate) : -1;
        System.err.printf(Locale.ROOT, "%s: %d/%d (%.0f/s, eta %ds)%s%n", task, done, total, rate, eta, detail.isEmpty() ? "" : ", " + detail);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }

    /** A terminal on both ends (Console.isTerminal on JDK 22+; on 21 a console exists only on a terminal). */
    private static boolean isTerminal() {
        java.io.Console c = System.console();
        if (c == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
