package io.pharos.db;

/**
 * JSON text bound to a JSON column: {@code jsonb} on PostgreSQL, validated TEXT on SQLite.
 * Stores wrap serialized values in this type so each dialect can bind it its own way.
 */
public record Json(String text) {
}
