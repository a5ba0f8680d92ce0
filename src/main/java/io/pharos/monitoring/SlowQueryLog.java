package io.pharos.monitoring;

import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs statements slower than {@code PHAROS_SLOW_QUERY_MS} with their duration, their SQL text and the
 * calling feature (the first Pharos class on the stack outside the database layer, e.g.
 * {@code ResourceStore.list}). Only the statement text is logged, with its {@code :name} placeholders:
 * bound values never are (they may be private). Fast statements cost one clock comparison.
 */
public final class SlowQueryLog implements SqlLogger {
    private static final Logger log = LoggerFactory.getLogger(SlowQueryLog.class);
    private static final StackWalker STACK = StackWalker.getInstance();
    private static final int MAX_SQL_CHARS = 2000;

    private final Duration threshold;
    private final AtomicLong count = new AtomicLong();

    public SlowQueryLog(Duration threshold) {
        this.threshold = threshold;
    }

    @Override
    public void logAfterExecution(StatementContext ctx) {
        check(ctx, ctx.getCompletionMoment(), null);
    }

    @Override
    public void logException(StatementContext ctx, SQLException ex) {
        check(ctx, ctx.getExceptionMoment(), ex);
    }

    private void check(StatementContext ctx, Instant end, SQLException failure) {
        Instant start = ctx.getExecutionMoment();
        if (start == null || end == null) return;
        Duration took = Duration.between(start, end);
        if (took.compareTo(threshold) < 0) return;
        count.incrementAndGet();
        log.warn("slow query: {} ms{} in {}: {}", took.toMillis(),
                failure == null ? "" : " (failed, SQLSTATE " + failure.getSQLState() + ")", caller(), text(ctx));
    }

    /** Slow statements seen since start. */
    public long count() {
        return count.get();
    }

    public Duration threshold() {
        return threshold;
    }

    private static String text(StatementContext ctx) {
        String sql = ctx.getRenderedSql();
        if (sql == null) sql = ctx.getRawSql();
        if (sql == null) return "(unknown statement)";
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        return oneLine.length() > MAX_SQL_CHARS ? oneLine.substring(0, MAX_SQL_CHARS) + "…" : oneLine;
    }

    private static String caller() {
        return STACK.walk(frames -> frames
                .filter(f -> f.getClassName().startsWith("io.pharos.")
                        && !f.getClassName().startsWith("io.pharos.db.")
                        && !f.getClassName().equals(SlowQueryLog.class.getName()))
                .findFirst()
                .map(f -> simpleName(f.getClassName()) + "." + methodName(f.getMethodName()))
                .orElse("unknown caller"));
    }

    /** {@code lambda$list$3} → {@code list}. */
    private static String methodName(String name) {
        if (!name.startsWith("lambda$")) return name;
        String inner = name.substring("lambda$".length());
        int end = inner.lastIndexOf('$');
        return end > 0 ? inner.substring(0, end) : inner;
    }

    private static String simpleName(String className) {
        String s = className.substring(className.lastIndexOf('.') + 1);
        int lambda = s.indexOf('$');
        return lambda > 0 ? s.substring(0, lambda) : s;
    }
}
