package io.pharos.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;

/**
 * JSON text bound to a JSON column: {@code jsonb} on PostgreSQL, validated TEXT on SQLite.
 * Stores wrap serialized values in this type so each dialect can bind it its own way.
 */
public record Json(String text) {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    /** A JSON array of strings, ready to bind. */
    public static Json ofStrings(List<String> values) {
        try {
            return new Json(MAPPER.writeValueAsString(values));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a stored JSON array of strings (null reads as empty); {@code column} names it if it is not one. */
    public static List<String> strings(String text, String column) {
        try {
            return text == null ? List.of() : MAPPER.readValue(text, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + column + " is not a JSON array of strings: " + text, e);
        }
    }
}
