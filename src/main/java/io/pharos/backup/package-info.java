/**
 * Backups and restores ({@code pharos backup}, {@code pharos restore}): file names, verification, retention and
 * the refusal to restore over a library. Owns its per-database interface; the implementations sit beside the
 * dialects. Depends on {@code db} and {@code common}.
 */
package io.pharos.backup;
