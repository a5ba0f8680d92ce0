package io.pharos.migrate;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Progress of a migration. On a terminal: an overall bar and one bar per table, with rows/s and ETA
 * (me.tongfei progressbar). Elsewhere (logs, CI): a plain line at most every {@value #PLAIN_EVERY_SECONDS} s.
 */
public class Progress implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Progress.class);
    static final int PLAIN_EVERY_SECONDS = 5;

    private final boolean interactive;
    private final Map<String, Long> totals = new ConcurrentHashMap<>();
    private long overallTotal;
    private long overallDone;
    private ProgressBar overall;
    private ProgressBar table;
    private String current;
    private long currentDone;
    private long lastLine;
    private final long started = System.nanoTime();

    Progress(boolean interactive) {
        this.interactive = interactive;
    }

    /** A progress for this process: bars when both stdin and stdout are a terminal. */
    public static Progress forConsole() {
        return new Progress(isTerminal());
    }

    /** Console.isTerminal() where the runtime has it (JDK 22+); before that a console exists only on a terminal. */
    private static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM")) || System.getenv("CI") != null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** No output at all (tests that run migrations in-process). */
    public static Progress silent() {
        return new Progress(false) {
            @Override void plan(Map<String, Long> t) {}
            @Override void start(String name) {}
            @Override void resumeAt(String name, long done) {}
            @Override void advance(String name, long n) {}
            @Override void rejected(String name, long n) {}
            @Override void finish(String name) {}
            @Override void verified(String name, long rows, long rejected, String checksum) {}
        };
    }

    void plan(Map<String, Long> tableTotals) {
        totals.putAll(tableTotals);
        overallTotal = tableTotals.values().stream().mapToLong(Long::longValue).sum();
        if (interactive) overall = bar("all tables", overallTotal);
    }

    void start(String name) {
        current = name;
        currentDone = 0;
        if (interactive) table = bar(name, totals.getOrDefault(name, 0L));
    }

    void resumeAt(String name, long done) {
        if (done <= currentDone) return;
        advance(name, done - currentDone);
    }

    void advance(String name, long n) {
        currentDone += n;
        overallDone += n;
        if (interactive) {
            table.stepBy(n);
            overall.stepBy(n);
            return;
        }
        long now = System.nanoTime();
        if (now - lastLine >= Duration.ofSeconds(PLAIN_EVERY_SECONDS).toNanos()) {
            lastLine = now;
            double seconds = Math.max((now - started) / 1e9, 1e-3);
            log.info("migrate: {} {}/{} rows; all tables {}/{} rows, {} rows/s", name, currentDone, totals.getOrDefault(name, 0L),
                    overallDone, overallTotal, Math.round(overallDone / seconds));
        }
    }

    /** A table passed validation: a log line in logs; on a terminal the final report says it. */
    void verified(String name, long rows, long rejected, String checksum) {
        if (interactive) log.debug("migrate: {} verified: {} rows, {} rejected, checksum {}", name, rows, rejected, checksum);
        else log.info("migrate: {} verified: {} rows, {} rejected, checksum {}", name, rows, rejected, checksum);
    }

    void rejected(String name, long n) {
        if (n > 0 && interactive) table.setExtraMessage(" rejected +" + n);
    }

    void finish(String name) {
        if (interactive && table != null) {
            table.close();
            table = null;
        } else if (!interactive) {
            log.info("migrate: {} copied", name);
        }
    }

    private static ProgressBar bar(String name, long total) {
        return new ProgressBarBuilder().setTaskName(name).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUnit(" rows", 1).showSpeed().setUpdateIntervalMillis(250).continuousUpdate().build();
    }

    @Override
    public void close() {
        if (table != null) table.close();
        if (overall != null) overall.close();
    }
}
