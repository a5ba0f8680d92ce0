package io.pharos.monitoring;

/**
 * One connection pool at one moment. HikariCP pools have a fixed maximum and no overflow, so
 * {@code active} never exceeds {@code max}; threads that cannot get a connection show as {@code waiting}.
 *
 * @param role        "read_write" (PostgreSQL: one pool), or "writer" / "reader" (SQLite)
 * @param size        connections open now (active + idle)
 * @param created     connections opened since start
 * @param timeouts    requests that gave up waiting for a connection since start (answered 503)
 * @param longWaits   acquisitions slower than the warning threshold since start
 */
public record PoolSnapshot(String name, String role, int size, int active, int idle, int waiting, int max,
                           long created, long timeouts, long longWaits) {

    /** Share of the maximum in use, 0..1. */
    public double usage() {
        return max == 0 ? 0 : (double) active / max;
    }
}
