/**
 * Watching the database from outside: pool metrics and long waits, pool pressure, slow statements, and
 * {@code /monitoring/database}. Depends on {@code db}, {@code http} and {@code metrics}.
 */
package io.pharos.monitoring;
