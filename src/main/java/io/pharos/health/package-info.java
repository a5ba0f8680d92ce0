/**
 * {@code /health} (liveness) and {@code /health/ready} (database, schema, search sections). Depends on {@code db}.
 */
package io.pharos.health;
