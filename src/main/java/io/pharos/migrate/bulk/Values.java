package io.pharos.migrate.bulk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Value checks and forms shared by both databases' bulk access. */
public final class Values {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Values() {}

    public static java.util.UUID uuid(String column, String text) throws BadValueException {
        try {
            java.util.UUID u = java.util.UUID.fromString(text);
            if (!u.toString().equals(text)) throw new BadValueException(column, "'" + abbreviate(text) + "' is not a canonical lowercase UUID");
            return u;
        } catch (IllegalArgumentException e) {
            throw new BadValueException(column, "'" + abbreviate(text) + "' is not a UUID");
        }
    }

    /** Parses JSON strictly (one document, no trailing tokens); returns the tree. */
    public static JsonNode json(String column, String text) throws BadValueException {
        try {
            var parser = JSON.createParser(text);
            JsonNode node = JSON.readTree(parser);
            if (node == null || parser.nextToken() != null) throw new BadValueException(column, "is not one JSON document");
            return node;
        } catch (JsonProcessingException e) {
            throw new BadValueException(column, "is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadValueException(column, "is not valid JSON: " + e.getMessage());
        }
    }

    /** ISO-8601 date-time with an offset ({@code Z} or {@code +02:00}); the instant is kept exactly. */
    public static OffsetDateTime timestamp(String column, String text) throws BadValueException {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            String why = parses(iso(text), LocalDateTime::parse) ? ": it has none, and this column holds instants (timestamptz)" : "";
            throw new BadValueException(column, "'" + abbreviate(text) + "' is not an ISO-8601 timestamp with offset" + why);
        }
    }

    /**
     * A naive date-time, for a timestamp without time zone: ISO-8601 without an offset
     * ({@code 2026-01-31T10:15:30}, seconds and fraction optional), or with a space for the {@code T}
     * (SQLite's {@code datetime()} and {@code CURRENT_TIMESTAMP} form). Kept as it is, never shifted to a
     * time zone. A value with an offset is refused: dropping the offset would change the time it names.
     */
    public static LocalDateTime localTimestamp(String column, String text) throws BadValueException {
        String iso = iso(text);
        try {
            return LocalDateTime.parse(iso);
        } catch (DateTimeParseException e) {
            if (parses(iso, OffsetDateTime::parse)) {
                throw new BadValueException(column, "'" + abbreviate(text) + "' has an offset, which a timestamp without time zone cannot keep");
            }
            throw new BadValueException(column, "'" + abbreviate(text) + "' is not an ISO-8601 date-time without offset");
        }
    }

    /** SQLite's text form of a naive date-time: {@code 2026-01-31 10:15:30}, then {@code .123} or {@code .123456} if it has a fraction. */
    public static String localTimestampText(LocalDateTime t) {
        String base = LOCAL.format(t);
        if (t.getNano() == 0) return base;
        return t.getNano() % 1_000_000 == 0 ? base + String.format(".%03d", t.getNano() / 1_000_000) : base + String.format(".%06d", t.getNano() / 1000);
    }

    private static final java.time.format.DateTimeFormatter LOCAL = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    /** {@code text} with a space between date and time replaced by ISO-8601's {@code T}. */
    private static String iso(String text) {
        return text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
    }

    private static boolean parses(String text, java.util.function.Function<String, ?> parser) {
        try {
            parser.apply(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** An ISO-8601 calendar date ({@code 2026-01-31}). */
    public static java.time.LocalDate date(String column, String text) throws BadValueException {
        try {
            return java.time.LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadValueException(column, "'" + abbreviate(text) + "' is not an ISO-8601 date");
        }
    }

    public static float[] vectorFromLittleEndian(String column, byte[] bytes, int dimension) throws BadValueException {
        if (dimension > 0 && bytes.length != dimension * 4) {
            throw new BadValueException(column, "BLOB of " + bytes.length + " bytes is not " + dimension + " little-endian float32 values");
        }
        if (bytes.length % 4 != 0) throw new BadValueException(column, "BLOB of " + bytes.length + " bytes is not a float32 vector");
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return checkVector(column, v, dimension);
    }

    public static float[] checkVector(String column, float[] v, int dimension) throws BadValueException {
        if (dimension > 0 && v.length != dimension) throw new BadValueException(column, "vector has " + v.length + " dimensions, the column " + dimension);
        for (float f : v) {
            if (!Float.isFinite(f)) throw new BadValueException(column, "vector holds " + f + ", which pgvector refuses");
        }
        return v;
    }

    public static byte[] vectorToLittleEndian(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    /** Text PostgreSQL can store: no NUL character. */
    public static String noNul(String column, String text) throws BadValueException {
        int i = text.indexOf('\0');
        if (i >= 0) throw new BadValueException(column, "text holds a NUL character at position " + i + ", which PostgreSQL cannot store");
        return text;
    }

    public static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** A short name of a Java value's kind for messages. */
    public static String kind(Object o) {
        if (o instanceof byte[] b) return "a BLOB of " + b.length + " bytes";
        if (o instanceof String) return "TEXT";
        if (o instanceof Long || o instanceof Integer) return "INTEGER " + o;
        if (o instanceof Double) return "REAL " + o;
        return o.getClass().getSimpleName();
    }
}
