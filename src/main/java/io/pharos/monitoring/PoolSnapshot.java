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

    /**
     * What an operator can do when this pool stays full. SQLite's pools are not sized by
     * PHAROS_DB_POOL_SIZE beyond 8 readers, and its writer is one connection by design.
     */
    public String remedy() {
        return switch (role) {
            case "writer" -> "SQLite takes one writer at a time: find the slow writes, or move the library to PostgreSQL ('pharos migrate')";
            case "reader" -> "SQLite reads use at most 8 connections: find the slow requests, or move the library to PostgreSQL ('pharos migrate')";
            default -> "raise PHAROS_DB_POOL_SIZE or find the slow requests";
        };
    }

    /** Share of the maximum in use, 0..1. */
    public double usage() {
        return max == 0 ? 0 : (double) active / max;
    }
}
