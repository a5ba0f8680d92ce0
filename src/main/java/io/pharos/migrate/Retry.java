package io.pharos.migrate;

import io.pharos.common.PharosException;
import io.pharos.common.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;

/**
 * Runs a step again after a transient failure on either side (connection lost, server restarting,
 * serialization failure, SQLite busy), with exponential backoff: 0.5, 1, 2, 4, 8 s. The step itself
 * resumes from the target's checkpoint, so a retry neither loses nor repeats a committed batch.
 */
final class Retry {
    private static final Logger log = LoggerFactory.getLogger(Retry.class);
    static final int ATTEMPTS = 6;

    interface Step<T> {
        T run() throws SQLException;
    }

    private Retry() {}

    static <T> T run(String what, Endpoint a, Endpoint b, Step<T> step) {
        for (int attempt = 1; ; attempt++) {
            try {
                return step.run();
            } catch (PharosException e) {
                throw e;
            } catch (SQLException | RuntimeException e) {
                boolean retry = a.transientFailure(e) || b.transientFailure(e);
                if (!retry || attempt >= ATTEMPTS) {
                    throw new MigrationException(what + " failed" + (retry ? " after " + attempt + " attempts" : "") + ": "
                            + Secrets.mask(TableCopier.oneLine(rootMessage(e))), e);
                }
                long pause = 250L << attempt;
                log.warn("{} hit a transient failure ({}); retrying in {} ms (attempt {}/{})", what,
                        Secrets.mask(TableCopier.oneLine(rootMessage(e))), pause, attempt + 1, ATTEMPTS);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new MigrationException("interrupted while retrying " + what, ie);
                }
            }
        }
    }

    private static String rootMessage(Throwable t) {
        String m = t.getMessage();
        for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
            if (c instanceof SQLException && c.getMessage() != null) m = c.getMessage();
        }
        return String.valueOf(m);
    }
}
