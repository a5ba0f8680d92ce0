package io.pharos.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads fields of a JSON request body with precise errors: every problem names its field. Strings with
 * a NUL character are refused (PostgreSQL cannot store them, and SQLite must hold the same data).
 */
public final class JsonInput {
    private final ObjectNode body;

    private JsonInput(ObjectNode body) {
        this.body = body;
    }

    /** Wraps a parsed body, refusing anything but an object and any field not in {@code allowed}. */
    public static JsonInput of(JsonNode node, Set<String> allowed) {
        if (node == null || !node.isObject()) throw InvalidInputException.badRequest("body", "must be a JSON object");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) throw InvalidInputException.field(name, "is not a known field");
        }
        return new JsonInput((ObjectNode) node);
    }

    public boolean has(String field) {
        return body.has(field);
    }

    /** The field is present with JSON null. */
    public boolean isNull(String field) {
        return body.has(field) && body.get(field).isNull();
    }

    /** An optional string of at most {@code max} characters; null when absent or null. */
    public String string(String field, int max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw InvalidInputException.field(field, "must be a string");
        return checkText(field, n.textValue(), max);
    }

    /** A required non-blank string of at most {@code max} characters. */
    public String requiredString(String field, int max) {
        String s = string(field, max);
        if (s == null || s.isBlank()) throw InvalidInputException.field(field, "is required and must not be blank");
        return s;
    }

    public Double number(String field, double min, double max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isNumber()) throw InvalidInputException.field(field, "must be a number");
        double v = n.doubleValue();
        if (!(v >= min && v <= max)) throw InvalidInputException.field(field, "must be between " + min + " and " + max);
        return v;
    }

    public Long integer(String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.canConvertToLong() || !n.isIntegralNumber()) throw InvalidInputException.field(field, "must be a whole number");
        return n.longValue();
    }

    /** An optional whole number from {@code min} to {@code max}. */
    public Long integer(String field, long min, long max) {
        Long v = integer(field);
        if (v != null && (v < min || v > max)) throw InvalidInputException.field(field, "must be a whole number from " + min + " to " + max);
        return v;
    }

    /** An optional boolean; null when absent or null. */
    public Boolean bool(String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isBoolean()) throw InvalidInputException.field(field, "must be true or false");
        return n.booleanValue();
    }

    /** An optional time or date as {@link Times} reads it; null when absent or null. */
    public java.time.Instant instant(String field) {
        String s = string(field, 40);
        if (s == null) return null;
        java.time.Instant t = Times.parse(s);
        if (t == null) throw InvalidInputException.field(field, Times.EXPECTED);
        return t;
    }

    /** An optional UUID; null when absent or null. */
    public java.util.UUID uuid(String field) {
        String s = string(field, 36);
        return s == null ? null : Ids.field(s, field);
    }

    /** An optional JSON object, returned as is; null when absent or null. */
    public ObjectNode object(String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isObject()) throw InvalidInputException.field(field, "must be a JSON object");
        if (n.toString().indexOf("\\u0000") >= 0) throw InvalidInputException.field(field, "must not contain the NUL character");
        return (ObjectNode) n;
    }

    /** An optional array of strings, each at most {@code maxLength}, at most {@code maxItems} of them. */
    public List<String> stringList(String field, int maxItems, int maxLength) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isArray()) throw InvalidInputException.field(field, "must be an array of strings");
        if (n.size() > maxItems) throw InvalidInputException.field(field, "must have at most " + maxItems + " items");
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode item : n) {
            if (!item.isTextual()) throw InvalidInputException.field(field, "must be an array of strings");
            out.add(checkText(field, item.textValue(), maxLength));
        }
        return List.copyOf(out);
    }

    static String checkText(String field, String s, int max) {
        if (s.length() > max) throw InvalidInputException.field(field, "must be at most " + max + " characters");
        if (s.indexOf('\0') >= 0) throw InvalidInputException.field(field, "must not contain the NUL character");
        return s;
    }
}
