package io.pharos.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

/**
 * Key values and whole rows as JSON: keys as read raw from the source (so a keyset read can continue after
 * them in a later process, and a rejected row is named even when its key itself is malformed), rows for the
 * reject file. Tagged where JSON alone would lose the Java type.
 */
final class KeyCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeyCodec() {}

    static String encodeKey(Object[] raw) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (Object o : raw) a.add(tagged(o));
        return a.toString();
    }

    static Object[] decodeKey(String text) {
        try {
            JsonNode a = JSON.readTree(text);
            Object[] out = new Object[a.size()];
            for (int i = 0; i < a.size(); i++) out[i] = untag(a.get(i));
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("corrupt checkpoint key " + text, e);
        }
    }

    private static JsonNode tagged(Object o) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (o == null) return f.nullNode();
        if (o instanceof String s) return f.textNode(s);
        if (o instanceof Long l) return f.numberNode(l);
        if (o instanceof Integer i) return f.numberNode((long) i);
        if (o instanceof Short s) return f.numberNode((long) s);
        if (o instanceof Boolean b) return f.booleanNode(b);
        ObjectNode t = f.objectNode();
        if (o instanceof Double d) t.put("double", Double.toString(d));
        else if (o instanceof Float d) t.put("double", Double.toString(d));
        else if (o instanceof UUID u) t.put("uuid", u.toString());
        else if (o instanceof Timestamp ts) t.put("timestamp", ts.toInstant().toString());
        else if (o instanceof OffsetDateTime odt) t.put("timestamp", odt.toInstant().toString());
        else if (o instanceof java.time.LocalDateTime ldt) t.put("local_timestamp", ldt.toString());
        else if (o instanceof java.sql.Date d) t.put("date", d.toLocalDate().toString());
        else if (o instanceof java.time.LocalDate d) t.put("date", d.toString());
        else if (o instanceof byte[] b) t.put("base64", Base64.getEncoder().encodeToString(b));
        else t.put("text", o.toString());
        return t;
    }

    private static Object untag(JsonNode n) {
        if (n.isNull()) return null;
        if (n.isTextual()) return n.asText();
        if (n.isIntegralNumber()) return n.asLong();
        if (n.isBoolean()) return n.asBoolean();
        if (n.has("double")) return Double.parseDouble(n.get("double").asText());
        if (n.has("uuid")) return UUID.fromString(n.get("uuid").asText());
        if (n.has("timestamp")) return OffsetDateTime.parse(n.get("timestamp").asText());
        if (n.has("local_timestamp")) return java.time.LocalDateTime.parse(n.get("local_timestamp").asText());
        if (n.has("date")) return java.time.LocalDate.parse(n.get("date").asText());
        if (n.has("base64")) return Base64.getDecoder().decode(n.get("base64").asText());
        return n.get("text").asText();
    }

    /** A row as a JSON object for the reject file: column → value (raw as the source holds it). */
    static ObjectNode row(java.util.List<String> columns, Object[] raw) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < columns.size(); i++) {
            Object v = raw[i];
            if (v instanceof float[] f) {
                ArrayNode a = o.putArray(columns.get(i));
                for (float x : f) a.add(x);
            } else if (v instanceof String || v instanceof Long || v instanceof Integer || v instanceof Boolean || v == null) {
                o.set(columns.get(i), tagged(v));
            } else if (v instanceof Double d) {
                o.put(columns.get(i), d);
            } else if (v instanceof OffsetDateTime t) {
                o.put(columns.get(i), t.toString());
            } else if (v instanceof java.time.LocalDateTime t) {
                o.put(columns.get(i), t.toString());
            } else if (v instanceof Timestamp t) {
                o.put(columns.get(i), t.toInstant().toString());
            } else if (v instanceof java.time.LocalDate || v instanceof java.sql.Date) {
                o.put(columns.get(i), v.toString());
            } else if (v instanceof UUID u) {
                o.put(columns.get(i), u.toString());
            } else {
                o.set(columns.get(i), tagged(v));
            }
        }
        return o;
    }
}
