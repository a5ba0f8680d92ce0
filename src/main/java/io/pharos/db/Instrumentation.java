package io.pharos.db;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import org.jdbi.v3.core.statement.SqlLogger;

import java.util.function.LongConsumer;

/**
 * What observes the database from outside: pool metrics (set on each pool before it starts), a
 * statement logger (set on each Jdbi), and {@code writeLockWait}, told how many nanoseconds each write
 * waited for the write lock (SQLite only). {@link #NONE} for commands that need none.
 */
public record Instrumentation(MetricsTrackerFactory poolMetrics, SqlLogger sqlLogger, LongConsumer writeLockWait) {
    public static final Instrumentation NONE = new Instrumentation(null, SqlLogger.NOP_SQL_LOGGER, nanos -> {});
}
