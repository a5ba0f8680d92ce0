/**
 * The database seam and nothing else: {@link io.pharos.db.Database} (read and write paths, retries),
 * {@link io.pharos.db.Dialect} (the questions whose answers differ between SQLite and PostgreSQL),
 * {@link io.pharos.db.SchemaMigrator}, {@link io.pharos.db.Capabilities}, {@link io.pharos.db.Instrumentation}
 * and {@link io.pharos.db.Json}. It knows no feature's tables; it may depend on {@code config} and
 * {@code common}, and reaches the per-database dialects only through {@code db.sqlite} and {@code db.postgres}.
 */
package io.pharos.db;
