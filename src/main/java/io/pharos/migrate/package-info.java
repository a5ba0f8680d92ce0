/**
 * {@code pharos migrate}: copies a library between databases (plan in foreign-key order, keyset copy with
 * checkpoints, row hashes, validation, rejects, retries, progress, report) and rebuilds the derived indexes
 * features declare. Depends on {@code db}, {@code config} and {@code common}.
 */
package io.pharos.migrate;
