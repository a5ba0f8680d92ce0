/**
 * What the migration engine needs from each database to copy whole tables: {@link io.pharos.migrate.bulk.BulkAccess}
 * (obtained from {@code BulkAccess.forDatabase}, the one switch on the database kind), the catalogue types
 * ({@code TableDef}, {@code ColumnDef}, {@code ColumnType}, {@code ForeignKeyDef}), {@code RowWriter}, and
 * the value checks shared by both sides ({@code Values}, {@code BadValueException}). Implemented in
 * {@code db.sqlite} and {@code db.postgres}, whose doors the factory calls; otherwise depends on {@code db} only.
 */
package io.pharos.migrate.bulk;
