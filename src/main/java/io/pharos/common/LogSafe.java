package io.pharos.common;

import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementException;

import java.sql.SQLException;

/**
 * What may be written to a log about a failure or a request: control characters escaped (a value with
 * a newline cannot forge a log line), credentials masked, and database errors reduced to the statement
 * that failed and its SQLSTATE, never the values bound to it nor the server's message that may echo them.
 */
public final class LogSafe {
    private static final int STATEMENT_MAX = 160;
    private static final int DEPTH_MAX = 12;

    private LogSafe() {}

    /** {@code text} with control characters escaped ({@code \n}, {@code \u0000}, …) and secrets masked. */
    public static String text(String text) {
        if (text == null) return null;
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return Secrets.mask(b.toString());
    }

    /** One line about {@code e}: for a database error the statement and SQLSTATE, otherwise its message made safe. */
    public static String describe(Throwable e) {
        if (e instanceof StatementException se) {
            SQLException sql = sqlCause(se);
            return "statement failed" + (sql == null ? "" : " (" + code(sql) + ")") + statement(se.getStatementContext());
        }
        if (e instanceof SQLException sql) return code(sql);
        return text(e.getMessage());
    }

    /**
     * A copy of {@code e} and its causes fit for a log: the same classes named, the same stack traces, and
     * each message replaced by {@link #describe}.
     */
    public static Throwable forLog(Throwable e) {
        return copy(e, 0);
    }

    private static Throwable copy(Throwable e, int depth) {
        Throwable cause = e.getCause();
        Logged copy = new Logged(e.getClass().getName() + ": " + describe(e),
                cause != null && cause != e && depth < DEPTH_MAX ? copy(cause, depth + 1) : null);
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    /** "SQLSTATE 23505" (PostgreSQL), or "error code 19" where the driver gives no SQLSTATE (SQLite). */
    private static String code(SQLException e) {
        return e.getSQLState() != null ? "SQLSTATE " + e.getSQLState() : "error code " + e.getErrorCode();
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof SQLException s) return s;
        return null;
    }

    /** ": SELECT … FROM resources WHERE …" from the statement's SQL text (written in the code, never a value). */
    private static String statement(StatementContext ctx) {
        String sql = ctx == null ? null : ctx.getRawSql();
        if (sql == null) return "";
        String line = sql.strip().replaceAll("\\s+", " ");
        return ": " + text(line.length() > STATEMENT_MAX ? line.substring(0, STATEMENT_MAX) + "…" : line);
    }

    /** Stands in for a logged exception: its message says which class it was. */
    static final class Logged extends RuntimeException {
        Logged(String message, Throwable cause) {
            super(message, cause, false, true);
        }
    }
}
