/**
 * The Micrometer registry scraped at {@code /metrics} (Prometheus text), gauges and the search latency timer.
 * Depends on {@code http} for its route and {@code db} for the read replicas' meters.
 */
package io.pharos.metrics;
