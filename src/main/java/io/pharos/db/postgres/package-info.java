/**
 * PostgreSQL's implementations of the seam and of the interfaces features own (search SQL, backups
 * through pg_dump / pg_restore, bulk access by binary COPY), all package-private behind
 * {@link io.pharos.db.postgres.Postgres}, which {@code Dialect.forUrl} and the features' factories call. May depend on {@code db},
 * {@code common}, {@code config} and the interfaces it implements ({@code search.SearchSql},
 * {@code backup.Backups}, {@code migrate.bulk}); nothing else calls in here.
 */
package io.pharos.db.postgres;
