package io.pharos.db;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import org.jdbi.v3.core.statement.SqlLogger;

/**
 * What observes the database from outside: pool metrics (set on each pool before it starts) and a
 * statement logger (set on each Jdbi). {@link #NONE} for commands that need neither.
 */
public record Instrumentation(MetricsTrackerFactory poolMetrics, SqlLogger sqlLogger) {
    public static final Instrumentation NONE = new Instrumentation(null, SqlLogger.NOP_SQL_LOGGER);
}
